import html
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.booking.services import assessor_assign
from trellis.notices.models import Notice
from trellis.organisations.models import Membership
from trellis.safeguarding import rules
from trellis.safeguarding.models import Concern
from trellis.testing.gateway_factories import accepted
from trellis.testing.safeguarding_factories import ACCOUNT, raise_concern

pytestmark = pytest.mark.django_db

RAISE = reverse("safeguarding:raise")
RAISED = reverse("safeguarding:raised")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def form_data(apprenticeship, **overrides):
    data = {
        "apprenticeship": apprenticeship.pk,
        "subject": "apprentice",
        "learner_ref": "",
        "category": "neglect",
        "account": ACCOUNT,
        "happened_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "happened_at_time": "",
        "immediate_risk": "no",
        "action_taken": "Told her I would pass it on.",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Post, then run what a raise does once its transaction commits (notices and email)."""

    def post(client, url, data, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, **kwargs)

    return post


def raise_url(apprenticeship):
    return f"{RAISE}?apprenticeship={apprenticeship.pk}"


def test_the_page_says_to_call_999_first(client, people):
    client.force_login(people.carl)
    response = client.get(RAISE)
    assert response.status_code == 200
    page = text(response)
    assert rules.EMERGENCY_ADVICE in page
    assert page.index(rules.EMERGENCY_ADVICE) < page.index("Send to the safeguarding lead")
    assert 'enctype="multipart/form-data"' in page


@pytest.mark.parametrize("name", ["amara", "carl", "erin", "dina", "pat"])
def test_each_role_with_a_part_raises_a_concern(client, people, committed, name):
    user = getattr(people, name)
    client.force_login(user)
    response = committed(
        client, raise_url(people.amara_apprenticeship), form_data(people.amara_apprenticeship)
    )
    assert response.status_code == 302
    assert response.url == RAISED
    concern = Concern.objects.get()
    assert concern.raised_by == user
    assert concern.apprenticeship == people.amara_apprenticeship
    assert concern.account == ACCOUNT
    assert concern.immediate_risk is False
    followed = client.get(RAISED)
    assert (
        f"Concern {concern.reference} received. Northway Training's safeguarding lead has been "
        "told." in text(followed)
    )
    assert Notice.objects.filter(recipient=people.dina).count() == 1


def test_an_assessor_raises_once_assigned_to_the_apprentice_s_assessment(client, people):
    Apprenticeship.objects.filter(pk=people.amara_apprenticeship.pk).update(status="gateway")
    client.force_login(people.ian)
    assert client.get(raise_url(people.amara_apprenticeship)).status_code == 404
    Apprenticeship.objects.filter(pk=people.amara_apprenticeship.pk).update(status="on_programme")
    booking = accepted(people.amara_apprenticeship)
    assessor_assign(booking=booking, assigned_by=people.ada, assessor=people.ian)
    response = client.post(
        raise_url(people.amara_apprenticeship), form_data(people.amara_apprenticeship)
    )
    assert response.status_code == 302
    assert Concern.objects.get().raised_by == people.ian


def test_an_assessor_with_no_apprentice_put_forward_has_nothing_to_raise(client, people):
    client.force_login(people.ian)
    response = client.get(RAISE)
    assert response.status_code == 200
    assert "tell the safeguarding lead of the organisation you work for" in text(response)
    assert rules.EMERGENCY_ADVICE in text(response)
    assert "Send to the safeguarding lead" not in response.text


def test_the_apprentice_sees_you(client, people):
    client.force_login(people.amara)
    response = client.get(RAISE)
    page = response.text
    assert response.context["fixed"] == people.amara_apprenticeship
    assert 'type="hidden" name="apprenticeship"' in page
    assert "A learner you mentor" in page
    assert ">You<" in page or "You</p>" in page or "You\n" in page


def test_a_preselected_apprentice_is_shown_as_text(client, people):
    client.force_login(people.pat)
    response = client.get(raise_url(people.amara_apprenticeship))
    assert response.context["fixed"] == people.amara_apprenticeship
    assert 'type="hidden" name="apprenticeship"' in response.text
    assert "Amara Example" in response.text


def test_someone_with_several_apprentices_chooses(client, people):
    client.force_login(people.pat)
    response = client.get(RAISE)
    form = response.context["form"]
    assert set(form.fields["apprenticeship"].queryset) == {
        people.amara_apprenticeship,
        people.bea_apprenticeship,
    }
    assert '<select name="apprenticeship"' in response.text


@pytest.mark.parametrize("name", ["evan", "otto"])
def test_people_without_a_part_cannot_raise_about_amara(client, people, name):
    client.force_login(getattr(people, name))
    assert client.get(raise_url(people.amara_apprenticeship)).status_code == 404
    response = client.post(RAISE, form_data(people.amara_apprenticeship))
    assert response.status_code in (200, 404)
    assert not Concern.objects.exists()


def test_evan_is_offered_only_his_own_apprentice(client, people):
    client.force_login(people.evan)
    response = client.get(RAISE)
    assert response.context["fixed"] == people.bea_apprenticeship
    assert "Amara Example" not in response.text
    assert client.post(RAISE, form_data(people.amara_apprenticeship)).status_code == 404
    assert not Concern.objects.exists()


def test_a_garbled_preselection_is_not_found(client, people):
    client.force_login(people.carl)
    assert client.get(f"{RAISE}?apprenticeship=abc").status_code == 404


def test_a_learner_is_given_by_reference_never_by_name(client, people):
    client.force_login(people.amara)
    data = form_data(people.amara_apprenticeship, subject="mentored_learner", learner_ref="Jo")
    response = client.post(RAISE, data)
    assert response.status_code == 200
    assert "never their name" in html.unescape(str(response.context["form"].errors["learner_ref"]))
    assert not Concern.objects.exists()
    data["learner_ref"] = "l-014"
    assert client.post(RAISE, data).status_code == 302
    concern = Concern.objects.get()
    assert concern.learner_ref == "L-014"
    assert "Learner L-014" in client.get(RAISED).text


def test_immediate_risk_must_be_answered(client, people):
    client.force_login(people.carl)
    data = form_data(people.amara_apprenticeship, immediate_risk=None)
    response = client.post(RAISE, data)
    assert response.status_code == 200
    assert "immediate risk" in str(response.context["form"].errors["immediate_risk"])
    assert not Concern.objects.exists()


def test_immediate_risk_makes_it_urgent(client, people, committed):
    client.force_login(people.carl)
    committed(client, RAISE, form_data(people.amara_apprenticeship, immediate_risk="yes"))
    concern = Concern.objects.get()
    assert concern.immediate_risk is True
    assert concern.urgency == "urgent"
    assert Notice.objects.get(recipient=people.dina).urgent is True


def test_a_day_in_the_future_is_refused_next_to_the_field(client, people):
    client.force_login(people.carl)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(RAISE, form_data(people.amara_apprenticeship, happened_on=tomorrow))
    assert response.status_code == 200
    assert "not a day in the future" in str(response.context["form"].errors["happened_on"])
    assert not Concern.objects.exists()


def test_the_day_defaults_to_today(client, people):
    client.force_login(people.carl)
    response = client.get(RAISE)
    assert response.context["form"]["happened_on"].value() == timezone.localdate()
    assert response.context["form"]["immediate_risk"].value() is None


def test_without_a_safeguarding_lead_the_page_and_message_say_so(client, people, committed):
    Membership.objects.filter(user=people.dina).delete()
    client.force_login(people.carl)
    response = client.get(RAISE)
    warning = (
        "Northway Training has no safeguarding lead in Trellis, so its administrators will "
        "be told. Phone the provider as well."
    )
    page = text(response)
    assert warning in page
    assert page.index(warning) < page.index("Send to the safeguarding lead")
    response = committed(client, RAISE, form_data(people.amara_apprenticeship), follow=True)
    concern = Concern.objects.get()
    assert (
        f"Concern {concern.reference} received. Northway Training has no safeguarding lead in "
        "Trellis, so its administrators have been told: phone the provider as well."
        in text(response)
    )
    assert Notice.objects.filter(recipient=people.pat).count() == 1


def test_with_a_safeguarding_lead_the_page_gives_no_warning(client, people):
    client.force_login(people.carl)
    assert "has no safeguarding lead" not in client.get(RAISE).text


def test_a_file_is_kept_with_the_concern(client, people):
    client.force_login(people.carl)
    data = form_data(people.amara_apprenticeship)
    data["file"] = SimpleUploadedFile("message.pdf", PDF, content_type="application/pdf")
    assert client.post(RAISE, data).status_code == 302
    concern_file = Concern.objects.get().files.get()
    assert concern_file.original_name == "message.pdf"


def test_a_fake_pdf_is_refused(client, people):
    client.force_login(people.carl)
    data = form_data(people.amara_apprenticeship)
    data["file"] = SimpleUploadedFile("message.pdf", b"MZ not a pdf at all", "application/pdf")
    response = client.post(RAISE, data)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Concern.objects.exists()


def test_raising_sends_one_email(client, people, committed):
    client.force_login(people.carl)
    with_callbacks = committed(client, RAISE, form_data(people.amara_apprenticeship))
    assert with_callbacks.status_code == 302
    assert len(mail.outbox) == 1


def test_the_raised_list_shows_status_only(client, people):
    open_one = raise_concern(people.amara_apprenticeship, people.carl)
    client.force_login(people.carl)
    response = client.get(RAISED)
    page = response.text
    assert open_one.reference in page
    assert "Amara Example" in page
    assert "Received, open" in page
    assert "Only the safeguarding lead can read what you wrote." in page
    assert ACCOUNT not in page
    assert "Made sure she had lunch" not in page
    assert "Neglect" not in page
    assert "Urgent" not in page
    Concern.objects.filter(pk=open_one.pk).update(
        status="closed", closed_at=timezone.now(), outcome="advice_given", closure_reason="Done."
    )
    page = client.get(RAISED).text
    assert "Closed" in page
    assert "Done." not in page
    assert "Advice" not in page


def test_the_raised_list_shows_only_what_this_person_raised(client, people):
    raise_concern(people.amara_apprenticeship, people.carl)
    client.force_login(people.erin)
    response = client.get(RAISED)
    assert response.context["rows"] == []
