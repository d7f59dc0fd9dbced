"""The full record as one PDF: who may download it, what it holds, what it never holds, the
audit entry each download writes, and a fixed number of queries however long the record."""

import io
import re
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from trellis.apprenticeships.full_record import full_record
from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.record_pdf import render_full_record
from trellis.apprenticeships.status_changes import (
    apprenticeship_break_start,
    apprenticeship_return,
)
from trellis.cpd.models import CpdRecord
from trellis.epa import services as epa_services
from trellis.mentoring.models import MentoringSession
from trellis.otj.models import OtjEntry
from trellis.otj.selectors import otj_required
from trellis.plans.models import PlanActivity
from trellis.portfolio.access import can_read_portfolio
from trellis.portfolio.models import EvidenceItem, EvidenceKsb
from trellis.qualifications.models import (
    AdditionalQualification,
    EnglishMaths,
    SafeguardingQualification,
)
from trellis.reviews.models import KsbProgress, NextStep, ProgressReview, ReviewSignature
from trellis.reviews.services import review_update
from trellis.safeguarding.models import Concern
from trellis.standards.models import KSB
from trellis.testing.epa_factories import record_sittings, score_all, started
from trellis.testing.gateway_factories import submitted
from trellis.testing.otj_factories import OtjEntryFactory
from trellis.testing.plans_factories import (
    PlanActivityFactory,
    PlanSignatureFactory,
    PlanVersionFactory,
)
from trellis.testing.portfolio_factories import EvidenceItemFactory, evidence_in_state
from trellis.testing.reviews_factories import recorded_review, review_content
from trellis.testing.safeguarding_factories import ACCOUNT, raise_concern

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 6, 1, 10, 30, tzinfo=LONDON)
# Every part of the record, read once each, whatever its length.
QUERIES = 42

SEES_AMARA = {"amara", "carl", "erin", "dina", "pat", "quinn"}
EVERYONE = {
    "amara", "bea", "carl", "cora", "erin", "evan", "dina", "pat", "quinn",
    "ada", "ian", "isla", "mo", "paula", "otto",
}  # fmt: skip

SECTIONS = [
    "1. Enrolment and status history",
    "2. Training plan",
    "3. Progress reviews",
    "4. Off-the-job hours",
    "5. Qualifications",
    "6. KSB coverage",
    "7. Evidence",
    "8. Mentoring log",
    "9. Continuing professional development",
    "10. Gateway",
    "11. End-point assessment",
]

ACTIVITY = "Questioning techniques workshop"
EVIDENCE_TITLE = "Reflective account: agreeing ground rules with a new mentee"
LEARNER = "L-042"
CPD_TITLE = "Regional mentoring network meeting"
BREAK_REASON = "Planned leave for a house move."
WELLBEING_NOTES = "WELLBEING-DETAIL she has not been sleeping since the move"
NOTE_TEXT = "WORKING-NOTE-XYZ opens by agreeing the session's aims"


def pdf_pages(content: bytes):
    return PdfReader(io.BytesIO(content)).pages


def pdf_text(content: bytes) -> str:
    """Return the PDF's text with every run of whitespace as one space."""
    return " ".join(" ".join(page.extract_text() for page in pdf_pages(content)).split())


def download(client, user, apprenticeship):
    client.force_login(user)
    return client.get(reverse("apprenticeships:record_pdf", args=[apprenticeship.pk]))


def record_text(apprenticeship, reader, now=NOW) -> str:
    """Gather and render the record as this person at this moment, and return its text."""
    return pdf_text(render_full_record(full_record(apprenticeship, reader=reader, now=now)))


# --- A record on programme, at a fixed moment ------------------------------------------------


@pytest.fixture
def on_programme(people):
    """Amara four months in: an agreed plan, two signed reviews, a break and return, hours,
    qualifications, assessed evidence, a mentoring session and a CPD record."""
    apprenticeship = people.amara_apprenticeship
    with time_machine.travel(NOW, tick=False):
        version = PlanVersionFactory(apprenticeship=apprenticeship, epao=people.epao)
        activity = PlanActivityFactory(
            plan_version=version,
            title=ACTIVITY,
            planned_start=date(2026, 2, 2),
            planned_end=date(2026, 3, 27),
            planned_otj_hours=Decimal("12.5"),
        )
        activity.ksbs.set(ksbs(apprenticeship, "K1", "S2"))
        for party, user in (("apprentice", people.amara), ("consultant", people.carl)):
            PlanSignatureFactory(plan_version=version, party=party, signed_by=user)
        PlanSignatureFactory(plan_version=version, party="employer", signed_by=people.erin)
        for held_on in (date(2026, 2, 20), date(2026, 4, 24)):
            recorded_review(
                apprenticeship,
                held_on=held_on,
                signed_by=[people.amara, people.carl, people.erin],
            )
        apprenticeship_break_start(
            apprenticeship=apprenticeship,
            starts_on=date(2026, 5, 4),
            expected_return_on=date(2026, 5, 18),
            reason=BREAK_REASON,
            recorded_by=people.carl,
        )
        apprenticeship_return(
            apprenticeship=apprenticeship, returns_on=date(2026, 5, 18), recorded_by=people.carl
        )
        for day_of_month in (3, 10, 17):
            entry = OtjEntryFactory(
                apprenticeship=apprenticeship,
                date=date(2026, 3, day_of_month),
                duration_minutes=150,
                activity=activity,
                status=OtjEntry.Status.CONFIRMED,
                decided_by=people.carl,
                decided_at=timezone.now(),
            )
            entry.ksbs.set(ksbs(apprenticeship, "K1"))
        OtjEntryFactory(
            apprenticeship=apprenticeship,
            date=date(2026, 3, 24),
            description="AWAITING-ENTRY not yet confirmed",
        )
        SafeguardingQualification.objects.create(
            apprenticeship=apprenticeship,
            achieved_on=date(2026, 2, 10),
            certificate_reference="SG-2026-0042",
            recorded_by=people.carl,
        )
        EnglishMaths.objects.create(
            apprenticeship=apprenticeship,
            subject=EnglishMaths.Subject.ENGLISH,
            prior_gcse_grade="5",
            recorded_by=people.carl,
        )
        AdditionalQualification.objects.create(
            apprenticeship=apprenticeship,
            title="Level 3 Award in Education and Training",
            awarding_body="City & Guilds",
            recorded_by=people.carl,
        )
        evidence_in_state(
            apprenticeship,
            status=EvidenceItem.Status.ASSESSED,
            judgements={"K1": "secure", "K2": "working_towards"},
            title=EVIDENCE_TITLE,
        )
        session = MentoringSession.objects.create(
            apprenticeship=apprenticeship,
            learner_ref=LEARNER,
            held_on=date(2026, 4, 14),
            duration_minutes=45,
            setting="Library study room",
            what_was_done="Agreed what the learner wants from mentoring.",
            logged_by=people.amara,
        )
        session.ksbs.set(ksbs(apprenticeship, "S1"))
        CpdRecord.objects.create(
            apprenticeship=apprenticeship,
            done_on=date(2026, 4, 30),
            title=CPD_TITLE,
            kind=CpdRecord.Kind.EVENT,
            what_was_learned="How other mentors run group sessions.",
            logged_by=people.amara,
        )
    apprenticeship.refresh_from_db()
    return apprenticeship


def ksbs(apprenticeship, *codes):
    return KSB.objects.filter(
        standard_version_id=apprenticeship.standard_version_id, code__in=codes
    )


def test_the_pdf_holds_every_section_in_order_under_its_heading(client, people, on_programme):
    with time_machine.travel(NOW, tick=False):
        response = download(client, people.carl, on_programme)
    cover, *rest = (" ".join(p.extract_text().split()) for p in pdf_pages(response.content))
    assert cover.startswith("Apprenticeship record Amara Example")
    assert " ".join(SECTIONS) in cover, "the cover lists the sections"
    body = " ".join(rest)
    positions = [body.find(heading) for heading in SECTIONS]
    assert -1 not in positions, [h for h, p in zip(SECTIONS, positions, strict=True) if p < 0]
    assert positions == sorted(positions)


def test_the_cover_names_the_parties_the_dates_and_who_produced_it(client, people, on_programme):
    with time_machine.travel(NOW, tick=False):
        text = pdf_text(download(client, people.carl, on_programme).content)
    cover = text[: text.find("Contents")]
    for expected in (
        "Apprentice Amara Example",
        "Standard ST0148 Learning mentor, level 3, version 1.0",
        "Employer Riverside College",
        "Training provider Northway Training",
        "Training consultant Carl Example",
        "End-point assessment organisation Fair Assessment Ltd (EPA0999)",
        "Start date 5 Jan 2026",
        "Planned end date 5 Jul 2027",
        "Status On programme",
        "Produced 1 Jun 2026, 10:30 by Carl Example",
    ):
        assert expected in cover, expected


def test_every_page_is_marked_named_and_numbered(client, people, on_programme):
    with time_machine.travel(NOW, tick=False):
        response = download(client, people.carl, on_programme)
    pages = pdf_pages(response.content)
    assert len(pages) > 2
    for number, page in enumerate(pages, start=1):
        text = " ".join(page.extract_text().split())
        assert "OFFICIAL-SENSITIVE · Amara Example: apprenticeship record" in text
        assert f"Page {number} of {len(pages)}" in text


def test_the_pdf_holds_the_records_known_values(client, people, on_programme):
    with time_machine.travel(NOW, tick=False):
        text = pdf_text(download(client, people.carl, on_programme).content)
    required = otj_required(on_programme).hours
    k1 = KSB.objects.get(standard_version=on_programme.standard_version, code="K1")
    for expected in (
        # Status history, with the break's reason as the record page shows it.
        f"4 May 2026 Break in learning Expected back 18 May 2026. {BREAK_REASON}",
        "18 May 2026 Return to learning",
        # The agreed plan's activity, its KSBs and hours, and the three signatures.
        f"{ACTIVITY} Workshop 2 Feb 2026 to 27 Mar 2026 K1, S2 12.5 Planned",
        "Planned off-the-job hours 12.5 hours",
        "Employer Erin Example",
        # Each review, its date and who signed it.
        "Review held 20 Feb 2026",
        "Review held 24 Apr 2026",
        "Apprentice: Amara Example",
        "Training consultant: Carl Example",
        "Employer: Erin Example",
        "Observe a mentoring session Apprentice",
        # Off-the-job totals and the confirmed entries only.
        f"Required {required.normalize():f} hours",
        "Planned on the training plan 12.5 hours",
        "Confirmed 7.5 hours",
        "Awaiting confirmation 2 hours",
        f"3 Mar 2026 2.5 {ACTIVITY}: Workshop on giving feedback K1",
        # Qualifications.
        "Date achieved 10 Feb 2026",
        "Certificate number SG-2026-0042",
        "English Exempt",
        "Level 3 Award in Education and Training City & Guilds In progress",
        # KSB coverage and the evidence list.
        f"K1 {' '.join(k1.statement.split())} Secure 1 2 Mar 2026",
        f"2 Mar 2026 {EVIDENCE_TITLE} Reflective account K1, K2 Assessed",
        # The apprentice's own logs.
        f"14 Apr 2026 {LEARNER} One-to-one, 45 minutes, Library study room",
        CPD_TITLE,
        # Nothing yet at gateway or assessment.
        "No gateway attempt has been started.",
        "No end-point assessment has been booked.",
    ):
        assert expected in text, expected
    assert "AWAITING-ENTRY" not in text


def test_the_plan_shown_is_the_latest_agreed_version(client, people, on_programme):
    draft = PlanVersionFactory(apprenticeship=on_programme, number=2)
    PlanActivityFactory(plan_version=draft, title="DRAFT-ACTIVITY not agreed")
    PlanSignatureFactory(plan_version=draft, party="consultant", signed_by=people.carl)
    text = pdf_text(download(client, people.carl, on_programme).content)
    assert ACTIVITY in text
    assert "DRAFT-ACTIVITY" not in text
    assert "Version 2 is waiting for signatures; until all three sign it, version 1" in text


def test_a_long_text_wraps_over_pages_without_error(client, people, on_programme):
    words = " ".join(f"word{n}" for n in range(6000))
    OtjEntry.objects.filter(apprenticeship=on_programme).update(description=words + " LAST")
    review = ProgressReview.objects.filter(apprenticeship=on_programme).first()
    ProgressReview.objects.filter(pk=review.pk).update(coaching=words + " COACHING-END")
    response = download(client, people.carl, on_programme)
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert text.count("LAST") == 3
    assert "COACHING-END" in text
    assert len(pdf_pages(response.content)) > 20


# --- What it never holds ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["dina", "pat", "carl"])
def test_a_safeguarding_concern_leaves_no_trace_even_for_the_lead(people, on_programme, name):
    reader = getattr(people, name)
    before = record_text(on_programme, reader)
    concern = raise_concern(on_programme, people.carl)
    after = record_text(on_programme, reader)
    assert after == before
    assert concern.reference not in after
    assert ACCOUNT[:40] not in after
    assert "shaking" not in after


def test_a_review_that_raised_a_well_being_concern_reads_as_any_other(people, on_programme):
    review = recorded_review(on_programme, held_on=date(2026, 5, 29))
    before = record_text(on_programme, people.dina)
    with time_machine.travel(NOW, tick=False):
        review_update(
            review=review,
            changed_by=people.carl,
            content=review_content(
                on_programme,
                held_on=review.held_on,
                review=review,
                wellbeing=ProgressReview.Wellbeing.CONCERNS,
                wellbeing_notes=WELLBEING_NOTES,
                wellbeing_category=Concern.Category.EMOTIONAL_HARM,
                wellbeing_immediate_risk=False,
            ),
        )
    assert Concern.objects.filter(raised_from_review=review).exists()
    after = record_text(on_programme, people.dina)
    assert after == before
    for words in ("WELLBEING-DETAIL", "Concerns raised", "safeguarding lead", "Well-being check"):
        assert words not in after, words


def test_gathering_the_record_reads_no_safeguarding_or_equality_table(people, on_programme):
    raise_concern(on_programme, people.carl)
    kept_apart = {
        model._meta.db_table
        for label in ("safeguarding", "equality")
        if label in apps.app_configs
        for model in apps.get_app_config(label).get_models()
    }
    assert kept_apart
    with CaptureQueriesContext(connection) as queries:
        full_record(on_programme, reader=people.dina, now=NOW)
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert not [table for table in kept_apart if re.search(rf"\b{table}\b", read)]


# --- End-point assessment results, behind the epa app's own gate ------------------------------


@pytest.fixture
def assessment(people):
    return started(people.amara_apprenticeship, assessor=people.ian)


@pytest.fixture
def provisional(people, assessment):
    record_sittings(assessment)
    score_all(assessment)
    epa_services.note_save(
        assessment=assessment,
        by=people.ian,
        method="LMO",
        key=uuid.uuid4(),
        text=NOTE_TEXT,
        criterion="T1",
        session_number=1,
    )
    return epa_services.assessment_finalise(assessment=assessment, by=people.ian)


@pytest.fixture
def final(people, provisional):
    return epa_services.result_confirm(
        assessment=provisional,
        by=people.ada,
        appeal_until=timezone.localdate() + timedelta(days=20),
    )


@pytest.mark.parametrize("name", ["amara", "erin", "carl", "pat"])
def test_a_released_grade_and_the_gateway_decision_are_in_everyones_record(
    client, people, final, name
):
    text = pdf_text(download(client, getattr(people, name), final.apprenticeship).content)
    assert "Result of attempt 1: Distinction (final)" in text
    assert "Overall grade Distinction" in text
    assert "Attempt 1: Accepted by the EPAO" in text
    assert "Decision Accepted by the EPAO on" in text
    assert "Independent assessor Ian Example" in text
    assert "Declarations that the apprentice is competent and ready" in text
    assert "WORKING-NOTE-XYZ" not in text
    assert "Seen in session" not in text


@pytest.mark.parametrize("name", ["carl", "pat", "dina", "quinn"])
def test_the_provider_never_sees_a_provisional_grade(client, people, provisional, name):
    text = pdf_text(download(client, getattr(people, name), provisional.apprenticeship).content)
    assert "Distinction" not in text
    assert "Result of attempt" not in text
    assert "the grade appears here once the end-point assessment organisation confirms it" in text


@pytest.mark.parametrize("name", ["amara", "erin"])
def test_the_apprentice_and_employer_read_the_provisional_grade_as_the_epa_app_allows(
    client, people, provisional, name
):
    text = pdf_text(download(client, getattr(people, name), provisional.apprenticeship).content)
    assert "Result of attempt 1: Distinction (provisional)" in text
    assert "Provisional: the independent assessor's grades, subject to moderation" in text
    assert "WORKING-NOTE-XYZ" not in text


@pytest.mark.parametrize("name", ["amara", "erin", "carl"])
def test_a_grade_not_yet_released_is_in_nobodys_record(client, people, assessment, name):
    record_sittings(assessment)
    score_all(assessment)
    text = pdf_text(download(client, getattr(people, name), assessment.apprenticeship).content)
    assert "Distinction" not in text
    assert "Result of attempt" not in text
    assert "No result yet" in text


# --- Who may download it, and the audit trail ------------------------------------------------


@pytest.mark.parametrize("name", sorted(EVERYONE))
def test_exactly_those_who_see_the_record_download_it(client, people, name):
    apprenticeship = people.amara_apprenticeship
    client.force_login(getattr(people, name))
    page = client.get(reverse("apprenticeships:detail", args=[apprenticeship.pk]))
    response = client.get(reverse("apprenticeships:record_pdf", args=[apprenticeship.pk]))
    assert response.status_code == page.status_code == (200 if name in SEES_AMARA else 404)
    if name in SEES_AMARA:
        assert response["Content-Type"] == "application/pdf"
        assert 'filename="record-amara-example-' in response["Content-Disposition"]
        assert "no-store" in response["Cache-Control"]


def test_epao_staff_with_the_gateway_submission_still_cannot_download_it(client, people):
    submitted(people.amara_apprenticeship)
    for name in ["ada", "mo", "ian"]:
        assert download(client, getattr(people, name), people.amara_apprenticeship).status_code == (
            404
        ), name


def test_signed_out_people_are_sent_to_sign_in(client, people):
    response = client.get(
        reverse("apprenticeships:record_pdf", args=[people.amara_apprenticeship.pk])
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_everyone_who_reads_the_record_reads_its_portfolio(people):
    """The PDF holds the portfolio for everyone who reads the record: widen who reads the
    record without the portfolio, and the PDF must learn to leave it out."""
    for name in SEES_AMARA:
        assert can_read_portfolio(getattr(people, name), people.amara_apprenticeship), name


def reads_of(apprenticeship):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Apprenticeship),
        object_pk=str(apprenticeship.pk),
        action=LogEntry.Action.ACCESS,
    )


def test_each_download_is_in_the_records_history(client, people):
    apprenticeship = people.amara_apprenticeship
    download(client, people.amara, apprenticeship)
    download(client, people.erin, apprenticeship)
    assert [entry.actor for entry in reads_of(apprenticeship).order_by("pk")] == [
        people.amara,
        people.erin,
    ]
    client.force_login(people.pat)
    page = client.get(reverse("apprenticeships:detail", args=[apprenticeship.pk])).text
    history = page[page.find('id="history"') :]
    assert "Amara Example" in history
    assert "Erin Example" in history
    assert history.count("Downloaded the full record (PDF)") == 2


def test_a_refused_download_writes_nothing(client, people):
    assert download(client, people.evan, people.amara_apprenticeship).status_code == 404
    assert not reads_of(people.amara_apprenticeship).exists()


def test_the_record_page_links_to_the_download(client, people):
    apprenticeship = people.amara_apprenticeship
    client.force_login(people.amara)
    page = client.get(reverse("apprenticeships:detail", args=[apprenticeship.pk])).text
    assert reverse("apprenticeships:record_pdf", args=[apprenticeship.pk]) in page
    assert "Download the full record (PDF)" in page


# --- A fixed number of queries ---------------------------------------------------------------


def grow(apprenticeship, people, count: int) -> None:
    """Give the record `count` each of confirmed entries, evidence items, reviews (signed, with
    KSB progress and a next step), mentoring sessions and CPD records."""
    k1 = ksbs(apprenticeship, "K1").get()
    activity = PlanActivity.objects.filter(plan_version__apprenticeship=apprenticeship).first()
    for n in range(count):
        day = date(2026, 2, 1) + timedelta(days=n)
        entry = OtjEntryFactory(
            apprenticeship=apprenticeship,
            date=day,
            activity=activity,
            status=OtjEntry.Status.CONFIRMED,
            decided_by=people.carl,
            decided_at=NOW,
        )
        entry.ksbs.add(k1)
        item = EvidenceItemFactory(apprenticeship=apprenticeship, occurred_on=day)
        EvidenceKsb.objects.create(item=item, ksb=k1, justification="Shows K1.")
        review = ProgressReview.objects.create(
            apprenticeship=apprenticeship,
            due_date=day,
            held_on=day,
            mode=ProgressReview.Mode.ONLINE,
            next_review_date=day + timedelta(weeks=8),
            recorded_by=people.carl,
        )
        KsbProgress.objects.create(review=review, ksb=k1, rating=KsbProgress.Rating.SECURE)
        NextStep.objects.create(
            review=review, description="Observe a session", owner="apprentice", due_date=day
        )
        ReviewSignature.objects.create(
            review=review, party="apprentice", signed_by=people.amara, signed_at=NOW
        )
        session = MentoringSession.objects.create(
            apprenticeship=apprenticeship,
            learner_ref=f"L-{n:03d}",
            held_on=day,
            duration_minutes=30,
            setting="Classroom",
            what_was_done="Set goals.",
            logged_by=people.amara,
        )
        session.ksbs.add(k1)
        record = CpdRecord.objects.create(
            apprenticeship=apprenticeship,
            done_on=day,
            title=f"Reading {n}",
            kind=CpdRecord.Kind.READING,
            what_was_learned="Something new.",
            logged_by=people.amara,
        )
        record.ksbs.add(k1)


def test_gathering_the_record_takes_the_same_queries_for_3_or_30_of_everything(
    people, final, django_assert_num_queries
):
    apprenticeship = Apprenticeship.objects.get(pk=final.apprenticeship_id)
    version = PlanVersionFactory(apprenticeship=apprenticeship)
    PlanActivityFactory(plan_version=version)
    for party, user in (("apprentice", people.amara), ("consultant", people.carl)):
        PlanSignatureFactory(plan_version=version, party=party, signed_by=user)
    PlanSignatureFactory(plan_version=version, party="employer", signed_by=people.erin)
    grow(apprenticeship, people, 3)
    reader = people.carl
    full_record(apprenticeship, reader=reader, now=NOW)  # reads the reader's roles once
    with django_assert_num_queries(QUERIES):
        full_record(apprenticeship, reader=reader, now=NOW)
    grow(apprenticeship, people, 27)
    with django_assert_num_queries(QUERIES):
        record = full_record(apprenticeship, reader=reader, now=NOW)
    evidence = next(s for s in record.sections if s.title == "Evidence").blocks[0]
    assert len(evidence.rows) >= 30
