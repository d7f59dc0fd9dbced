from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.utils import timezone


def render(template: str, **context) -> str:
    return Template(template).render(Context(context))


def test_dates_are_written_day_month_year():
    assert render("{{ d|date }}", d=date(2026, 11, 22)) == "22 Nov 2026"


def test_times_are_in_london_on_the_24_hour_clock():
    summer_utc = datetime(2026, 7, 1, 21, 5, tzinfo=ZoneInfo("UTC"))
    with timezone.override("Europe/London"):
        assert render('{{ t|date:"DATETIME_FORMAT" }}', t=summer_utc) == "1 Jul 2026, 22:05"
