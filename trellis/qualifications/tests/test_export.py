from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from trellis.qualifications.models import (
    AdditionalQualification,
    EnglishMaths,
    SafeguardingQualification,
)
from trellis.qualifications.tests.test_views import EVERYONE, SEES_AMARA
from trellis.qualifications.views import QUALIFICATION_HEADINGS
from trellis.testing.tables import csv_rows, filename, xlsx_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 6, 1), tick=False):
        yield


def url(people, fmt: str) -> str:
    return reverse(
        "qualifications:qualifications_export", args=[people.amara_apprenticeship.pk, fmt]
    )


@pytest.fixture
def qualifications(people):
    apprenticeship = people.amara_apprenticeship
    people.amara.date_of_birth = date(2000, 5, 1)
    people.amara.save()
    SafeguardingQualification.objects.create(
        apprenticeship=apprenticeship,
        achieved_on=date(2026, 2, 1),
        certificate_reference="SG-123",
        recorded_by=people.carl,
    )
    EnglishMaths.objects.create(
        apprenticeship=apprenticeship,
        subject=EnglishMaths.Subject.MATHS,
        employer_requires=True,
        functional_skills_level_2_result=EnglishMaths.Result.PASSED,
        functional_skills_level_2_date=date(2026, 4, 20),
        recorded_by=people.carl,
    )
    AdditionalQualification.objects.create(
        apprenticeship=apprenticeship,
        title="-Award in Education and Training",
        awarding_body="City Awards",
        recorded_by=people.carl,
    )
    AdditionalQualification.objects.create(
        apprenticeship=people.bea_apprenticeship, title="Bea's award", recorded_by=people.carl
    )
    return people


def test_the_qualifications_read_back_from_csv_in_the_tab_s_order(client, qualifications):
    client.force_login(qualifications.carl)
    response = client.get(url(qualifications, "csv"))
    assert filename(response) == "qualifications-amara-example-2026-06-01.csv"
    headings, safeguarding, english, maths, award = csv_rows(response)
    assert tuple(headings) == QUALIFICATION_HEADINGS
    assert safeguarding == [
        "Level 1 Safeguarding",
        "",
        "Achieved",
        "2026-02-01",
        "Certificate number SG-123",
        "No",
    ]
    # Aged 25 at the start, and the employer has not asked for English: not needed.
    assert english[:4] == ["English", "", "Optional", ""]
    assert english[4]
    assert english[5] == "No"
    assert maths[:4] == ["Maths", "", "Achieved", "2026-04-20"]
    assert maths[5] == "No"
    assert award == [
        "'-Award in Education and Training",
        "City Awards",
        "In progress",
        "",
        "",
        "Yes",
    ]


def test_the_page_s_status_and_reason_are_the_download_s(client, qualifications):
    client.force_login(qualifications.carl)
    page = client.get(
        reverse("qualifications:index", args=[qualifications.amara_apprenticeship.pk])
    )
    english = page.context["overview"].subjects[0]
    rows = xlsx_rows(client.get(url(qualifications, "xlsx")))
    assert rows[2][2:5] == (english.status.label, None, english.status.reason)
    assert rows[1][3] == datetime(2026, 2, 1)


def test_a_new_apprentice_s_download_says_what_is_still_needed(client, people):
    client.force_login(people.carl)
    _headings, safeguarding, english, maths = csv_rows(client.get(url(people, "csv")))
    assert safeguarding[2:] == ["Required", "", "", "Yes"]
    # No date of birth: English and maths wait on it, and are still needed.
    assert (english[2], english[5]) == ("Date of birth needed", "Yes")
    assert (maths[2], maths[5]) == ("Date of birth needed", "Yes")


@pytest.mark.parametrize("name", sorted(EVERYONE))
def test_only_the_people_who_see_the_tab_download_it(client, qualifications, name):
    client.force_login(getattr(qualifications, name))
    response = client.get(url(qualifications, "csv"))
    assert response.status_code == (200 if name in SEES_AMARA else 404)
    if response.status_code == 200:
        assert "Bea's award" not in response.content.decode()


def test_the_download_makes_a_fixed_number_of_queries(
    client, qualifications, django_assert_num_queries
):
    client.force_login(qualifications.carl)
    # Session, person, roles, the apprenticeship, safeguarding, English and maths, the rest.
    with django_assert_num_queries(7):
        client.get(url(qualifications, "csv"))
    for n in range(5):
        AdditionalQualification.objects.create(
            apprenticeship=qualifications.amara_apprenticeship,
            title=f"Award {n}",
            recorded_by=qualifications.carl,
        )
    with django_assert_num_queries(7):
        response = client.get(url(qualifications, "csv"))
    assert len(csv_rows(response)) == 1 + 3 + 6


def test_the_tab_links_both_downloads(client, qualifications):
    client.force_login(qualifications.amara)
    page = reverse("qualifications:index", args=[qualifications.amara_apprenticeship.pk])
    html = client.get(page).text
    assert f'href="{url(qualifications, "csv")}"' in html
    assert f'href="{url(qualifications, "xlsx")}"' in html
