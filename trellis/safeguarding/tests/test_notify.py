import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from trellis.notices.models import Notice
from trellis.organisations.models import Membership
from trellis.safeguarding.models import Concern
from trellis.safeguarding.services import concern_raise
from trellis.testing.factories import MembershipFactory, UserFactory
from trellis.testing.safeguarding_factories import ACCOUNT, concern_details, raise_concern

pytestmark = pytest.mark.django_db


def raise_and_commit(people, capture, **overrides):
    with capture(execute=True):
        receipt = concern_raise(
            raised_by=people.carl,
            apprenticeship=people.amara_apprenticeship,
            details=concern_details(**overrides),
        )
    return receipt


def second_lead(people):
    user = UserFactory(email="dev@trellis.example", full_name="Dev Example")
    MembershipFactory(
        user=user, organisation=people.provider, role=Membership.RoleChoice.SAFEGUARDING_LEAD
    )
    return user


def test_raising_tells_the_lead_once_by_email_and_notice(
    people, django_capture_on_commit_callbacks
):
    receipt = raise_and_commit(people, django_capture_on_commit_callbacks)
    concern = receipt.concern
    assert receipt.told_leads is True
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [people.dina.email]
    assert email.subject == f"Safeguarding concern {concern.reference} raised"
    assert "URGENT" not in email.subject
    assert "immediate risk" not in email.body
    assert reverse("safeguarding:concern", args=[concern.pk]) in email.body
    notice = Notice.objects.get()
    assert notice.recipient == people.dina
    assert notice.urgent is False
    assert notice.title.startswith("New safeguarding concern")
    assert notice.url == reverse("safeguarding:concern", args=[concern.pk])
    assert concern.reference in notice.body


def test_nothing_is_sent_before_the_concern_is_committed(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        raise_concern(people.amara_apprenticeship, people.carl)
    assert len(callbacks) == 1
    assert mail.outbox == []
    assert not Notice.objects.exists()


def test_nothing_is_sent_when_the_transaction_rolls_back(
    people, django_capture_on_commit_callbacks
):
    class Undo(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Undo),
        transaction.atomic(),
    ):
        raise_concern(people.amara_apprenticeship, people.carl)
        raise Undo
    assert callbacks == []
    assert mail.outbox == []
    assert not Notice.objects.exists()
    assert not Concern.objects.exists()


def test_an_urgent_concern_is_marked_urgent_in_the_email_and_the_notice(
    people, django_capture_on_commit_callbacks
):
    concern = raise_and_commit(people, django_capture_on_commit_callbacks, immediate_risk=True)
    concern = concern.concern
    email = mail.outbox[0]
    assert email.subject == f"URGENT: Safeguarding concern {concern.reference} raised"
    assert "reports an immediate risk" in email.body
    notice = Notice.objects.get()
    assert notice.urgent is True
    assert notice.title.startswith("Urgent safeguarding concern")


@pytest.mark.parametrize("immediate_risk", [True, False])
def test_the_email_says_nothing_of_the_concern_but_its_reference(
    people, django_capture_on_commit_callbacks, immediate_risk
):
    raise_and_commit(
        people,
        django_capture_on_commit_callbacks,
        category=Concern.Category.SELF_HARM,
        immediate_risk=immediate_risk,
        action_taken="Stayed with her until her sister came.",
    )
    email = mail.outbox[0]
    text = email.subject + email.body
    for secret in (
        ACCOUNT,
        "eaten since Friday",
        "Self-harm",
        "self_harm",
        "self-harm",
        "Amara",
        "sister",
        "Carl",
    ):
        assert secret.lower() not in text.lower(), secret
    assert not email.alternatives or all(
        "Amara" not in content for content, _ in email.alternatives
    )


def test_with_no_lead_the_provider_admins_are_told_instead(
    people, django_capture_on_commit_callbacks
):
    Membership.objects.filter(user=people.dina).delete()
    second_admin = UserFactory(email="pia@trellis.example", full_name="Pia Example")
    MembershipFactory(
        user=second_admin, organisation=people.provider, role=Membership.RoleChoice.PROVIDER_ADMIN
    )
    receipt = raise_and_commit(people, django_capture_on_commit_callbacks, immediate_risk=True)
    concern = receipt.concern
    assert receipt.told_leads is False
    assert concern.no_lead_when_raised is True
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert sorted(email.to) == sorted([people.pat.email, second_admin.email])
    assert email.subject == (
        f"URGENT: Safeguarding concern {concern.reference} raised: no safeguarding lead"
    )
    assert "has no safeguarding lead" in email.body
    assert "appoint one now" in email.body
    assert "Amara" not in email.body and "eaten" not in email.body
    notices = Notice.objects.order_by("recipient_id")
    assert {notice.recipient for notice in notices} == {people.pat, second_admin}
    for notice in notices:
        assert "no safeguarding lead" in notice.title
        assert "has no safeguarding lead" in notice.body
        assert notice.urgent is True
        # The admins cannot read the concern, so the notice does not point them to it.
        assert notice.url == ""
    # Nobody else at the provider is told.
    assert not Notice.objects.exclude(recipient__in=[people.pat, second_admin]).exists()


def test_another_provider_s_lead_is_not_told(people, django_capture_on_commit_callbacks):
    elsewhere = UserFactory(email="sasha@trellis.example")
    MembershipFactory(
        user=elsewhere,
        organisation=people.other_provider,
        role=Membership.RoleChoice.SAFEGUARDING_LEAD,
    )
    raise_and_commit(people, django_capture_on_commit_callbacks)
    assert mail.outbox[0].to == [people.dina.email]
    assert not Notice.objects.filter(recipient=elsewhere).exists()


def test_an_inactive_lead_is_not_told(people, django_capture_on_commit_callbacks):
    lead = second_lead(people)
    lead.is_active = False
    lead.save(update_fields=["is_active"])
    raise_and_commit(people, django_capture_on_commit_callbacks)
    assert [email.to for email in mail.outbox] == [[people.dina.email]]
    assert list(Notice.objects.values_list("recipient", flat=True)) == [people.dina.pk]


def test_the_only_lead_inactive_means_the_admins_are_told(
    people, django_capture_on_commit_callbacks
):
    people.dina.is_active = False
    people.dina.save(update_fields=["is_active"])
    receipt = raise_and_commit(people, django_capture_on_commit_callbacks)
    assert receipt.told_leads is False
    assert mail.outbox[0].to == [people.pat.email]
    assert not Notice.objects.filter(recipient=people.dina).exists()


def test_two_leads_are_each_told_once(people, django_capture_on_commit_callbacks):
    lead = second_lead(people)
    raise_and_commit(people, django_capture_on_commit_callbacks)
    recipients = sorted(address for email in mail.outbox for address in email.to)
    assert recipients == sorted([people.dina.email, lead.email])
    assert len(mail.outbox) in (1, 2)
    assert sorted(Notice.objects.values_list("recipient", flat=True)) == sorted(
        [people.dina.pk, lead.pk]
    )


def test_each_concern_raised_is_told_once(people, django_capture_on_commit_callbacks):
    raise_and_commit(people, django_capture_on_commit_callbacks)
    raise_and_commit(people, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2
    assert Notice.objects.filter(recipient=people.dina).count() == 2
    assert len({email.subject for email in mail.outbox}) == 2
