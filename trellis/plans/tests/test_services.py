from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from trellis.apprenticeships.models import Apprenticeship
from trellis.caseload.models import CaseloadSummary
from trellis.plans.models import PlanActivity, PlanSignature, PlanVersion
from trellis.plans.selectors import plan_is_agreed
from trellis.plans.services import (
    plan_activity_add,
    plan_activity_remove,
    plan_activity_update,
    plan_epao_set,
    plan_sign,
)
from trellis.testing.factories import OrganisationFactory
from trellis.testing.plans_factories import activity_details

pytestmark = pytest.mark.django_db


@pytest.fixture
def apprenticeship(people):
    return people.amara_apprenticeship


def add(people, change_summary: str = "", **overrides) -> PlanActivity:
    apprenticeship = people.amara_apprenticeship
    return plan_activity_add(
        apprenticeship=apprenticeship,
        by=people.carl,
        details=activity_details(apprenticeship, **overrides),
        change_summary=change_summary,
    )


def sign_all(people, version: PlanVersion) -> None:
    for person in (people.amara, people.carl, people.erin):
        plan_sign(version=version, by=person)


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_the_first_activity_starts_version_1_naming_the_apprenticeships_epao(people):
    activity = add(people)

    version = activity.plan_version
    assert version.number == 1
    assert version.epao == people.epao
    assert version.created_by == people.carl
    assert list(activity.ksbs.all()) == activity_details(people.amara_apprenticeship).ksbs


def test_an_unsigned_version_changes_in_place(people):
    first = add(people)
    second = add(people, title="Shadowing")
    plan_activity_update(
        activity=first,
        by=people.carl,
        details=activity_details(people.amara_apprenticeship, title="Renamed"),
    )
    plan_activity_remove(activity=second, by=people.carl)

    assert PlanVersion.objects.count() == 1
    assert list(PlanActivity.objects.values_list("title", flat=True)) == ["Renamed"]


def test_a_change_after_anyone_signed_makes_a_new_version_copying_the_activities(people):
    first = add(people)
    add(people, title="Shadowing")
    plan_sign(version=first.plan_version, by=people.amara)

    changed = plan_activity_update(
        activity=first,
        by=people.carl,
        details=activity_details(people.amara_apprenticeship, planned_otj_hours=Decimal("10")),
        change_summary="More time for the workshop.",
    )

    version_2 = changed.plan_version
    assert version_2.number == 2
    assert version_2.change_summary == "More time for the workshop."
    assert version_2.epao == people.epao
    assert changed.pk != first.pk and changed.lineage == first.lineage
    assert sorted(version_2.activities.values_list("title", flat=True)) == [
        "Safeguarding workshop",
        "Shadowing",
    ]
    assert list(changed.ksbs.all()) == list(first.ksbs.all())
    copied = version_2.activities.get(title="Shadowing")
    assert copied.ksbs.count() == 2
    assert not version_2.signatures.exists()
    # Version 1 stays as it was signed.
    first.refresh_from_db()
    assert first.planned_otj_hours == Decimal("7.5")
    assert first.plan_version.signatures.count() == 1


def test_a_change_to_a_signed_version_needs_a_change_summary(people):
    activity = add(people)
    plan_sign(version=activity.plan_version, by=people.carl)

    with pytest.raises(ValidationError) as error:
        add(people, title="Another")

    assert "version 2" in error.value.message_dict["change_summary"][0]
    assert PlanVersion.objects.count() == 1
    assert PlanActivity.objects.count() == 1


def test_removing_from_a_signed_version_leaves_that_version_whole(people):
    activity = add(people)
    add(people, title="Shadowing")
    sign_all(people, activity.plan_version)

    version_2 = plan_activity_remove(activity=activity, by=people.carl, change_summary="Done.")

    assert list(version_2.activities.values_list("title", flat=True)) == ["Shadowing"]
    assert activity.plan_version.activities.count() == 2


def test_naming_the_epao_on_a_signed_plan_makes_a_new_version(people):
    activity = add(people)
    sign_all(people, activity.plan_version)
    other_epao = OrganisationFactory(kind="epao")

    version = plan_epao_set(
        apprenticeship=people.amara_apprenticeship,
        by=people.carl,
        epao=other_epao,
        change_summary="The employer chose another EPAO.",
    )

    assert version.number == 2 and version.epao == other_epao
    assert not plan_is_agreed(people.amara_apprenticeship)


def test_the_epao_named_on_the_plan_becomes_the_apprenticeships_epao(people):
    apprenticeship = people.amara_apprenticeship
    revision = apprenticeship.revision
    other_epao = OrganisationFactory(kind="epao")

    plan_epao_set(apprenticeship=apprenticeship, by=people.carl, epao=other_epao)

    apprenticeship.refresh_from_db()
    assert apprenticeship.epao == other_epao
    assert apprenticeship.revision == revision + 1


def test_the_epao_must_be_an_epao(people):
    with pytest.raises(ValidationError) as error:
        plan_epao_set(
            apprenticeship=people.amara_apprenticeship, by=people.carl, epao=people.employer
        )
    assert "not an end-point assessment organisation" in error.value.message_dict["epao"][0]


def test_old_versions_cannot_be_changed(people):
    activity = add(people)
    plan_sign(version=activity.plan_version, by=people.amara)
    add(people, title="New", change_summary="Added one.")

    with pytest.raises(ValidationError) as error:
        plan_activity_update(
            activity=activity,
            by=people.carl,
            details=activity_details(people.amara_apprenticeship),
            change_summary="x",
        )
    assert "no longer current: change it on version 2" in messages_of(error.value)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": "  "}, "title", "Enter the activity's title."),
        ({"ksbs": []}, "ksbs", "Choose at least one KSB"),
        ({"planned_otj_hours": Decimal("1.2")}, "planned_otj_hours", "quarter hours"),
        ({"planned_otj_hours": Decimal("-1")}, "planned_otj_hours", "cannot be negative"),
        ({"planned_start": date(2026, 1, 4)}, "planned_start", "within the apprenticeship"),
        ({"planned_end": date(2027, 7, 6)}, "planned_end", "within the apprenticeship"),
        ({"planned_end": date(2026, 2, 1)}, "planned_end", "on or after the start"),
        ({"kind": "lecture"}, "kind", "Choose the kind"),
    ],
)
def test_activities_are_refused_with_a_message_that_says_what_to_fix(
    people, overrides, field, message
):
    with pytest.raises(ValidationError) as error:
        add(people, **overrides)

    assert message in error.value.message_dict[field][0]
    assert not PlanVersion.objects.exists()


def test_ksbs_must_come_from_the_apprentices_standard(people, standard_version):
    from trellis.standards.models import KSB
    from trellis.testing.factories import StandardFactory, StandardVersionFactory

    other_version = StandardVersionFactory(standard=StandardFactory(reference="ST0001"))
    stray = KSB.objects.create(
        standard_version=other_version,
        guid="00000000-0000-0000-0000-000000000001",
        code="K1",
        kind="knowledge",
        statement="Elsewhere",
        position=1,
    )
    with pytest.raises(ValidationError) as error:
        add(people, ksbs=[stray])
    assert "apprentice's standard" in error.value.message_dict["ksbs"][0]


def test_only_the_consultant_and_provider_admins_change_the_plan(people):
    apprenticeship = people.amara_apprenticeship
    plan_activity_add(
        apprenticeship=apprenticeship, by=people.pat, details=activity_details(apprenticeship)
    )
    for person in (people.amara, people.erin, people.cora, people.quinn, people.dina):
        with pytest.raises(PermissionDenied):
            plan_activity_add(
                apprenticeship=apprenticeship, by=person, details=activity_details(apprenticeship)
            )
    assert PlanActivity.objects.count() == 1


def test_a_withdrawn_apprenticeships_plan_no_longer_changes(people):
    activity = add(people)
    Apprenticeship.objects.filter(pk=people.amara_apprenticeship.pk).update(status="withdrawn")
    people.amara_apprenticeship.refresh_from_db()

    with pytest.raises(ValidationError) as error:
        add(people)
    assert "withdrawn" in messages_of(error.value)
    with pytest.raises(ValidationError):
        plan_sign(version=activity.plan_version, by=people.amara)


def test_each_party_signs_once_as_themselves_and_three_make_it_agreed(people):
    version = add(people).plan_version

    plan_sign(version=version, by=people.amara)
    plan_sign(version=version, by=people.erin)
    assert not plan_is_agreed(people.amara_apprenticeship)
    signature = plan_sign(version=version, by=people.carl)

    assert signature.party == "consultant" and signature.signed_by == people.carl
    assert plan_is_agreed(people.amara_apprenticeship)
    assert set(version.signatures.values_list("party", flat=True)) == {
        "apprentice",
        "consultant",
        "employer",
    }


def test_a_party_cannot_sign_twice(people):
    version = add(people).plan_version
    plan_sign(version=version, by=people.amara)

    with pytest.raises(ValidationError) as error:
        plan_sign(version=version, by=people.amara)

    assert "already been signed for the apprentice by Amara Example" in messages_of(error.value)
    assert PlanSignature.objects.count() == 1


def test_only_the_three_parties_sign(people):
    version = add(people).plan_version
    for person in (people.pat, people.cora, people.evan, people.bea, people.quinn):
        with pytest.raises(PermissionDenied):
            plan_sign(version=version, by=person)
    assert not PlanSignature.objects.exists()


def test_an_old_version_cannot_be_signed(people):
    version_1 = add(people).plan_version
    plan_sign(version=version_1, by=people.carl)
    add(people, title="New", change_summary="Added one.")

    with pytest.raises(ValidationError) as error:
        plan_sign(version=version_1, by=people.amara)

    assert "Version 1 is no longer the current plan" in messages_of(error.value)
    assert version_1.signatures.count() == 1


def test_a_version_with_no_activities_cannot_be_signed(people):
    activity = add(people)
    plan_activity_remove(activity=activity, by=people.carl)

    with pytest.raises(ValidationError) as error:
        plan_sign(version=activity.plan_version, by=people.amara)
    assert "no learning activities" in messages_of(error.value)


def test_a_new_version_is_agreed_only_once_all_three_sign_again(people):
    version_1 = add(people).plan_version
    sign_all(people, version_1)
    assert plan_is_agreed(people.amara_apprenticeship)

    version_2 = add(people, title="New", change_summary="Added one.").plan_version
    assert not plan_is_agreed(people.amara_apprenticeship)
    sign_all(people, version_2)
    assert plan_is_agreed(people.amara_apprenticeship)


def test_every_write_refreshes_the_caseload_summary(people):
    version = add(people).plan_version
    assert (
        CaseloadSummary.objects.get(apprenticeship=people.amara_apprenticeship).plan_agreed is False
    )

    sign_all(people, version)

    assert CaseloadSummary.objects.get(apprenticeship=people.amara_apprenticeship).plan_agreed
