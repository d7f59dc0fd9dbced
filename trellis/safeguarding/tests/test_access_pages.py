"""Only the provider's safeguarding lead reaches a casework page. Everyone else, including
another provider's lead, is told it does not exist, whatever they ask for and however."""

import pytest
from django.urls import reverse

from trellis.safeguarding.reads import reads_of
from trellis.safeguarding.tests.casework import make_cases
from trellis.testing.safeguarding_factories import other_provider_lead

pytestmark = pytest.mark.django_db

NO_CASE = 999_999
CASE_NAMES = [
    "concern",
    "triage",
    "entry_add",
    "referral_add",
    "share",
    "file_add",
    "close",
    "reopen",
    "reads",
]
GET_ONLY = {"dashboard", "closed", "concern", "file", "reads"}


@pytest.fixture
def cases(people, standard_version):
    return make_cases(people, standard_version)


def every_url(cases) -> dict[str, str]:
    """Return one URL for every page of the lead's casework."""
    concern = cases.concern.pk
    urls = {
        "dashboard": reverse("safeguarding:dashboard"),
        "closed": reverse("safeguarding:closed"),
        "referral_reference": reverse(
            "safeguarding:referral_reference", args=[concern, cases.referral.pk]
        ),
        "file": reverse("safeguarding:file", args=[concern, cases.file.pk]),
    }
    urls.update({name: reverse(f"safeguarding:{name}", args=[concern]) for name in CASE_NAMES})
    return urls


def guessed_urls(cases) -> list[str]:
    """Return URLs Dina might guess: another provider's concern, a referral or file of
    another concern, and ids that do not exist."""
    concern = cases.concern.pk
    urls = []
    for pk in (cases.elsewhere.pk, NO_CASE):
        urls += [reverse(f"safeguarding:{name}", args=[pk]) for name in CASE_NAMES]
        urls.append(reverse("safeguarding:file", args=[pk, cases.file.pk]))
        urls.append(reverse("safeguarding:referral_reference", args=[pk, cases.referral.pk]))
    urls += [
        reverse("safeguarding:file", args=[concern, cases.other_file.pk]),
        reverse("safeguarding:file", args=[concern, NO_CASE]),
        reverse("safeguarding:referral_reference", args=[concern, cases.other_referral.pk]),
        reverse("safeguarding:referral_reference", args=[concern, NO_CASE]),
    ]
    return urls


def outsiders(people):
    others = {name: user for name, user in people.everyone().items() if name != "dina"}
    others["sasha"] = other_provider_lead(people.other_provider)
    return others


# Another provider's lead has a dashboard and closed list of her own: they list nothing of
# this provider's (checked below), and every page of this provider's cases is not found.
OWN_LISTS = {"dashboard", "closed"}


def test_everyone_but_the_providers_lead_gets_not_found_everywhere(client, people, cases):
    urls = every_url(cases)
    assert set(urls) == {
        "dashboard",
        "closed",
        "concern",
        "triage",
        "entry_add",
        "referral_add",
        "referral_reference",
        "share",
        "file_add",
        "file",
        "close",
        "reopen",
        "reads",
    }
    refused = []
    for who, user in outsiders(people).items():
        client.force_login(user)
        for name, url in urls.items():
            if who == "sasha" and name in OWN_LISTS:
                continue
            for method in (client.get, client.post):
                status = method(url).status_code
                if status != 404:
                    refused.append((who, name, method.__name__, status))
    assert refused == []


def test_another_providers_lead_lists_only_her_own_cases(client, people, cases):
    cases.elsewhere.refresh_from_db()
    client.force_login(other_provider_lead(people.other_provider))
    dashboard = client.get(reverse("safeguarding:dashboard")).content.decode()
    closed = client.get(reverse("safeguarding:closed")).content.decode()
    assert cases.elsewhere.reference in dashboard
    for page in (dashboard, closed):
        assert cases.concern.reference not in page
        assert cases.other_concern.reference not in page
        assert people.amara.full_name not in page


def test_the_providers_lead_reaches_every_page(client, people, cases):
    client.force_login(people.dina)
    for name, url in every_url(cases).items():
        assert client.get(url).status_code in (200, 302), name
        allowed = (405,) if name in GET_ONLY else (200, 302)
        assert client.post(url).status_code in allowed, name


def test_guessed_ids_are_not_found_for_the_lead_too(client, people, cases):
    client.force_login(people.dina)
    found = []
    for url in guessed_urls(cases):
        for method in (client.get, client.post):
            status = method(url).status_code
            if status != 404:
                found.append((url, method.__name__, status))
    assert found == []


def test_outsiders_leave_no_trace_in_the_case(client, people, cases):
    """A refused request neither changes the case nor records a read of it."""
    cases.concern.refresh_from_db()
    before = reads_of(cases.concern)
    revision = cases.concern.revision
    client.force_login(people.carl)
    client.post(
        reverse("safeguarding:close", args=[cases.concern.pk]),
        {"outcome": "advice_given", "reason": "Closing it.", "revision": revision},
    )
    cases.concern.refresh_from_db()
    assert cases.concern.is_open
    assert cases.concern.revision == revision
    assert reads_of(cases.concern) == before


def test_signed_out_people_are_sent_to_sign_in(client, cases):
    response = client.get(reverse("safeguarding:concern", args=[cases.concern.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
