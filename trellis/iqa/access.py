"""Who sees and does what in internal quality assurance: the one place these rules live.

The provider's quality lead draws samples, reviews them and reads the report; the provider
admin reads the report only. A consultant sees the samples of their own decisions once they
have a verdict: referred ones to act on, agreed ones to read. Anyone else is told nothing
exists (404), whatever URL they guess.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from trellis.iqa.models import IqaSample
from trellis.organisations.models import Organisation, User
from trellis.organisations.roles import Role
from trellis.organisations.selectors import roles_for_user

REPORT_ROLES = (Role.QUALITY_LEAD, Role.PROVIDER_ADMIN)
CONSULTANT_VISIBLE = (IqaSample.Outcome.AGREED, IqaSample.Outcome.REFERRED)


def quality_lead_provider_ids(user: User) -> set[int]:
    return roles_for_user(user).organisation_ids(Role.QUALITY_LEAD)


def report_provider_ids(user: User) -> set[int]:
    return roles_for_user(user).organisation_ids(*REPORT_ROLES)


def is_quality_lead(user: User, provider_id: int) -> bool:
    return provider_id in quality_lead_provider_ids(user)


def is_consultant(user: User) -> bool:
    return roles_for_user(user).has(Role.CONSULTANT)


def report_provider(user: User, provider_id: int | None = None) -> Organisation:
    """Return the provider whose report this person reads (the one asked for, or their
    first by name); raise 404 if they read no report there."""
    ids = report_provider_ids(user)
    if provider_id is not None:
        ids = ids & {provider_id}
    provider = Organisation.objects.filter(pk__in=ids).order_by("name", "pk").first()
    if provider is None:
        raise Http404("No quality assurance here.")
    return provider


def require_quality_lead(user: User, provider: Organisation, *, refusal: str) -> None:
    """Raise 403 with the refusal for the provider admin, who reads the report only; 404 for
    anyone who sees nothing of the provider's quality assurance."""
    if is_quality_lead(user, provider.pk):
        return
    if provider.pk in report_provider_ids(user):
        raise PermissionDenied(refusal)
    raise Http404("No quality assurance here.")


def require_can_draw(user: User, provider: Organisation) -> None:
    require_quality_lead(user, provider, refusal="Only the provider's quality lead draws samples.")


def require_reads_samples(user: User, provider: Organisation) -> None:
    require_quality_lead(
        user, provider, refusal="Only the provider's quality lead reads the samples."
    )


def samples_visible_filter(user: User) -> Q:
    """Return the condition matching every sample this person may see."""
    condition = Q(provider_id__in=quality_lead_provider_ids(user))
    if is_consultant(user):
        condition |= Q(consultant=user, outcome__in=CONSULTANT_VISIBLE)
    return condition


def samples_visible_to(user: User) -> QuerySet[IqaSample]:
    return IqaSample.objects.filter(samples_visible_filter(user)).select_related(
        "decision__item__apprenticeship__apprentice",
        "decision__decided_by",
        "consultant",
        "sampled_by",
        "reviewed_by",
        "correcting_decision",
    )


def sees_samples(user: User) -> bool:
    """Tell whether this person has any reason to see samples at all."""
    return bool(quality_lead_provider_ids(user)) or is_consultant(user)


def get_sample_for_user(user: User, pk: int) -> IqaSample:
    """Return the sample if this person may see it; otherwise raise 404."""
    try:
        return samples_visible_to(user).get(pk=pk)
    except IqaSample.DoesNotExist:
        raise Http404("No such sample.") from None


def can_review(user: User, sample: IqaSample) -> bool:
    return is_quality_lead(user, sample.provider_id) and sample.consultant_id != user.pk


def require_can_review(user: User, sample: IqaSample) -> None:
    """Raise 403 unless this person is the provider's quality lead and did not make the
    decision themselves (404 first for anyone who may not see the sample)."""
    if not samples_visible_to(user).filter(pk=sample.pk).exists():
        raise Http404("No such sample.")
    if not is_quality_lead(user, sample.provider_id):
        raise PermissionDenied("Only the provider's quality lead agrees or refers a decision.")
    if sample.consultant_id == user.pk:
        raise PermissionDenied(
            "You made this decision, so another quality lead reviews it, not you."
        )


def can_respond(user: User, sample: IqaSample) -> bool:
    return sample.consultant_id == user.pk


def require_can_respond(user: User, sample: IqaSample) -> None:
    """Raise 403 unless this person made the sampled decision (404 first for anyone who may
    not see the sample)."""
    if not samples_visible_to(user).filter(pk=sample.pk).exists():
        raise Http404("No such sample.")
    if not can_respond(user, sample):
        raise PermissionDenied("Only the consultant who made the decision responds to a referral.")
