from datetime import timedelta
from io import BytesIO

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from trellis.apprenticeships.models import Apprenticeship
from trellis.booking.models import Booking
from trellis.epa import selectors
from trellis.epa.models import Assessment, KsbFinding, Note, Score
from trellis.tests.browser.conftest import SCREENSHOTS, assert_accessible, screenshot, sign_in

APPRENTICE = "apprentice22@eastgate-college.example"
EMPLOYER = "employer1@eastgate-college.example"
ASSESSOR = "assessor1@keystone-assessment.example"
MODERATOR = "moderator1@keystone-assessment.example"
EPAO_ADMIN = "epaoadmin1@keystone-assessment.example"
# Three observed sessions of 30 minutes: 90 minutes, within what ST1379 allows.
SESSIONS = (("L-101", "09:00", "09:30"), ("L-102", "10:00", "10:30"), ("L-103", "11:00", "11:30"))


def _switch_to(page, live_server, email, password):
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, email, password)


def _tab(page, name: str) -> None:
    tabs = page.get_by_role("navigation", name="Assessment")
    with page.expect_navigation():
        tabs.get_by_role("link", name=name, exact=True).click()


def _saved(form, timeout: int = 10000):
    expect(form.locator("[data-save-status]")).to_contain_text("Saved", timeout=timeout)


def _score(page, code: str, points: int, why: str) -> None:
    form = page.locator(f"#score-{code}")
    form.locator("label.epa-point", has_text=str(points)).click()
    form.get_by_label("Justification").fill(why)
    _saved(form)


def _distinction_by_the_narrowest(method: dict) -> dict[str, int]:
    """Score exactly as many criteria at the top as Distinction needs and the rest at 1, so
    one point less on any of them loses the Distinction."""
    rule = next(r for r in method["grading"]["grades"] if r["grade"] == "distinction")
    codes = [c["code"] for c in method["criteria"]]
    return {code: 2 if i < rule["min_criteria_at_points"] else 1 for i, code in enumerate(codes)}


def test_an_assessor_records_the_assessment_and_the_moderated_grade_is_released(
    page, live_server, demo
):
    oliver = Apprenticeship.objects.get(apprentice__email=APPRENTICE)
    booking = Booking.objects.get(apprenticeship=oliver)
    rules = oliver.standard_version.rules
    observed, discussion = rules["methods"]
    mail.outbox.clear()

    sign_in(page, live_server, ASSESSOR, demo)
    page.goto(f"{live_server.url}/assessments/{booking.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Start the assessment record").click()
    assessment = Assessment.objects.get(apprenticeship=oliver)
    assert_accessible(page)
    screenshot(page, "epa-overview")

    # Desk review: the first KSB appears met, the second has a gap.
    _tab(page, "Desk review")
    findings = page.locator("form.epa-finding")
    first, second = findings.nth(0), findings.nth(1)
    first.get_by_text("Appears met").click()
    _saved(first)
    second.get_by_text("Not fully met").click()
    second.get_by_label("Gaps to explore").fill("No example of revising a contract mid-way.")
    _saved(second)
    assert KsbFinding.objects.filter(assessment=assessment, appears_met=False).count() == 1
    page.locator("details.epa-theme__showcase").first.locator("summary").click()
    assert_accessible(page)
    screenshot(page, "epa-desk-review")
    page.locator("section.epa-theme").first.screenshot(
        path=SCREENSHOTS / "epa-desk-review-theme.png"
    )

    # Questions: one suggested from the bank for the gap, and one of the assessor's own.
    _tab(page, "Questions")
    suggestion = page.locator(".epa-suggestions__item").first
    suggested_text = suggestion.locator("p").first.inner_text()
    with page.expect_navigation():
        suggestion.get_by_role("button", name="Add").click()
    own = page.locator("form.epa-form")
    own.get_by_label("For").select_option(discussion["code"])
    own.get_by_label("Question").fill("How did you agree the mentoring contract, and revisit it?")
    with page.expect_navigation():
        own.get_by_role("button", name="Add the question").click()
    assert assessment.questions.count() == 2
    assert assessment.questions.filter(text=suggested_text, bank_question__isnull=False).exists()
    assert_accessible(page)
    screenshot(page, "epa-questions")

    # The observation: three sessions, a note typed live, questioning, and the scores.
    _tab(page, observed["name"])
    for number, (learner, start, end) in enumerate(SESSIONS, start=1):
        session = page.locator(f"#session-{number} form.epa-session__form")
        session.get_by_label("Learner reference").fill(learner)
        session.get_by_label("Format").select_option("one_to_one")
        session.get_by_label("Started").fill(start)
        session.get_by_label("Ended").fill(end)
        session.get_by_text("A genuine mentoring session").click()
        session.get_by_text("No other learners present").click()
        _saved(session)
    note_form = page.locator("#session-1 form.epa-note-form")
    note_form.get_by_label("Criterion").select_option(observed["criteria"][0]["code"])
    note_form.get_by_label("Note").fill("Agrees the session's aims with the mentee first.")
    _saved(note_form)
    note_form.get_by_role("button", name="Add note").click()
    expect(page.locator("#session-1 [data-notes]")).to_contain_text("Agrees the session's aims")
    assert Note.objects.filter(assessment=assessment).count() == 1
    page.get_by_label("Minutes of follow-up questioning").fill("20")
    _saved(page.locator("#follow-up form"))
    observed_scores = _distinction_by_the_narrowest(observed)
    for code, points in observed_scores.items():
        _score(page, code, points, f"{code}: seen in the sessions.")
    assert_accessible(page)
    screenshot(page, "epa-observation")

    # The discussion: the setting, the times, the answer and every score at the top.
    _tab(page, discussion["name"])
    sitting = page.locator("#sitting form")
    sitting.get_by_text("Held in this setting").click()
    sitting.get_by_label("Started").fill("14:00")
    sitting.get_by_label("Ended").fill("15:00")
    _saved(sitting)
    # The connection drops while the answer is typed: the words stay on the device and are
    # sent once it is back.
    answer = page.locator("form.epa-answer").first
    page.context.set_offline(True)
    answer.get_by_label("Notes of the answer").fill("A contract agreed at the first session.")
    expect(answer.locator("[data-save-status]")).to_contain_text("kept on this device")
    page.context.set_offline(False)
    _saved(answer, timeout=20000)
    assert assessment.questions.filter(answer_notes__startswith="A contract agreed").exists()
    for criterion in discussion["criteria"]:
        _score(page, criterion["code"], 2, "Explained with an example from the Showcase.")
    screenshot(page, "epa-discussion")
    assert Score.objects.filter(assessment=assessment).count() == len(observed_scores) + len(
        discussion["criteria"]
    )

    _tab(page, "Finalise")
    expected = selectors.graded(assessment)
    assert expected["methods"][observed["code"]]["grade"] == "distinction"
    expect(page.get_by_role("table").get_by_text(expected["grade"].title()).first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "epa-finalise")
    with page.expect_navigation():
        page.get_by_role("button", name="Finalise the provisional grades").click()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.PROVISIONAL
    told = sorted(m.to[0] for m in mail.outbox if m.subject.startswith("Provisional"))
    assert told == sorted([APPRENTICE, EMPLOYER])

    # The moderator takes one observation criterion from 2 to 1: the observation's
    # Distinction falls to Pass, with the rationale kept.
    _switch_to(page, live_server, MODERATOR, demo)
    page.goto(f"{live_server.url}/results/{assessment.pk}/")
    page.get_by_role("link", name="Moderate").click()
    lowered = next(code for code, points in observed_scores.items() if points == 2)
    page.get_by_label(
        f"Moderated points for {observed['code']} {lowered}", exact=True
    ).select_option("1")
    page.get_by_label("Rationale").fill(
        f"The notes for {lowered} show the assessor prompting the apprentice: a 1, not a 2."
    )
    assert_accessible(page)
    screenshot(page, "epa-moderate")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the moderation").click()
    moderated = selectors.current_result(assessment)
    assert moderated["methods"][observed["code"]]["grade"] == "pass"
    expect(page.get_by_text("Changed", exact=True)).to_be_visible()
    screenshot(page, "epa-moderated")

    _switch_to(page, live_server, EPAO_ADMIN, demo)
    page.goto(f"{live_server.url}/results/{assessment.pk}/")
    page.get_by_role("link", name="Confirm the final grade").click()
    appeal_until = timezone.localdate() + timedelta(days=20)
    page.get_by_label("Appeals can be made until").fill(f"{appeal_until:%Y-%m-%d}")
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm and release").click()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.FINAL
    assert assessment.final_result == moderated
    assert any(m.subject.startswith("Final") and APPRENTICE in m.to for m in mail.outbox)

    _switch_to(page, live_server, APPRENTICE, demo)
    page.goto(f"{live_server.url}/apprenticeships/{oliver.pk}/")
    page.get_by_role("link", name="Attempt 1").click()
    expect(page.get_by_text("Final", exact=True)).to_be_visible()
    assert "seen in the sessions" not in page.content()
    assert_accessible(page)
    screenshot(page, "epa-result-apprentice")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the result letter (PDF)").click()
    letter = PdfReader(BytesIO(download.value.path().read_bytes()))
    text = "".join(p.extract_text() for p in letter.pages)
    assert "Oliver Hartley" in text and moderated["grade"].title() in text
