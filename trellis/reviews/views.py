from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from trellis.apprenticeships.access import get_apprenticeship_for_user
from trellis.reviews import access, rules, selectors, services
from trellis.reviews.forms import CorrectionForm, NextStepFormSet, ReviewForm, next_steps_from
from trellis.reviews.wellbeing import concern_raised_at, concerns_passed_on
from trellis.tables import list_download


def index(request, pk: int):
    apprenticeship = get_apprenticeship_for_user(request.user, pk)
    schedule = selectors.review_schedule(apprenticeship)
    reviews = list(selectors.reviews_for(apprenticeship))
    for review in reviews:
        review.still_to_sign = selectors.parties_still_to_sign(review)
        review.signing_party = access.signing_party(request.user, review)
    return render(
        request,
        "reviews/index.html",
        {
            "apprenticeship": apprenticeship,
            "record_tab": "reviews",
            "schedule": schedule,
            "due_state": rules.due_state(schedule.next_due, timezone.localdate()),
            "reviews": reviews,
            "to_sign": [review for review in reviews if review.signing_party],
            "can_record": access.can_record(request.user, apprenticeship),
        },
    )


REVIEW_HEADINGS = ("Held", "How", "Signatures", "Corrects the review of", "Corrected")


def reviews_export(request, pk: int, fmt: str):
    apprenticeship = get_apprenticeship_for_user(request.user, pk)
    reviews = selectors.reviews_for(apprenticeship)
    return list_download(
        fmt,
        "progress-reviews",
        REVIEW_HEADINGS,
        map(_review_line, reviews),
        of=apprenticeship.apprentice.full_name,
    )


def _review_line(review) -> tuple:
    still_to_sign = selectors.parties_still_to_sign(review)
    return (
        review.held_on,
        review.get_mode_display(),
        "Signed and locked"
        if review.is_locked
        else "Awaiting " + ", ".join(party.label.lower() for party in still_to_sign),
        review.corrects.held_on if review.corrects else None,
        "Yes" if review.corrections.all() else "No",
    )


def detail(request, pk: int, review_id: int):
    review = access.get_review_for_user(request.user, pk, review_id)
    review = selectors.reviews_for(review.apprenticeship).get(pk=review.pk)
    return render(
        request,
        "reviews/detail.html",
        {
            "apprenticeship": review.apprenticeship,
            "record_tab": "reviews",
            "review": review,
            "still_to_sign": selectors.parties_still_to_sign(review),
            "signing_party": access.signing_party(request.user, review),
            "can_edit": access.can_edit(request.user, review),
            "can_correct": access.can_record(request.user, review.apprenticeship)
            and review.is_locked
            and not review.corrections.exists(),
            "concern_raised_at": concern_raised_at(review),
        },
    )


def record(request, pk: int):
    apprenticeship = get_apprenticeship_for_user(request.user, pk)
    access.require_can_record(request.user, apprenticeship)
    steps = selectors.steps_to_follow_up(apprenticeship)
    last = selectors.last_review(apprenticeship)
    initial = {
        "held_on": timezone.localdate(),
        "wellbeing": "no_concerns",
        "otj_hours_since": selectors.confirmed_otj_hours_since(
            apprenticeship, last.held_on if last else None
        ),
        **{
            f"ksb_{ksb_id}": rating
            for ksb_id, rating in selectors.last_ratings(apprenticeship).items()
        },
    }
    return _review_form(request, apprenticeship, None, steps, initial, [])


def edit(request, pk: int, review_id: int):
    review = access.get_review_for_user(request.user, pk, review_id)
    access.require_can_record(request.user, review.apprenticeship)
    content = services.content_of(review)
    steps = selectors.steps_to_follow_up(review.apprenticeship, review)
    initial = {name: getattr(content, name) for name in services.CONTENT_FIELDS}
    # What was seen or said is never kept in the review, so the form starts without it.
    initial.pop("wellbeing_notes")
    initial.update({f"ksb_{k}": v for k, v in content.ksb_ratings.items()})
    for row in content.follow_ups:
        initial[f"done_{row.next_step_id}"] = "yes" if row.done else "no"
        initial[f"note_{row.next_step_id}"] = row.note
    step_rows = [vars(row) for row in content.next_steps]
    return _review_form(request, review.apprenticeship, review, steps, initial, step_rows)


def _review_form(request, apprenticeship, review, steps, initial, step_rows):
    """Show the review form, and on POST save it through the service."""
    kwargs = {
        "ksbs": list(apprenticeship.standard_version.ksbs.order_by("position")),
        "steps": steps,
        "latest_next": selectors.latest_next_review_date(apprenticeship, timezone.localdate()),
    }
    if request.method == "POST":
        form = ReviewForm(request.POST, **kwargs)
        formset = NextStepFormSet(request.POST, prefix="steps")
        if form.is_valid() and formset.is_valid():
            content = form.to_content(next_steps_from(formset))
            try:
                if review is None:
                    review = services.review_record(
                        apprenticeship=apprenticeship, recorded_by=request.user, content=content
                    )
                else:
                    review = services.review_update(
                        review=review, changed_by=request.user, content=content
                    )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, "Review saved. It now needs signing by all three.")
                return redirect("reviews:detail", apprenticeship.pk, review.pk)
    else:
        form = ReviewForm(initial=initial, **kwargs)
        formset = NextStepFormSet(initial=step_rows, prefix="steps")
    return render(
        request,
        "reviews/form.html",
        {
            "apprenticeship": apprenticeship,
            "record_tab": "reviews",
            "review": review,
            "form": form,
            "formset": formset,
            "concerns_passed_on": review is not None
            and concerns_passed_on(review, stored_wellbeing=review.wellbeing),
            "concern_raised_at": concern_raised_at(review) if review is not None else None,
        },
    )


@require_POST
def sign(request, pk: int, review_id: int):
    review = access.get_review_for_user(request.user, pk, review_id)
    try:
        services.review_sign(review=review, signed_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        review.refresh_from_db()
        messages.success(
            request,
            "You signed the review. All three have signed: it is now locked."
            if review.is_locked
            else "You signed the review.",
        )
    return redirect("reviews:detail", pk, review_id)


def correct(request, pk: int, review_id: int):
    review = access.get_review_for_user(request.user, pk, review_id)
    access.require_can_record(request.user, review.apprenticeship)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            correction = services.review_correct(
                review=review, corrected_by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request, "Correction started: change what was wrong, then all three sign it."
            )
            return redirect("reviews:edit", pk, correction.pk)
    return render(
        request,
        "reviews/correct.html",
        {
            "apprenticeship": review.apprenticeship,
            "record_tab": "reviews",
            "review": review,
            "form": form,
        },
    )
