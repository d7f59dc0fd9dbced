import html

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

DETAIL = reverse("standards:detail", args=["ST0148", "1.0"])
EVERYONE = {
    "amara", "bea", "carl", "cora", "erin", "evan", "dina", "pat", "quinn",
    "ada", "ian", "isla", "mo", "paula", "otto",
}  # fmt: skip
UNCONFIRMED = 'Unconfirmed<span class="visually-hidden">: not yet confirmed against'


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def between(text: str, start: str, end: str) -> str:
    """Return the part of text from start up to the next end after it."""
    first = text.index(start)
    return text[first : text.index(end, first + len(start))]


@pytest.mark.parametrize("name", sorted(EVERYONE))
def test_anyone_signed_in_may_read_the_standards(client, people, name):
    client.force_login(getattr(people, name))

    assert client.get(reverse("standards:list")).status_code == 200
    assert client.get(DETAIL).status_code == 200


@pytest.mark.parametrize("url", [reverse("standards:list"), DETAIL])
def test_signed_out_people_are_sent_to_sign_in(client, learning_mentor, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_list_shows_each_loaded_version(client, people):
    client.force_login(people.otto)

    response = client.get(reverse("standards:list"))

    row = between(text_of(response), f'<a href="{DETAIL}">', "</tr>")
    assert "ST0148" in row
    assert "<td>Learning mentor</td>" in row
    assert '<td class="numeric">3</td>' in row
    assert "<td>1.0</td>" in row
    assert "<td>12 months</td>" in row


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

    # Session, person, their roles, then the version, its themes and its KSBs.
    with django_assert_num_queries(6):
        response = client.get(DETAIL)

    assert response.status_code == 200
