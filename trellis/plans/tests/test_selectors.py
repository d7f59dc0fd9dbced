from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trellis.apprenticeships.models import Apprenticeship
from trellis.plans.selectors import current_plan_epao_ids, plan_epao_flag, plan_is_agreed
from trellis.plans.services import plan_activity_add, plan_epao_set, plan_sign
from trellis.testing.plans_factories import activity_details

pytestmark = pytest.mark.django_db


def test_no_plan_is_not_agreed(people):
    assert plan_is_agreed(people.amara_apprenticeship) is False


def test_the_epao_flag_reads_the_current_versions_epao(people):
    apprenticeship = people.amara_apprenticeship
    after_the_date = date(2027, 2, 1)
    assert plan_epao_flag(apprenticeship, None, today=after_the_date) is not None

    version = plan_epao_set(apprenticeship=apprenticeship, by=people.carl, epao=people.epao)
    assert plan_epao_flag(apprenticeship, version, today=after_the_date) is None

    version = plan_epao_set(apprenticeship=apprenticeship, by=people.carl, epao=None)
    flag = plan_epao_flag(apprenticeship, version, today=after_the_date)
    assert flag.named_by == date(2027, 1, 5) and flag.overdue


def test_no_epao_flag_once_the_apprenticeship_is_over(people):
    apprenticeship = people.amara_apprenticeship
    apprenticeship.status = Apprenticeship.Status.WITHDRAWN

    assert plan_epao_flag(apprenticeship, None, today=date(2027, 2, 1)) is None


def test_current_plan_epao_ids_in_one_query(people):
    amara, bea = people.amara_apprenticeship, people.bea_apprenticeship
    version = plan_activity_add(
        apprenticeship=amara, by=people.carl, details=activity_details(amara)
    ).plan_version
    plan_sign(version=version, by=people.amara)
    plan_epao_set(apprenticeship=amara, by=people.carl, epao=None, change_summary="Unknown.")

    with CaptureQueriesContext(connection) as queries:
        epaos = current_plan_epao_ids([amara.pk, bea.pk])

    assert len(queries) == 1
    # Version 2 names none, though version 1 did; Bea has no plan.
    assert epaos == {amara.pk: None, bea.pk: None}
    plan_epao_set(apprenticeship=bea, by=people.cora, epao=people.epao)
    assert current_plan_epao_ids([bea.pk]) == {bea.pk: people.epao.pk}
