from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from trellis.equality import access, rules, selectors
from trellis.equality.forms import EqualityAnswersForm, ReportFilterForm, answers_initial
from trellis.equality.services import equality_answers_save, equality_answers_withdraw
from trellis.form_errors import add_service_errors


@require_http_methods(["GET", "POST"])
def answers(request):
    access.require_can_answer(request.user)
    kept = selectors.answers_of(request.user)
    form = EqualityAnswersForm(request.POST or None, initial=answers_initial(kept))
    if request.method == "POST" and form.is_valid():
        try:
            equality_answers_save(apprentice=request.user, details=form.details())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your answers are saved. Thank you.")
            return redirect("equality:answers")
    return render(
        request,
        "equality/answers.html",
        {
            "form": form,
            "kept": kept,
            "age_bands": selectors.own_age_bands(request.user),
            "smallest_group_shown": rules.SMALLEST_GROUP_SHOWN,
        },
    )


@require_POST
def withdraw(request):
    access.require_can_answer(request.user)
    if equality_answers_withdraw(apprentice=request.user):
        messages.success(
            request, "Your answers are deleted. The report now counts you as “Not answered”."
        )
    return redirect("equality:answers")


def report(request):
    access.require_report(request.user)
    providers = access.report_providers(request.user)
    form = ReportFilterForm(
        request.GET or None,
        providers=providers,
        cohorts=selectors.cohort_choices(provider_id for provider_id, _ in providers),
    )
    (provider_id, provider_name), cohort = form.chosen()
    apprenticeships = selectors.report_apprenticeships(provider_id, cohort)
    total = selectors.report_total(apprenticeships)
    return render(
        request,
        "equality/report.html",
        {
            "form": form,
            "today": timezone.localdate(),
            "provider_name": provider_name,
            "cohort": cohort,
            "total": total,
            "characteristics": rules.equality_report(
                selectors.report_counts(apprenticeships), total
            ),
            "smallest_group_shown": rules.SMALLEST_GROUP_SHOWN,
        },
    )
