"""The pages anyone signed in uses: raising a concern, the concerns they raised, and the
notes a safeguarding lead shared with them. None of them shows more of a concern than that
person may know."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from trellis.apprenticeships.models import Apprenticeship
from trellis.form_errors import add_service_errors
from trellis.organisations.models import Membership, Organisation
from trellis.safeguarding import access, reads, rules
from trellis.safeguarding.models import Concern
from trellis.safeguarding.raise_forms import RaiseForm, apprentice_label
from trellis.safeguarding.services import concern_raise
from trellis.wording import day_label

PAGE_SIZE = 25


def _preselected(request, apprenticeships) -> Apprenticeship | None:
    """Return the apprenticeship named in the query (404 unless this person may raise about
    it), or the only one they may raise about."""
    value = request.GET.get("apprenticeship")
    if value:
        if not value.isascii() or not value.isdigit() or len(value) > 12:
            raise Http404("No such apprenticeship.")
        return access.get_apprenticeship_to_raise_about(request.user, int(value))
    only = list(apprenticeships[:2])
    return only[0] if len(only) == 1 else None


def _offered(apprenticeships, value: str) -> Apprenticeship | None:
    if not value.isascii() or not value.isdigit() or len(value) > 12:
        return None
    return apprenticeships.filter(pk=int(value)).first()


def _providers_without_lead(apprenticeships: QuerySet[Apprenticeship]) -> list[str]:
    """Name the providers, among these apprenticeships', that have no safeguarding lead."""
    leads = Membership.objects.filter(
        organisation=OuterRef("pk"),
        role=Membership.RoleChoice.SAFEGUARDING_LEAD,
        user__is_active=True,
    )
    return list(
        Organisation.objects.filter(pk__in=apprenticeships.values("provider_id"))
        .filter(~Exists(leads))
        .order_by("name")
        .values_list("name", flat=True)
    )


def _no_lead_warning(names: list[str]) -> list[str]:
    return [
        f"{name} has no safeguarding lead in Trellis, so its administrators will be told. "
        "Phone the provider as well."
        for name in names
    ]


def _received_message(concern: Concern, told_leads: bool) -> str:
    provider = concern.provider.name
    if told_leads:
        return (
            f"Concern {concern.reference} received. {provider}'s safeguarding lead has been told."
        )
    return (
        f"Concern {concern.reference} received. {provider} has no safeguarding lead in "
        "Trellis, so its administrators have been told: phone the provider as well."
    )


@require_http_methods(["GET", "POST"])
def raise_concern(request):
    apprenticeships = access.raisable_apprenticeships(request.user)
    fixed = _preselected(request, apprenticeships)
    if fixed is None and not apprenticeships.exists():
        return render(
            request,
            "safeguarding/raise.html",
            {"nothing_to_raise": True, "emergency_advice": rules.EMERGENCY_ADVICE},
        )
    chosen = fixed
    if request.method == "POST":
        posted = request.POST.get("apprenticeship", "")
        if posted:
            # One not offered to this person is not found, whatever number was sent.
            chosen = _offered(apprenticeships, posted)
            if chosen is None:
                raise Http404("No such apprenticeship.")
        form = RaiseForm(
            request.POST,
            request.FILES,
            user=request.user,
            apprenticeships=apprenticeships,
            fixed=fixed,
        )
        if form.is_valid():
            try:
                receipt = concern_raise(
                    raised_by=request.user,
                    apprenticeship=form.cleaned_data["apprenticeship"],
                    details=form.details(),
                    upload=form.cleaned_data.get("file"),
                )
            except PermissionDenied:
                raise Http404("No such apprenticeship.") from None
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _received_message(receipt.concern, receipt.told_leads))
                return redirect("safeguarding:raised")
    else:
        form = RaiseForm(user=request.user, apprenticeships=apprenticeships, fixed=fixed)
    action = reverse("safeguarding:raise")
    if fixed is not None and request.GET.get("apprenticeship"):
        action += f"?apprenticeship={fixed.pk}"
    return render(
        request,
        "safeguarding/raise.html",
        {
            "form": form,
            "fixed": fixed,
            "fixed_label": apprentice_label(fixed, request.user) if fixed else "",
            "action": action,
            "emergency_advice": rules.EMERGENCY_ADVICE,
            "no_lead_warnings": _no_lead_warning(
                _providers_without_lead(
                    apprenticeships.filter(pk=chosen.pk) if chosen else apprenticeships
                )
            ),
        },
    )


def _raised_row(concern: Concern) -> dict:
    if concern.subject == Concern.Subject.MENTORED_LEARNER:
        about = (
            f"Learner {concern.learner_ref}, mentored by "
            f"{concern.apprenticeship.apprentice.full_name}"
        )
    else:
        about = concern.apprenticeship.apprentice.full_name
    return {
        "reference": concern.reference,
        "about": about,
        "raised_on": day_label(timezone.localdate(concern.raised_at)),
        "status": "Received, open" if concern.is_open else "Closed",
        "is_open": concern.is_open,
    }


def raised(request):
    """The concerns this person raised: a reference, about whom, when, open or closed."""
    page = Paginator(access.concerns_raised_by(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [_raised_row(concern) for concern in page.object_list]
    return render(request, "safeguarding/raised.html", {"page": page, "rows": rows})


def shared_notes(request):
    page = Paginator(access.notes_shared_with(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "safeguarding/shared_notes.html", {"page": page})


def shared_note(request, note_id: int):
    note = access.get_shared_note_for_user(request.user, note_id)
    reads.record_read(
        note.concern,
        reader=request.user,
        part=reads.ReadOf.SHARED_NOTE,
        detail=f"note shared on {day_label(timezone.localdate(note.shared_at))}",
    )
    return render(
        request,
        "safeguarding/shared_note.html",
        {"note": note, "apprentice": note.concern.apprenticeship.apprentice},
    )
