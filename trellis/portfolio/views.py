from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from trellis.downloads import file_response
from trellis.form_errors import add_service_errors
from trellis.portfolio import access, rules, selectors
from trellis.portfolio.access import get_apprenticeship_for_portfolio, get_item_for_user
from trellis.portfolio.decisions import (
    evidence_assess,
    evidence_decision_correct,
    evidence_return,
    evidence_submit,
)
from trellis.portfolio.forms import (
    KIND_HINTS,
    AssessForm,
    CorrectionForm,
    EvidenceForm,
    EvidenceKindForm,
    FileForm,
    MappingForm,
    ReturnForm,
)
from trellis.portfolio.models import (
    Decision,
    EvidenceFile,
    EvidenceItem,
    EvidenceKind,
    KsbJudgement,
)
from trellis.portfolio.services import (
    evidence_change,
    evidence_create,
    evidence_delete,
    evidence_file_add,
    evidence_file_remove,
    evidence_map,
    evidence_reopen,
    justification_field,
    preselected_ksbs,
)
from trellis.standards.models import KSB
from trellis.tables import list_download

ITEMS_PER_PAGE = 20
# Items from a mentoring session or a CPD record are made from those logs, not here.
KINDS_MADE_ELSEWHERE = (EvidenceKind.MENTORING_SESSION, EvidenceKind.CPD)
STATUS_TAGS = {
    EvidenceItem.Status.DRAFT: "tag--grey",
    EvidenceItem.Status.SUBMITTED: "tag--yellow",
    EvidenceItem.Status.RETURNED: "tag--red",
    EvidenceItem.Status.ASSESSED: "tag--green",
}


def _context(apprenticeship, **extra) -> dict:
    return {
        "apprenticeship": apprenticeship,
        "record_tab": "portfolio",
        "portfolio_tab": "evidence",
        **extra,
    }


def _to_item(item) -> str:
    return redirect("portfolio:item_detail", pk=item.apprenticeship_id, item_id=item.pk)


def _evidence_filter(request, apprenticeship) -> selectors.EvidenceFilter:
    return selectors.evidence_filter(
        apprenticeship,
        status=request.GET.get("status", ""),
        ksb_code=request.GET.get("ksb", ""),
    )


def index(request, pk: int):
    apprenticeship = get_apprenticeship_for_portfolio(request.user, pk)
    counts = dict(
        EvidenceItem.objects.filter(apprenticeship=apprenticeship)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    chosen = _evidence_filter(request, apprenticeship)
    status, ksb_code, ksb = chosen.status, chosen.ksb_code, chosen.ksb
    assessor = access.can_assess(request.user, apprenticeship)
    # The consultant's work comes first: what awaits their assessment.
    items = selectors.evidence_items(apprenticeship, chosen, awaiting_first=assessor)
    page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    for item in page:
        item.status_tag = STATUS_TAGS[item.status]
    status_counts = [
        (value, label, counts.get(value, 0), STATUS_TAGS[value])
        for value, label in EvidenceItem.Status.choices
    ]
    query = "&".join(
        part
        for part in (f"status={status}" if status else "", f"ksb={ksb_code}" if ksb else "")
        if part
    )
    return render(
        request,
        "portfolio/index.html",
        _context(
            apprenticeship,
            page=page,
            status_counts=status_counts,
            total=sum(counts.values()),
            status=status,
            ksb_code=ksb_code,
            ksb=ksb,
            query=query,
            can_add=bool(_addable_kinds(request.user, apprenticeship)),
            assessor=assessor,
            statuses=EvidenceItem.Status.choices,
        ),
    )


EVIDENCE_HEADINGS = ("Title", "Kind", "Date", "KSBs", "Status")


def evidence_export(request, pk: int, fmt: str):
    apprenticeship = get_apprenticeship_for_portfolio(request.user, pk)
    items = selectors.evidence_items(
        apprenticeship,
        _evidence_filter(request, apprenticeship),
        awaiting_first=access.can_assess(request.user, apprenticeship),
    )
    return list_download(
        fmt,
        "evidence",
        EVIDENCE_HEADINGS,
        map(_evidence_line, items),
        of=apprenticeship.apprentice.full_name,
    )


def _evidence_line(item: EvidenceItem) -> tuple:
    return (
        item.title,
        item.get_kind_display(),
        item.occurred_on,
        ", ".join(mapping.ksb.code for mapping in item.mappings.all()),
        item.get_status_display(),
    )


def _addable_kinds(user, apprenticeship) -> list[str]:
    return [k for k in access.kinds_for(user, apprenticeship) if k not in KINDS_MADE_ELSEWHERE]


@require_http_methods(["GET", "POST"])
def item_new(request, pk: int):
    apprenticeship = get_apprenticeship_for_portfolio(request.user, pk)
    kinds = _addable_kinds(request.user, apprenticeship)
    if not kinds:
        raise PermissionDenied("Only the apprentice, their consultant or employer add evidence.")
    kind = request.POST.get("kind") or request.GET.get("kind")
    if len(kinds) == 1:
        kind = kinds[0]
    if kind not in kinds:
        kind_form = EvidenceKindForm(request.GET if "kind" in request.GET else None, kinds=kinds)
        kind_form.is_valid()
        return render(
            request,
            "portfolio/item_kind.html",
            _context(apprenticeship, form=kind_form, hints=KIND_HINTS),
        )
    form = EvidenceForm(request.POST if request.method == "POST" else None, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            item = evidence_create(
                apprenticeship=apprenticeship,
                created_by=request.user,
                kind=kind,
                details=form.details(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{item.title}” has been saved as a draft.")
            if kind == EvidenceKind.FILE:
                return redirect("portfolio:file_upload", pk=pk, item_id=item.pk)
            return _to_item(item)
    return render(
        request,
        "portfolio/item_form.html",
        _context(apprenticeship, form=form, kind=kind, kind_label=EvidenceKind(kind).label),
    )


def _decisions(item):
    return (
        item.decisions.select_related("decided_by", "submission", "corrects")
        .prefetch_related(
            Prefetch("judgements", queryset=KsbJudgement.objects.select_related("ksb"))
        )
        .order_by("decided_at", "pk")
    )


def item_detail(request, pk: int, item_id: int):
    item = get_item_for_user(request.user, pk, item_id)
    user = request.user
    mappings = list(item.mappings.select_related("ksb"))
    evidence_files = list(item.files.select_related("uploaded_by", "removed_by"))
    changeable = rules.refuse_change(item.status) is None
    can_change = access.can_change(user, item)
    can_put_forward = access.can_put_forward(user, item)
    can_assess = access.can_assess(user, item.apprenticeship)
    decisions = list(_decisions(item))
    submissions = list(item.submissions.select_related("submitted_by"))
    history = sorted(
        [("submission", s.submitted_at, s) for s in submissions]
        + [("decision", d.decided_at, d) for d in decisions],
        key=lambda row: row[1],
    )
    return render(
        request,
        "portfolio/item_detail.html",
        _context(
            item.apprenticeship,
            item=item,
            status_tag=STATUS_TAGS[item.status],
            mappings=mappings,
            files=[f for f in evidence_files if f.removed_at is None],
            removed_files=[f for f in evidence_files if f.removed_at is not None],
            history=history,
            can_edit=changeable and can_change,
            can_map=changeable and can_put_forward,
            can_submit=changeable and can_put_forward,
            can_decide=can_assess and item.status == EvidenceItem.Status.SUBMITTED,
            can_correct=can_assess
            and item.status in (EvidenceItem.Status.ASSESSED, EvidenceItem.Status.RETURNED),
            can_reopen=can_put_forward and item.status == EvidenceItem.Status.ASSESSED,
            can_delete=can_change and item.status == EvidenceItem.Status.DRAFT and not submissions,
            refusal=rules.refuse_change(item.status),
        ),
    )


@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int, item_id: int):
    item = get_item_for_user(request.user, pk, item_id)
    access.require_can_change(request.user, item)
    initial = {
        "title": item.title,
        "occurred_on": item.occurred_on,
        "body": item.body,
        "witness_name": item.witness_name,
        "witness_role": item.witness_role,
        "revision": item.revision,
    }
    form = EvidenceForm(
        request.POST if request.method == "POST" else None, kind=item.kind, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            evidence_change(
                item=item,
                changed_by=request.user,
                details=form.details(),
                revision=form.cleaned_data["revision"] or 0,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your changes have been saved.")
            return _to_item(item)
    return render(
        request,
        "portfolio/item_form.html",
        _context(
            item.apprenticeship,
            form=form,
            item=item,
            kind=item.kind,
            kind_label=item.get_kind_display(),
            refusal=rules.refuse_change(item.status),
        ),
    )


@require_http_methods(["GET", "POST"])
def item_map(request, pk: int, item_id: int):
    item = get_item_for_user(request.user, pk, item_id)
    access.require_can_put_forward(request.user, item)
    ksbs = KSB.objects.filter(standard_version_id=item.apprenticeship.standard_version_id)
    existing = {m.ksb.code: m.justification for m in item.mappings.select_related("ksb")}
    initial = {"revision": item.revision}
    for code in preselected_ksbs(item):
        initial[f"ksb_{code}"] = True
        initial[justification_field(code)] = existing.get(code, "")
    form = MappingForm(
        request.POST if request.method == "POST" else None, ksbs=ksbs, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            evidence_map(
                item=item,
                mapped_by=request.user,
                justifications=form.justifications(),
                revision=form.cleaned_data["revision"],
            )
        except ValidationError as error:
            errors = error.message_dict
            if "ksbs" in errors:
                form.add_error(None, errors.pop("ksbs"))
            if errors:
                add_service_errors(form, ValidationError(errors))
        else:
            count = len(form.justifications())
            messages.success(
                request, f"The item is mapped to {count} KSB{'' if count == 1 else 's'}."
            )
            return _to_item(item)
    return render(
        request,
        "portfolio/item_map.html",
        _context(item.apprenticeship, form=form, item=item),
    )


@require_http_methods(["GET", "POST"])
def file_upload(request, pk: int, item_id: int):
    item = get_item_for_user(request.user, pk, item_id)
    access.require_can_change(request.user, item)
    form = FileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            stored = evidence_file_add(
                item=item, uploaded_by=request.user, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{stored.original_name}” has been uploaded.")
            return _to_item(item)
    return render(
        request,
        "portfolio/file_upload.html",
        _context(
            item.apprenticeship,
            form=form,
            item=item,
            refusal=rules.refuse_change(item.status),
            max_mb=settings.EVIDENCE_MAX_UPLOAD_MB,
        ),
    )


def _file(request, pk: int, item_id: int, file_id: int) -> EvidenceFile:
    item = get_item_for_user(request.user, pk, item_id)
    try:
        evidence_file = item.files.get(pk=file_id)
    except EvidenceFile.DoesNotExist:
        raise Http404("No such file.") from None
    evidence_file.item = item
    return evidence_file


def file_download(request, pk: int, item_id: int, file_id: int):
    evidence_file = _file(request, pk, item_id, file_id)
    return file_response(
        evidence_file.file,
        filename=evidence_file.original_name,
        content_type=evidence_file.content_type,
    )


@require_POST
def file_remove(request, pk: int, item_id: int, file_id: int):
    evidence_file = _file(request, pk, item_id, file_id)
    try:
        evidence_file_remove(evidence_file=evidence_file, removed_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{evidence_file.original_name}” has been removed.")
    return _to_item(evidence_file.item)


@require_POST
def item_submit(request, pk: int, item_id: int):
    item = get_item_for_user(request.user, pk, item_id)
    try:
        evidence_submit(item=item, submitted_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{item.title}” has been submitted for assessment.")
    return _to_item(item)


@require_http_methods(["GET", "POST"])
def item_assess(request, pk: int, item_id: int):
    item = get_item_for_user(request.user, pk, item_id)
    access.require_can_assess(request.user, item.apprenticeship)
    mappings = item.mappings.select_related("ksb")
    form = AssessForm(request.POST if request.method == "POST" else None, mappings=mappings)
    if request.method == "POST" and form.is_valid():
        try:
            evidence_assess(
                item=item,
                assessed_by=request.user,
                judgements=form.judgements(),
                feedback=form.cleaned_data["feedback"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{item.title}” has been assessed.")
            return _to_item(item)
    return render(
        request,
        "portfolio/item_assess.html",
        _context(
            item.apprenticeship, form=form, item=item, refusal=rules.refuse_decision(item.status)
        ),
    )


@require_http_methods(["GET", "POST"])
def item_return(request, pk: int, item_id: int):
    item = get_item_for_user(request.user, pk, item_id)
    access.require_can_assess(request.user, item.apprenticeship)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            evidence_return(
                item=item, returned_by=request.user, feedback=form.cleaned_data["feedback"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{item.title}” has been returned with your feedback.")
            return _to_item(item)
    return render(
        request,
        "portfolio/item_return.html",
        _context(
            item.apprenticeship, form=form, item=item, refusal=rules.refuse_decision(item.status)
        ),
    )


@require_http_methods(["GET", "POST"])
def decision_correct(request, pk: int, item_id: int, decision_id: int):
    item = get_item_for_user(request.user, pk, item_id)
    access.require_can_assess(request.user, item.apprenticeship)
    try:
        decision = _decisions(item).get(pk=decision_id)
    except Decision.DoesNotExist:
        raise Http404("No such decision.") from None
    decision.item = item
    mappings = item.mappings.select_related("ksb")
    form = CorrectionForm(request.POST or None, mappings=mappings)
    if request.method == "POST" and form.is_valid():
        try:
            evidence_decision_correct(
                decision=decision,
                corrected_by=request.user,
                reason=form.cleaned_data["reason"],
                outcome=form.cleaned_data["outcome"],
                judgements=form.judgements(),
                feedback=form.cleaned_data["feedback"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The decision has been corrected.")
            return _to_item(item)
    return render(
        request,
        "portfolio/decision_correct.html",
        _context(item.apprenticeship, form=form, item=item, decision=decision),
    )


@require_POST
def item_reopen(request, pk: int, item_id: int):
    item = get_item_for_user(request.user, pk, item_id)
    try:
        evidence_reopen(item=item, reopened_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"“{item.title}” is a draft again: change it, then submit it again."
        )
    return _to_item(item)


@require_http_methods(["GET", "POST"])
def item_delete(request, pk: int, item_id: int):
    item = get_item_for_user(request.user, pk, item_id)
    access.require_can_change(request.user, item)
    if request.method == "POST":
        try:
            evidence_delete(item=item, deleted_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return _to_item(item)
        messages.success(request, f"“{item.title}” has been deleted.")
        return redirect("portfolio:index", pk=pk)
    return render(request, "portfolio/item_delete.html", _context(item.apprenticeship, item=item))
