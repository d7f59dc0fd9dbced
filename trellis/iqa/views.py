from datetime import date
from itertools import chain

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from trellis.form_errors import add_service_errors
from trellis.iqa import access, selectors
from trellis.iqa.forms import DrawForm, ReferForm, RespondForm
from trellis.iqa.models import IqaSample
from trellis.iqa.rules import CoverageRow
from trellis.iqa.services import (
    Period,
    correcting_decisions,
    default_period,
    iqa_agree,
    iqa_draw,
    iqa_refer,
    iqa_respond,
    provider_consultants,
)
from trellis.portfolio.models import Decision
from trellis.tables import day, list_download
from trellis.wording import day_label

RECENT = 10


def _reverse_or_none(name: str, *args) -> str | None:
    """Return the URL, or None while the page it names is not there to link to."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def item_url(decision: Decision) -> str | None:
    return _reverse_or_none(
        "portfolio:item_detail", decision.item.apprenticeship_id, decision.item_id
    )


def correct_url(decision: Decision) -> str | None:
    return _reverse_or_none(
        "portfolio:decision_correct", decision.item.apprenticeship_id, decision.item_id, decision.pk
    )


def _report_period(request) -> tuple[Period, str | None]:
    """Return the report's period from the query, or the default and what was wrong."""
    period = default_period()
    start, end = request.GET.get("from"), request.GET.get("to")
    if not start and not end:
        return period, None
    try:
        chosen = Period(
            start=_date(start) if start else period.start, end=_date(end) if end else period.end
        )
    except ValueError:
        return period, "Enter the report's dates as real dates, such as 2026-03-01."
    if chosen.start > chosen.end:
        return period, "The report's period must start on or before the day it ends."
    return chosen, None


def _date(value: str) -> date:
    return date.fromisoformat(value)


def _draw_form(provider, data=None) -> DrawForm:
    period = default_period()
    return DrawForm(
        data,
        consultants=provider_consultants(provider),
        ksb_codes=selectors.judged_ksb_codes(provider),
        initial={
            "basis": IqaSample.Basis.RANDOM,
            "period_start": period.start,
            "period_end": period.end,
        },
    )


def _render_dashboard(request, provider, draw_form=None, status=200):
    period, period_error = _report_period(request)
    is_lead = access.is_quality_lead(request.user, provider.pk)
    context = {
        "provider": provider,
        "is_lead": is_lead,
        "report": selectors.coverage_report(provider, period),
        "period_error": period_error,
        "is_consultant": access.is_consultant(request.user),
    }
    if is_lead:
        context.update(
            form=draw_form or _draw_form(provider),
            awaiting_review=list(selectors.awaiting_review(provider, request.user)),
            awaiting_consultant=list(selectors.awaiting_consultant(provider, request.user)),
            recently_reviewed=selectors.recently_reviewed(provider, request.user, RECENT),
        )
    return render(request, "iqa/index.html", context, status=status)


def index(request):
    if not access.report_provider_ids(request.user):
        if access.is_consultant(request.user):
            return redirect("iqa:referrals")
        raise Http404("No quality assurance here.")
    provider = access.report_provider(request.user)
    return _render_dashboard(request, provider)


COVERAGE_HEADINGS = (
    "Consultant",
    "Decisions",
    "Sampled",
    "% sampled",
    "Agreed",
    "Referred",
    "Awaiting review",
    "Awaiting consultant",
    "Decisions made from",
    "Decisions made to",
)


def coverage_export(request, fmt: str):
    provider = access.report_provider(request.user)
    period, _ = _report_period(request)
    report = selectors.coverage_report(provider, period)
    # The page's table: a line per consultant, then the provider's total as its last line.
    named = [(row.consultant.full_name, row.figures) for row in report.rows]
    lines = (
        _coverage_line(name, figures, period)
        for name, figures in [*named, ("All consultants", report.total)]
    )
    return list_download(fmt, "iqa-coverage", COVERAGE_HEADINGS, lines)


def _coverage_line(name: str, figures: CoverageRow, period: Period) -> tuple:
    return (
        name,
        figures.decisions,
        figures.sampled,
        figures.percent_sampled,
        figures.agreed,
        figures.referred,
        figures.awaiting_review,
        figures.awaiting_consultant,
        period.start,
        period.end,
    )


SAMPLE_HEADINGS = (
    "Evidence",
    "Decision",
    "Consultant",
    "Apprentice",
    "Decided",
    "Sampled",
    "How drawn",
    "Verdict",
    "Verdict given",
    "Reason referred back",
    "Responded",
)


def samples_export(request, fmt: str):
    provider = access.report_provider(request.user)
    access.require_reads_samples(request.user, provider)
    # The dashboard's three lists in its order, the reviewed ones in full, not the latest ten.
    samples = chain(
        selectors.awaiting_review(provider, request.user),
        selectors.awaiting_consultant(provider, request.user),
        selectors.reviewed(provider, request.user),
    )
    return list_download(fmt, "iqa-samples", SAMPLE_HEADINGS, map(_sample_line, samples))


def _sample_line(sample: IqaSample) -> tuple:
    decision = sample.decision
    return (
        decision.item.title,
        decision.get_outcome_display(),
        sample.consultant.full_name,
        decision.item.apprenticeship.apprentice.full_name,
        day(decision.decided_at),
        day(sample.sampled_at),
        sample.get_basis_display(),
        sample.get_outcome_display(),
        day(sample.reviewed_at),
        sample.reason,
        day(sample.responded_at),
    )


@require_POST
def draw(request):
    provider = access.report_provider(request.user)
    access.require_can_draw(request.user, provider)
    form = _draw_form(provider, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            samples = iqa_draw(
                provider=provider,
                drawn_by=request.user,
                basis=data["basis"],
                consultant=data["consultant"],
                ksb_code=data["ksb_code"],
                rate=data["rate"],
                number=data["number"],
                period=Period(data["period_start"], data["period_end"]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            count = len(samples)
            messages.success(
                request,
                f"{count} decision{'s' if count != 1 else ''} drawn for review, made between "
                f"{day_label(data['period_start'])} and {day_label(data['period_end'])}.",
            )
            return redirect("iqa:index")
    return _render_dashboard(request, provider, draw_form=form)


def _sample_context(request, sample: IqaSample) -> dict:
    decision = (
        Decision.objects.select_related(
            "item__apprenticeship__apprentice", "decided_by", "corrects", "submission"
        )
        .prefetch_related("judgements__ksb", "item__mappings__ksb")
        .get(pk=sample.decision_id)
    )
    is_responder = access.can_respond(request.user, sample)
    return {
        "sample": sample,
        "decision": decision,
        "item_url": item_url(decision),
        "correct_url": correct_url(decision) if is_responder else None,
        "can_review": access.can_review(request.user, sample)
        and sample.outcome == IqaSample.Outcome.PENDING,
        "can_respond": is_responder
        and sample.outcome == IqaSample.Outcome.REFERRED
        and sample.responded_at is None,
        "is_lead": access.is_quality_lead(request.user, sample.provider_id),
    }


def _respond_form(request, sample: IqaSample, data=None, **kwargs) -> RespondForm:
    ids = [d.pk for d in correcting_decisions(sample, request.user)]
    return RespondForm(
        data, corrections=Decision.objects.filter(pk__in=ids).order_by("decided_at"), **kwargs
    )


def _render_sample(request, sample, refer_form=None, respond_form=None, status=200):
    context = _sample_context(request, sample)
    if context["can_review"]:
        context["refer_form"] = refer_form or ReferForm()
    if context["can_respond"]:
        context["respond_form"] = respond_form or _respond_form(request, sample)
    return render(request, "iqa/sample.html", context, status=status)


def sample_detail(request, sample_id: int):
    sample = access.get_sample_for_user(request.user, sample_id)
    return _render_sample(request, sample)


@require_POST
def sample_agree(request, sample_id: int):
    sample = access.get_sample_for_user(request.user, sample_id)
    try:
        iqa_agree(sample=sample, reviewed_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("iqa:sample", sample_id=sample.pk)
    messages.success(request, f"You agreed with the decision on “{sample.decision.item.title}”.")
    return redirect("iqa:index")


@require_POST
def sample_refer(request, sample_id: int):
    sample = access.get_sample_for_user(request.user, sample_id)
    access.require_can_review(request.user, sample)
    form = ReferForm(request.POST)
    if form.is_valid():
        try:
            iqa_refer(sample=sample, reviewed_by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"The decision on “{sample.decision.item.title}” was referred back to "
                f"{sample.consultant.full_name}.",
            )
            return redirect("iqa:index")
    return _render_sample(request, sample, refer_form=form)


@require_http_methods(["POST"])
def sample_respond(request, sample_id: int):
    sample = access.get_sample_for_user(request.user, sample_id)
    access.require_can_respond(request.user, sample)
    form = _respond_form(request, sample, request.POST)
    if form.is_valid():
        try:
            iqa_respond(
                sample=sample,
                responded_by=request.user,
                response=form.cleaned_data["response"],
                correcting_decision=form.cleaned_data.get("correcting_decision"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"Your response on “{sample.decision.item.title}” was recorded."
            )
            return redirect("iqa:referrals")
    return _render_sample(request, sample, respond_form=form)


def referrals(request):
    if not access.is_consultant(request.user):
        raise Http404("No referrals here.")
    samples = list(selectors.referrals_for(request.user))
    for sample in samples:
        sample.item_url = item_url(sample.decision)
        sample.correct_url = correct_url(sample.decision)
        if sample.responded_at is None:
            # Several forms on one page: ids kept apart, field names kept for the POST.
            sample.respond_form = _respond_form(request, sample, auto_id=f"id_s{sample.pk}_%s")
    return render(
        request,
        "iqa/referrals.html",
        {
            "awaiting": [s for s in samples if s.responded_at is None],
            "responded": [s for s in samples if s.responded_at is not None],
            "agreed": list(selectors.agreed_for(request.user)[:RECENT]),
            "today": timezone.localdate(),
        },
    )
