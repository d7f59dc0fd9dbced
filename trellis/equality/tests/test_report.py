from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from trellis.apprenticeships.models import Apprenticeship
from trellis.equality import selectors
from trellis.equality.models import EqualityAnswers
from trellis.equality.rules import NOT_ANSWERED, Characteristic, Counts, Shown, age_band
from trellis.organisations.models import User
from trellis.qualifications.rules import age_on
from trellis.testing.factories import ApprenticeshipFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("equality:report")
Status = Apprenticeship.Status
CONSENTED = datetime(2026, 1, 1, tzinfo=UTC)
NOT_ADMINS = [
    "amara",
    "bea",
    "carl",
    "cora",
    "erin",
    "evan",
    "dina",
    "quinn",
    "ada",
    "ian",
    "isla",
    "mo",
    "otto",
]


def answered(apprentice: User, ethnic_group: str, sex: str, disability: str) -> None:
    EqualityAnswers.objects.create(
        apprentice=apprentice,
        ethnic_group=ethnic_group,
        sex=sex,
        disability=disability,
        consented_at=CONSENTED,
    )


def enrol(people, apprentice: User, status=Status.ON_PROGRAMME, start=date(2026, 1, 5), **fields):
    return ApprenticeshipFactory(
        apprentice=apprentice,
        provider=fields.pop("provider", people.provider),
        employer=people.employer,
        standard_version=people.amara_apprenticeship.standard_version,
        status=status,
        start_date=start,
        planned_end_date=date(start.year + 2, start.month, start.day),
        **fields,
    )


def apprentice(name: str, born: date | None) -> User:
    return UserFactory(full_name=name, date_of_birth=born)


@pytest.fixture
def known(people):
    """Seventeen apprentices at the provider, in groups whose figures are worked out by hand.

    Six white women, 17 at the start (one withdrew in 2024 and started again); five Asian men,
    20 at the start; three Black women, 30, who started in 2025; one who preferred not to say
    anything, 40; and Amara and Bea, who gave no answers and have no date of birth recorded.
    """
    white = [apprentice(f"White {n}", date(2008, 6, 1)) for n in range(6)]
    for person, status in zip(
        white,
        [Status.ON_PROGRAMME, Status.COMPLETED, Status.COMPLETED, Status.WITHDRAWN]
        + [Status.ON_PROGRAMME] * 2,
        strict=True,
    ):
        answered(person, "white", "female", "no")
        enrol(people, person, status)
    enrol(people, white[0], Status.WITHDRAWN, start=date(2024, 9, 2))
    asian = [apprentice(f"Asian {n}", date(2005, 6, 1)) for n in range(5)]
    for person, status in zip(asian, [Status.COMPLETED] + [Status.ON_PROGRAMME] * 4, strict=True):
        answered(person, "asian", "male", "yes")
        enrol(people, person, status)
    black = [apprentice(f"Black {n}", date(1995, 1, 1)) for n in range(3)]
    for person, status in zip(
        black, [Status.WITHDRAWN, Status.ON_PROGRAMME, Status.ON_PROGRAMME], strict=True
    ):
        answered(person, "black", "female", "no")
        enrol(people, person, status, start=date(2025, 3, 3))
    private = apprentice("Private", date(1986, 1, 1))
    answered(private, "prefer_not_to_say", "prefer_not_to_say", "prefer_not_to_say")
    enrol(people, private)
    # Another provider's apprentice is never counted.
    elsewhere = apprentice("Elsewhere", date(2000, 1, 1))
    answered(elsewhere, "white", "female", "no")
    enrol(people, elsewhere, Status.WITHDRAWN, provider=people.other_provider)
    return people


def report_of(client, user, **params) -> dict:
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return {
        "response": response,
        "total": response.context["total"],
        **{
            report.characteristic: {row.key: row for row in report.rows}
            for report in response.context["characteristics"]
        },
    }


def figures(row) -> tuple:
    return (row.shown, row.apprentices, row.achievement_percent, row.withdrawal_percent)


def test_each_group_s_figures_from_known_data(client, known):
    report = report_of(client, known.pat)
    ethnic = report[Characteristic.ETHNIC_GROUP]
    # 6 people, 7 started (one twice), 2 completed, 2 withdrew: 2 of 4 leavers, 2 of 7 starts.
    assert figures(ethnic["white"]) == (Shown.ALL, 6, 50, 29)
    assert figures(ethnic["asian"]) == (Shown.ALL, 5, 100, 0)
    for key in ("mixed", "black", "other", NOT_ANSWERED):
        assert figures(ethnic[key]) == (Shown.TOO_FEW, None, None, None)


def test_one_small_group_hides_the_next_smallest_too(client, known):
    report = report_of(client, known.pat)
    sex = report[Characteristic.SEX]
    # Not answered is 3 (Amara, Bea and the one who preferred not to say), so Male (5), the
    # next smallest, is hidden with it.
    assert figures(sex["female"]) == (Shown.ALL, 9, 40, 30)
    assert sex[NOT_ANSWERED].shown == Shown.TOO_FEW
    assert figures(sex["male"]) == (Shown.PROTECTS_ANOTHER, None, None, None)
    disability = report[Characteristic.DISABILITY]
    assert figures(disability["no"]) == (Shown.ALL, 9, 40, 30)
    assert disability["yes"].shown == Shown.PROTECTS_ANOTHER
    page = report["response"].content.decode()
    assert 'data-label="Apprentices">Not shown</td>' in page
    assert 'data-label="Apprentices">Fewer than 5</td>' in page


def test_age_at_the_start_comes_from_every_record(client, known):
    age = report_of(client, known.pat)[Characteristic.AGE_BAND]
    assert figures(age["16_18"]) == (Shown.ALL, 6, 50, 29)
    assert figures(age["19_23"]) == (Shown.ALL, 5, 100, 0)
    # 24 and over (4) and no date of birth (2): two small groups protect each other.
    assert age["24_plus"].shown == Shown.TOO_FEW
    assert age["not_recorded"].shown == Shown.TOO_FEW


def test_the_total_counts_everyone_at_the_provider_once(client, known):
    total = report_of(client, known.pat)["total"]
    assert total == Counts(apprentices=17, started=18, completed=3, withdrawn=3)
    assert (total.achievement_percent, total.withdrawal_percent) == (50, 17)


def test_the_report_can_be_narrowed_to_one_start_year(client, known):
    report = report_of(client, known.pat, cohort=2025)
    assert report["total"] == Counts(apprentices=3, started=3, completed=0, withdrawn=1)
    assert {row.shown for row in report[Characteristic.ETHNIC_GROUP].values()} == {Shown.TOO_FEW}
    assert "who started in 2025" in report["response"].content.decode()
    choices = [value for value, _ in report["response"].context["form"].fields["cohort"].choices]
    assert choices == ["", 2026, 2025, 2024]


def test_a_start_year_that_does_not_fit_is_left_out_and_said_so(client, known):
    report = report_of(client, known.pat, cohort="last year")
    assert report["total"].apprentices == 17
    assert "Some filters were left out" in report["response"].content.decode()


def test_an_admin_of_another_provider_sees_only_their_own(client, known):
    report = report_of(client, known.paula)
    assert report["total"] == Counts(apprentices=1, started=1, completed=0, withdrawn=1)
    assert "Elsewhere Learning" in report["response"].content.decode()


def test_an_admin_of_two_providers_chooses_which(client, known):
    MembershipFactory(user=known.pat, organisation=known.other_provider, role="provider_admin")
    first = report_of(client, known.pat)
    # Elsewhere Learning comes first by name.
    assert first["total"].apprentices == 1
    chosen = report_of(client, known.pat, provider=known.provider.pk)
    assert chosen["total"].apprentices == 17
    refused = report_of(client, known.pat, provider=999_999)
    assert refused["total"].apprentices == 1
    assert "Some filters were left out" in refused["response"].content.decode()


@pytest.mark.parametrize("name", NOT_ADMINS)
def test_nobody_but_a_provider_admin_reads_the_report(client, known, name):
    client.force_login(getattr(known, name))
    assert client.get(URL).status_code == 403


def test_no_one_s_answers_or_name_appear_in_the_report(client, known):
    page = report_of(client, known.pat)["response"].content.decode()
    for name in ("White 0", "Asian 0", "Black 0", "Private", "Amara Example"):
        assert name not in page


def test_the_dashboard_links_to_the_report_for_provider_admins_only(client, people):
    client.force_login(people.pat)
    assert URL in client.get(reverse("reports:dashboard")).content.decode()
    for name in ("quinn", "dina", "carl"):
        client.force_login(getattr(people, name))
        assert URL not in client.get(reverse("reports:dashboard")).content.decode()


def _bulk(people, count: int) -> None:
    """Add `count` apprentices with answers and a date of birth, in a few queries."""
    start = User.objects.count()
    users = User.objects.bulk_create(
        User(
            email=f"equality{start + n}@trellis.example",
            full_name=f"Bulk {start + n}",
            date_of_birth=date(1990 + n % 20, 1 + n % 12, 1 + n % 28),
        )
        for n in range(count)
    )
    version = people.amara_apprenticeship.standard_version
    Apprenticeship.objects.bulk_create(
        Apprenticeship(
            apprentice=user,
            employer=people.employer,
            provider=people.provider,
            standard=version.standard,
            standard_version=version,
            start_date=date(2024 + n % 3, 1, 8),
            planned_end_date=date(2027, 7, 5),
            status=[Status.ON_PROGRAMME, Status.COMPLETED, Status.WITHDRAWN][n % 3],
        )
        for n, user in enumerate(users)
    )
    EqualityAnswers.objects.bulk_create(
        EqualityAnswers(
            apprentice=user,
            ethnic_group=["white", "asian", "black", "mixed", "other"][n % 5],
            sex=["female", "male", "prefer_not_to_say"][n % 3],
            disability=["yes", "no"][n % 2],
            consented_at=CONSENTED,
        )
        for n, user in enumerate(users)
        if n % 4
    )


# The session, the person, their roles, the start years, the total, one grouped count for each
# of the four characteristics, and the unread notices in the header.
REPORT_QUERIES = 10


@pytest.mark.parametrize("count", [10, 300])
def test_the_report_makes_the_same_queries_however_many_apprentices(
    client, people, django_assert_num_queries, count
):
    _bulk(people, count)
    client.force_login(people.pat)
    with django_assert_num_queries(REPORT_QUERIES):
        response = client.get(URL, {"cohort": 2025})
    assert response.status_code == 200
    assert response.context["total"].apprentices == len(range(1, count, 3))


@pytest.mark.parametrize(
    ("born", "start"),
    [
        (date(2007, 9, 1), date(2025, 8, 31)),  # 17: the day before the 18th birthday
        (date(2007, 9, 1), date(2025, 9, 1)),  # 18 on the birthday
        (date(2006, 9, 1), date(2025, 9, 1)),  # 19 on the birthday
        (date(2002, 3, 10), date(2026, 3, 9)),  # 23: the day before turning 24
        (date(2002, 3, 10), date(2026, 3, 10)),  # 24
        (date(2004, 2, 29), date(2023, 2, 28)),  # born on 29 February: 18 until 1 March
        (date(2004, 2, 29), date(2023, 3, 1)),  # 19
        (date(2001, 12, 31), date(2025, 1, 1)),  # 23 across the new year
    ],
)
def test_the_database_works_out_the_age_band_as_age_on_does(people, born, start):
    person = apprentice("Edge", born)
    enrol(people, person, start=start)
    counts = selectors.report_counts(Apprenticeship.objects.filter(apprentice=person))
    (band,) = counts[Characteristic.AGE_BAND]
    assert band == age_band(age_on(born, start))
