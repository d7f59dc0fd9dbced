from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from trellis.form_errors import add_service_errors
from trellis.portfolio.access import get_apprenticeship_for_portfolio
from trellis.portfolio.models import EvidenceItem
from trellis.showcase import downloads, selectors
from trellis.showcase.forms import SectionForm
from trellis.showcase.rules import NARRATIVE_MAX_WORDS, word_count
from trellis.showcase.services import (
    FROZEN_MESSAGE,
    can_write,
    is_frozen,
    require_can_write,
    showcase_section_save,
    showcase_submit,
)


def _context(apprenticeship, **extra) -> dict:
    return {
        "apprenticeship": apprenticeship,
        "record_tab": "portfolio",
        "portfolio_tab": "showcase",
        "frozen_message": FROZEN_MESSAGE if is_frozen(apprenticeship) else "",
        **extra,
    }


def index(request, pk: int):
    apprenticeship = get_apprenticeship_for_portfolio(request.user, pk)
    state = selectors.showcase_state(apprenticeship)
    return render(
        request,
        "showcase/index.html",
        _context(
            apprenticeship,
            state=state,
            snapshots=selectors.snapshots_for(apprenticeship),
            can_write=can_write(request.user, apprenticeship),
        ),
    )


@require_http_methods(["GET", "POST"])
def section(request, pk: int, key: str):
    apprenticeship = get_apprenticeship_for_portfolio(request.user, pk)
    state = selectors.section_state(apprenticeship, key)
    if state is None:
        raise Http404("No such section.")
    writer = can_write(request.user, apprenticeship)
    candidate_ids = {item.pk for item in state.candidates}
    stale = [item for item in state.picked if item.pk not in candidate_ids]
    form = SectionForm(
        request.POST if request.method == "POST" else None,
        candidates=state.candidates + stale,
        initial={
            "evidence": [item.pk for item in state.picked],
            "narrative": state.narrative,
            "revision": state.revision,
        },
    )
    if request.method == "POST":
        require_can_write(request.user, apprenticeship)
        if form.is_valid():
            items = list(
                EvidenceItem.objects.filter(
                    apprenticeship=apprenticeship, pk__in=form.cleaned_data["evidence"]
                )
            )
            try:
                showcase_section_save(
                    apprenticeship=apprenticeship,
                    key=key,
                    narrative=form.cleaned_data["narrative"],
                    evidence=items,
                    revision=form.cleaned_data["revision"],
                    saved_by=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"{state.title} saved.")
                return redirect("showcase:index", pk=pk)
    return render(
        request,
        "showcase/section.html",
        _context(
            apprenticeship,
            section=state,
            stale=stale,
            form=form,
            can_write=writer,
            max_words=NARRATIVE_MAX_WORDS,
            words=word_count(state.narrative),
        ),
    )


@require_http_methods(["GET", "POST"])
def submit(request, pk: int):
    apprenticeship = get_apprenticeship_for_portfolio(request.user, pk)
    require_can_write(request.user, apprenticeship)
    errors: list[str] = []
    if request.method == "POST":
        try:
            snapshot = showcase_submit(apprenticeship=apprenticeship, submitted_by=request.user)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                f"Showcase {snapshot.number} submitted for gateway. It is frozen as it is now; "
                "download it below.",
            )
            return redirect("showcase:index", pk=pk)
    state = selectors.showcase_state(apprenticeship)
    return render(
        request,
        "showcase/submit.html",
        _context(apprenticeship, state=state, errors=errors),
    )


@require_GET
def snapshot_pdf(request, pk: int, number: int):
    apprenticeship = get_apprenticeship_for_portfolio(request.user, pk)
    return downloads.pdf_response(downloads.get_snapshot(apprenticeship, number))


@require_GET
def snapshot_zip(request, pk: int, number: int):
    apprenticeship = get_apprenticeship_for_portfolio(request.user, pk)
    return downloads.zip_response(downloads.get_snapshot(apprenticeship, number))
