import re
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from trellis.equality.models import EqualityAnswers

pytestmark = pytest.mark.django_db
URL = reverse("equality:answers")
WITHDRAW = reverse("equality:withdraw")
EVERYONE_ELSE = [
    "carl",
    "cora",
    "erin",
    "evan",
    "dina",
    "pat",
    "quinn",
    "ada",
    "ian",
    "isla",
    "mo",
    "paula",
    "otto",
]
FILLED = {"ethnic_group": "black", "sex": "female", "disability": "yes", "consent": "on"}


def checked(page: str) -> dict[str, str]:
    """Return the radio buttons ticked on the page, by question."""
    return dict(re.findall(r'<input type="radio" name="(\w+)" value="(\w+)"[^>]* checked', page))


def kept(person) -> dict | None:
    return (
        EqualityAnswers.objects.filter(apprentice=person)
        .values("ethnic_group", "sex", "disability")
        .first()
    )


def test_the_page_says_why_who_sees_what_and_that_it_can_be_withdrawn(client, people):
    client.force_login(people.amara)
    page = client.get(URL).content.decode()
    assert "check that your training provider treats every group of apprentices fairly" in page
    assert "Nobody using Trellis sees your answers" in page
    assert "A group of fewer than 5 is shown only as “fewer than 5”" in page
    assert "You can change your answers or withdraw at any time" in page
    assert page.count('value="prefer_not_to_say"') == 3
    assert 'name="consent"' in page
    assert "Withdraw and delete my answers" not in page


def test_an_apprentice_answers_and_sees_their_answers_again(client, people):
    client.force_login(people.amara)
    response = client.post(URL, FILLED)
    assert response.status_code == 302
    assert kept(people.amara) == {"ethnic_group": "black", "sex": "female", "disability": "yes"}
    page = client.get(URL).content.decode()
    assert "Your answers are saved." in page
    assert checked(page) == {"ethnic_group": "black", "sex": "female", "disability": "yes"}
    # Consent is asked again with every change.
    assert not re.search(r'name="consent"[^>]*\bchecked', page)
    assert "Withdraw and delete my answers" in page


def test_changing_the_answers_needs_consent_again(client, people):
    client.force_login(people.amara)
    client.post(URL, FILLED)
    response = client.post(URL, {**FILLED, "sex": "male", "consent": ""})
    assert response.status_code == 200
    assert "Tick the box to agree" in response.content.decode()
    assert kept(people.amara)["sex"] == "female"


def test_questions_left_blank_are_kept_as_prefer_not_to_say(client, people):
    client.force_login(people.amara)
    client.post(URL, {"sex": "male", "consent": "on"})
    assert kept(people.amara) == {
        "ethnic_group": "prefer_not_to_say",
        "sex": "male",
        "disability": "prefer_not_to_say",
    }


def test_without_the_consent_box_nothing_is_kept_and_the_answers_stay_on_the_page(client, people):
    client.force_login(people.amara)
    response = client.post(URL, {"ethnic_group": "white"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_consent"' in page
    assert checked(page) == {"ethnic_group": "white"}
    assert kept(people.amara) is None


def test_a_choice_not_on_the_list_is_refused(client, people):
    client.force_login(people.amara)
    response = client.post(URL, {**FILLED, "ethnic_group": "purple"})
    assert response.status_code == 200
    assert 'href="#id_ethnic_group"' in response.content.decode()
    assert kept(people.amara) is None


def test_withdrawing_deletes_the_answers(client, people):
    client.force_login(people.amara)
    client.post(URL, FILLED)
    response = client.post(WITHDRAW, follow=True)
    assert kept(people.amara) is None
    page = response.content.decode()
    assert "Your answers are deleted." in page
    assert "Withdraw and delete my answers" not in page


def test_withdrawing_is_only_by_post(client, people):
    client.force_login(people.amara)
    client.post(URL, FILLED)
    assert client.get(WITHDRAW).status_code == 405
    assert kept(people.amara) is not None


def test_the_page_shows_the_age_band_from_the_date_of_birth_held(client, people):
    people.amara.date_of_birth = date(2005, 1, 6)  # 20 on the 5 January 2026 start
    people.amara.save()
    client.force_login(people.amara)
    page = client.get(URL).content.decode()
    assert "On your start date, 5 Jan 2026, you were in the age band <strong>19 to 23" in page


def test_the_page_says_when_no_date_of_birth_is_held(client, people):
    client.force_login(people.amara)
    page = client.get(URL).content.decode()
    assert "Your date of birth is not on your record" in page
    assert "counted as “Date of birth not recorded”" in page


@pytest.mark.parametrize("name", EVERYONE_ELSE)
def test_nobody_but_an_apprentice_reaches_the_questions_and_nothing_changes(client, people, name):
    EqualityAnswers.objects.create(
        apprentice=people.amara,
        ethnic_group="white",
        sex="male",
        disability="no",
        consented_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    client.force_login(getattr(people, name))
    assert client.get(URL).status_code == 403
    assert client.post(URL, FILLED).status_code == 403
    assert client.post(WITHDRAW).status_code == 403
    assert kept(people.amara) == {"ethnic_group": "white", "sex": "male", "disability": "no"}
    assert EqualityAnswers.objects.count() == 1


def test_an_apprentice_sees_and_changes_only_their_own_answers(client, people):
    EqualityAnswers.objects.create(
        apprentice=people.amara,
        ethnic_group="white",
        sex="male",
        disability="no",
        consented_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    client.force_login(people.bea)
    page = client.get(URL).content.decode()
    assert checked(page) == {}
    assert "You gave your answers" not in page
    client.post(URL, FILLED)
    client.post(WITHDRAW)
    assert kept(people.amara) == {"ethnic_group": "white", "sex": "male", "disability": "no"}
    assert kept(people.bea) is None


def test_signing_in_comes_first(client):
    for url in (URL, reverse("equality:report")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert client.post(WITHDRAW).status_code == 302


def test_the_home_page_links_an_apprentice_to_the_questions(client, people):
    client.force_login(people.amara)
    assert URL in client.get(reverse("home:index")).content.decode()
    client.force_login(people.carl)
    assert URL not in client.get(reverse("home:index")).content.decode()
