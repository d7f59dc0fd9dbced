import html

import pytest
from django.core.management import call_command
from django.urls import reverse

from trellis.standards.models import KSB, StandardVersion
from trellis.standards.tests.official import OFFICIAL_DATA_DIR
from trellis.testing.factories import StandardVersionFactory

pytestmark = pytest.mark.django_db

DETAIL = reverse("standards:detail", args=["ST0148", "1.0"])
MENTOR_1_3 = reverse("standards:detail", args=["ST1379", "1.3"])
CLEANING = reverse("standards:detail", args=["ST0843", "1.1"])
COMPARE = reverse("standards:compare", args=["ST1379"])
NOT_SET_YET = (
    "The end-point assessment rules for this version are not set yet. Trellis needs the "
    "standard's data file before apprentices can be enrolled on it."
)
EVERYONE = {
    "amara", "bea", "carl", "cora", "erin", "evan", "dina", "pat", "quinn",
    "ada", "ian", "isla", "mo", "paula", "otto",
}  # fmt: skip
HIDDEN = '<span class="visually-hidden">'
UNCONFIRMED = 'Unconfirmed<span class="visually-hidden">: not yet confirmed against'


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def between(text: str, start: str, end: str) -> str:
    """Return the part of text from start up to the next end after it."""
    first = text.index(start)
    return text[first : text.index(end, first + len(start))]


@pytest.fixture
def official(people):
    """Import every official record kept for tests, then load the shipped data files."""
    call_command("import_ifate", OFFICIAL_DATA_DIR, verbosity=0)
    call_command("load_standards", verbosity=0)


@pytest.mark.parametrize("name", sorted(EVERYONE))
def test_anyone_signed_in_may_read_the_standards(client, people, name):
    client.force_login(getattr(people, name))

    assert client.get(reverse("standards:list")).status_code == 200
    assert client.get(DETAIL).status_code == 200


@pytest.mark.parametrize("url", [reverse("standards:list"), DETAIL, COMPARE])
def test_signed_out_people_are_sent_to_sign_in(client, official, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_list_shows_each_loaded_version(client, people):
    client.force_login(people.otto)

    response = client.get(reverse("standards:list"))

    row = between(text_of(response), f'<a href="{DETAIL}">', "</tr>")
    assert f"ST0148{HIDDEN} version 1.0</span></a> Learning mentor</td>" in row
    assert '<td class="numeric">3</td>' in row
    assert "<td>1.0</td>" in row
    assert "<td>Not recorded</td>" in row  # neither status nor dates without the feed
    assert "<td>Set</td>" in row


def test_the_list_shows_status_starts_and_whether_rules_are_set(client, people, official):
    client.force_login(people.otto)

    text = text_of(client.get(reverse("standards:list")))

    rows = {
        (reference, version): between(text, f'<a href="{url}">', "</tr>")
        for reference, version, url in [
            ("ST0148", "1.0", DETAIL),
            ("ST0843", "1.1", CLEANING),
            ("ST1379", "0.0", reverse("standards:detail", args=["ST1379", "0.0"])),
            ("ST1379", "1.3", MENTOR_1_3),
        ]
    }
    assert '<strong class="tag tag--grey">Retired</strong>' in rows["ST0148", "1.0"]
    assert "<td>29 Jan 2019 to 28 Feb 2023</td>" in rows["ST0148", "1.0"]
    assert '<strong class="tag tag--green">Approved for delivery</strong>' in rows["ST1379", "1.3"]
    assert "<td>From 9 Dec 2025</td>" in rows["ST1379", "1.3"]
    assert "<td>Set</td>" in rows["ST1379", "1.3"]
    assert '<strong class="tag tag--yellow">In development</strong>' in rows["ST1379", "0.0"]
    assert "<td>Not set yet</td>" in rows["ST0843", "1.1"]
    places = [
        text.index(f"ST1379{HIDDEN} version {v}<") for v in ["0.0", "1.0", "1.1", "1.2", "1.3"]
    ]
    assert places == sorted(places)


def test_the_page_shows_identity_programme_and_gateway(client, people):
    client.force_login(people.ian)

    text = text_of(client.get(DETAIL))

    identity = between(text, "<h2>The standard</h2>", "<h2>On programme</h2>")
    for value in ["ST0148", "403", "ST0148/AP01", "12 months", "1.0"]:
        assert f'<dd class="summary-list__value">{value}' in identity, value
    assert "Level 1 Safeguarding must be achieved." in text
    assert "From 11 Feb 2025, apprentices aged 19 or over" in text
    gateway = between(text, "<h2>Gateway</h2>", "<h2>")
    assert gateway.count("<li>") == 6
    assert "<li>The Showcase is complete</li>" in gateway


def test_the_page_groups_ksbs_by_theme(client, people):
    client.force_login(people.ian)

    text = text_of(client.get(DETAIL))

    assert '<h3 id="theme-1">Theme 1: Advise, guide and supervise learners</h3>' in text
    assert '<h3 id="theme-6">Theme 6: Collaborate to review learners\' progress</h3>' in text
    theme_1 = between(text, 'id="theme-1"', "</section>")
    assert '<span class="ksb__code">K1</span><span>Effective practice in providing' in theme_1
    assert '<span class="ksb__code">S1</span>' in theme_1
    behaviours = between(text, "<h2>Behaviours</h2>", "<h2>")
    assert [f'class="ksb__code">B{n}<' in behaviours for n in range(1, 6)] == [True] * 5


def test_the_page_explains_the_methods_grading_and_resits(client, people):
    client.force_login(people.ian)

    text = text_of(client.get(DETAIL))

    lmo = between(text, 'id="method-LMO"', "</section>")
    assert "64% of the end-point assessment." in lmo
    assert "120 minutes in total, ±10% (108 to 132 minutes)." in lmo
    assert "Pass: every criterion at least 1, at least 11 criteria at 2" in lmo
    assert "<td>T1</td>" in lmo and "<td>K1, S1</td>" in lmo
    assert lmo.count("<tr>") == 17
    assert "Distinction when the methods' points add up to at least 90 out of 100." in text
    resit = between(text, "<h2>Resits and retakes</h2>", "</main>")
    assert "Only the failed method is taken again, within 6 months." in resit


def test_unconfirmed_rules_are_flagged_where_they_are_shown(client, people):
    client.force_login(people.ian)

    text = text_of(client.get(DETAIL))

    assert "have not yet been confirmed against the assessment plan ST0148/AP01" in text
    lmo = between(text, 'id="method-LMO"', "</section>")
    pd = between(text, 'id="method-PD"', "</section>")
    assert UNCONFIRMED not in lmo
    assert pd.count(UNCONFIRMED) == 5
    assert "Pass: every criterion at least 1, at least 12 criteria at 2 and at least 30" in pd
    resit = between(text, "<h2>Resits and retakes</h2>", "</main>")
    assert resit.count(UNCONFIRMED) == 3
    overall = between(text, "<h2>Overall grade</h2>", "<h2>")
    assert UNCONFIRMED not in overall


@pytest.mark.parametrize(("reference", "version"), [("ST0148", "9.9"), ("ST9999", "1.0")])
def test_an_unknown_version_is_not_found(client, people, reference, version):
    client.force_login(people.ian)

    response = client.get(reverse("standards:detail", args=[reference, version]))

    assert response.status_code == 404


def test_the_page_makes_a_fixed_number_of_queries(client, people, django_assert_num_queries):
    client.force_login(people.ian)

    # Session, person, their roles, their unread notices; the version, its themes, KSBs,
    # options and duties (none here, so no duties' KSBs or options); then every version of the
    # standard for the links.
    with django_assert_num_queries(10):
        response = client.get(DETAIL)

    assert response.status_code == 200


# --- Versions from the official record --------------------------------------------------------


def test_the_page_shows_the_official_record(client, people, official):
    client.force_login(people.carl)

    text = text_of(client.get(MENTOR_1_3))

    record = between(text, "<h2>From the official record</h2>", "<h2>Versions</h2>")
    assert "From 1st September 2026, this apprenticeship will not be government funded." in record
    for key, value in [
        ("Status", '<strong class="tag tag--green">Approved for delivery</strong>'),
        ("Apprentices may start", "From 9 Dec 2025"),
        ("Typical duration", "12 months"),
        ("Typical end-point assessment period", "3 months"),
        ("Minimum off-the-job training", "278 hours"),
    ]:
        assert (
            f'<dt class="summary-list__key">{key}</dt><dd class="summary-list__value">{value}</dd>'
            in record
        ), key
    assert 'href="https://skillsengland.education.gov.uk/apprenticeships/st1379-v1-3?view=epa"' in (
        record
    )
    assert 'href="https://skillsengland.education.gov.uk/apprenticeships/st1379-v1-3"' in record
    assert NOT_SET_YET not in text


def test_the_page_numbers_the_duties_with_the_ksbs_each_covers(client, people, official):
    client.force_login(people.carl)

    text = text_of(client.get(MENTOR_1_3))

    duties = between(text, "<h2>Duties</h2>", "</table>")
    assert duties.count('<th scope="row">') == 9
    assert '<th scope="row">9</th>' in duties
    first = between(duties, '<th scope="row">1</th>', "</tr>")
    assert "Plan, conduct and record mentoring activities" in first
    assert "<td>K1, K2, K3, K4, K5, K16, S2, S3, S4, S5, B1, B2, B3, B4</td>" in first
    assert '<th scope="col">Applies to</th>' not in duties
    assert "<h2>Options</h2>" not in text


def test_the_page_lists_ksbs_without_themes_by_kind(client, people, official):
    client.force_login(people.carl)

    text = text_of(client.get(MENTOR_1_3))

    knowledge = between(text, "<h2>Knowledge</h2>", "<h2>Skills</h2>")
    skills = between(text, "<h2>Skills</h2>", "<h2>Behaviours</h2>")
    behaviours = between(text, "<h2>Behaviours</h2>", "<h2")
    assert knowledge.count('class="ksb__code"') == 16
    assert skills.count('class="ksb__code"') == 14
    assert behaviours.count('class="ksb__code"') == 5
    assert '<span class="ksb__code">K16</span>' in knowledge


def test_the_page_links_the_other_versions_and_their_comparison(client, people, official):
    client.force_login(people.carl)

    text = text_of(client.get(MENTOR_1_3))

    versions = between(text, "<h2>Versions</h2>", "</p>")
    for version in ["0.0", "1.0", "1.1", "1.2"]:
        url = reverse("standards:detail", args=["ST1379", version])
        assert f'<a href="{url}">Version {version}</a>' in versions
    assert "Version 1.3 (this page)" in versions
    assert f'<a href="{COMPARE}">Compare versions' in versions


def test_a_version_without_its_data_file_says_its_rules_are_not_set(client, people, official):
    client.force_login(people.carl)

    response = client.get(CLEANING)

    assert response.status_code == 200
    text = text_of(response)
    epa = between(text, '<h2 id="end-point-assessment">End-point assessment</h2>', "</main>")
    assert NOT_SET_YET in epa
    for heading in ["On programme", "Gateway", "Overall grade", "Resits and retakes"]:
        assert f"<h2>{heading}</h2>" not in text, heading
    assert "Unconfirmed" not in text
    assert '<a href="#end-point-assessment">Not set yet</a>' in text
    assert "278 hours" in text


def test_a_core_and_options_standard_shows_its_options_and_option_duties(client, people, official):
    client.force_login(people.carl)

    text = text_of(client.get(CLEANING))

    options = between(text, "<h2>Options</h2>", "</ul>")
    assert options.count("<li>") == 2
    assert "<li>Healthcare Cleaning Operative</li>" in options
    assert "<li>Commercial Cleaning Operative</li>" in options
    duties = between(text, "<h2>Duties</h2>", "</table>")
    assert duties.count('<th scope="row">') == 20
    duty_15 = between(duties, '<th scope="row">15</th>', "</tr>")
    assert "<td>Healthcare Cleaning Operative</td>" in duty_15
    assert "<td>K26, S28</td>" in duty_15
    assert "<td>Core</td>" in between(duties, '<th scope="row">14</th>', "</tr>")


def test_the_page_of_a_version_from_the_feed_makes_a_fixed_number_of_queries(
    client, people, official, django_assert_num_queries
):
    client.force_login(people.carl)

    with django_assert_num_queries(12):
        client.get(CLEANING)
    with django_assert_num_queries(12):
        client.get(MENTOR_1_3)


# --- Comparing versions -----------------------------------------------------------------------


def test_the_comparison_defaults_to_the_lowest_and_highest_versions(client, people, official):
    client.force_login(people.carl)

    response = client.get(COMPARE)

    assert response.status_code == 200
    text = text_of(response)
    assert '<option value="0.0" selected>0.0 (In development)</option>' in text
    assert '<option value="1.3" selected>1.3 (Approved for delivery)</option>' in text
    assert "<h2>From version 0.0 to version 1.3</h2>" in text


def test_version_1_10_comes_after_1_9(client, people, official):
    standard = StandardVersion.objects.get(standard__reference="ST1379", version="1.3").standard
    for version in ["1.9", "1.10"]:
        StandardVersionFactory(standard=standard, version=version)
    client.force_login(people.carl)

    text = text_of(client.get(COMPARE))

    assert '<option value="1.10" selected>1.10</option>' in text
    assert text.index('<option value="1.9">') < text.index('<option value="1.10" selected>')


def test_st1379_1_0_to_1_3_has_no_ksb_changes(client, people, official):
    client.force_login(people.carl)

    response = client.get(COMPARE, {"from": "1.0", "to": "1.3"})

    text = text_of(response)
    summary = between(text, "<h2>From version 1.0 to version 1.3</h2>", "</ul>")
    assert "<li>No KSB changes.</li>" in summary
    assert "<li>No duty changes.</li>" in summary
    assert "<li>No changes to which KSBs each duty covers.</li>" in summary
    assert "<table" not in text
    assert "There is a problem" not in text


def test_the_comparison_shows_changed_ksbs_and_duties_in_tables(client, people, official):
    newest = StandardVersion.objects.get(standard__reference="ST1379", version="1.3")
    newest.ksbs.filter(code="K2").update(statement="A reworded K2")
    newest.ksbs.get(code="B5").delete()
    first_duty = newest.duties.get(position=0)
    first_duty.statement = "A reworded first duty"
    first_duty.save(update_fields=["statement"])
    first_duty.ksbs.remove(newest.ksbs.get(code="K16"))
    client.force_login(people.carl)

    text = text_of(client.get(COMPARE, {"from": "1.0", "to": "1.3"}))

    assert "No KSB changes." not in text
    assert "<li>Removed B5: " in text
    reworded = between(text, "<caption>KSBs reworded</caption>", "</table>")
    assert '<th scope="row">K2</th>' in reworded
    assert "<td>A reworded K2</td>" in reworded
    original = KSB.objects.get(
        standard_version__standard__reference="ST1379", standard_version__version="1.0", code="K2"
    ).statement
    assert f"<td>{original}</td>" in reworded
    removed_table = between(text, "<caption>KSBs removed since version 1.0</caption>", "</table>")
    assert '<th scope="row">B5</th>' in removed_table
    duties = between(text, "<caption>Duties added, removed or reworded</caption>", "</table>")
    first_duty_row = between(duties, '<th scope="row">1</th>', "</tr>")
    assert "<td>Reworded</td>" in first_duty_row
    assert "<td>Plan, conduct and record mentoring activities" in first_duty_row
    assert "<td>A reworded first duty</td>" in first_duty_row
    mappings = between(text, "<caption>Duties that now cover different KSBs</caption>", "</table>")
    assert "<td>A reworded first duty</td><td>None</td><td>K16</td>" in mappings
    assert "professional development activities.</td><td>None</td><td>B5</td>" in mappings


@pytest.mark.parametrize(
    ("query", "message", "field"),
    [
        ({"from": "9.9", "to": "1.3"}, "Version 9.9 of ST1379 is not loaded.", "from"),
        ({"from": "1.0", "to": "ST0148"}, "Version ST0148 of ST1379 is not loaded.", "to"),
        ({"from": "1.2", "to": "1.2"}, "Choose two different versions to compare", "to"),
    ],
)
def test_a_bad_choice_of_versions_is_explained_on_the_page(
    client, people, official, query, message, field
):
    client.force_login(people.carl)

    response = client.get(COMPARE, query)

    assert response.status_code == 200
    text = text_of(response)
    summary = between(text, '<div class="error-summary"', "</div>")
    assert f'<a href="#{field}">{message}' in summary
    assert f'<span class="error-message" id="{field}-error">' in text
    assert "<title>Error: " in text
    assert '<button type="submit" class="button">Compare</button>' in text
    assert "<h2>From version" not in text


def test_the_comparison_names_the_loaded_versions_when_one_is_missing(client, people, official):
    client.force_login(people.carl)

    text = text_of(client.get(COMPARE, {"from": "2.0"}))

    assert "Choose one of 0.0, 1.0, 1.1, 1.2 and 1.3." in text


def test_another_standard_cannot_be_compared_on_this_page(client, people, official):
    client.force_login(people.carl)

    text = text_of(client.get(reverse("standards:compare", args=["ST0148"])))

    # ST0148 has one version, and ST1379's versions are not offered beside it.
    assert "Only version 1.0 of ST0148 is loaded, so there is nothing to compare" in text
    assert "<select" not in text


def test_an_unknown_standard_has_no_comparison(client, people, official):
    client.force_login(people.carl)

    response = client.get(reverse("standards:compare", args=["ST9999"]))

    assert response.status_code == 404


def test_the_comparison_makes_a_fixed_number_of_queries(
    client, people, official, django_assert_num_queries
):
    client.force_login(people.carl)

    # Session, person, their roles, their unread notices; every version of the standard; the
    # two compared, their KSBs, their duties and the duties' KSBs.
    with django_assert_num_queries(9):
        client.get(COMPARE, {"from": "1.0", "to": "1.3"})
    with django_assert_num_queries(9):
        client.get(COMPARE)
