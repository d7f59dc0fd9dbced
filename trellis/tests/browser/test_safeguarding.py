from datetime import timedelta

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from trellis.apprenticeships.models import Apprenticeship
from trellis.safeguarding.models import AgencyReferral, Concern
from trellis.tests.browser.conftest import SCREENSHOTS, assert_accessible, screenshot, sign_in

CONSULTANT = "consultant1@northway-training.example"
LEAD = "dsl1@northway-training.example"
APPRENTICE = "apprentice6@ashworth-council.example"
REVIEWED_APPRENTICE = "apprentice1@eastgate-college.example"
REVIEW_ACCOUNT = (
    "Chloe said she has not been sleeping and “can't see the point of any of it” since her "
    "mum went into hospital."
)
ACCOUNT = (
    "Aled arrived with a swollen eye and said “he'll do worse if I tell anyone” about someone "
    "he lives with. He did not want to go home after work."
)


def test_a_consultant_raises_an_urgent_concern_and_the_lead_refers_it(page, live_server, demo):
    aled = Apprenticeship.objects.get(apprentice__email=APPRENTICE, consultant__email=CONSULTANT)
    sign_in(page, live_server, CONSULTANT, demo)
    page.goto(f"{live_server.url}/safeguarding/raise/")
    expect(page.get_by_text("call 999 now")).to_be_visible()
    page.get_by_role("combobox", name="Apprentice").select_option(str(aled.pk))
    page.get_by_role("radio", name="The apprentice themself").check()
    page.get_by_role("radio", name="Physical harm").check()
    page.get_by_label("What was seen or said").fill(ACCOUNT)
    page.get_by_role("group", name="Is anyone at immediate risk?").get_by_role(
        "radio", name="Yes"
    ).check()
    page.get_by_label("What has been done already").fill(
        "Kept him at the office with his manager and phoned the police."
    )
    assert_accessible(page)
    screenshot(page, "safeguarding-raise")
    with page.expect_navigation():
        page.get_by_role("button", name="Send to the safeguarding lead").click()

    concern = Concern.objects.get(account=ACCOUNT)
    assert concern.immediate_risk and concern.urgency == "urgent"
    assert concern.raised_by.email == CONSULTANT
    expect(page.get_by_text(f"Concern {concern.reference} received")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "safeguarding-received")
    assert [email.to for email in mail.outbox] == [[LEAD]]
    assert mail.outbox[0].subject.startswith(f"URGENT: Safeguarding concern {concern.reference}")

    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, LEAD, demo)
    page.goto(f"{live_server.url}/safeguarding/")
    first_row = page.locator("table").first.locator("tbody tr").first
    assert first_row.get_by_role("link").first.inner_text() == concern.reference
    expect(first_row.get_by_text("Immediate risk")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "safeguarding-dashboard")

    with page.expect_navigation():
        first_row.get_by_role("link", name=concern.reference).click()
    expect(page.get_by_role("heading", name=concern.reference)).to_be_visible()
    expect(page.get_by_text(ACCOUNT)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "safeguarding-case")

    with page.expect_navigation():
        page.get_by_role("link", name="Record a referral").click()
    page.get_by_role("radio", name="Police").check()
    page.get_by_label("The agency's name").fill("West Yorkshire Police")
    page.get_by_label("The agency's reference").fill("WYP-13-2211")
    page.get_by_label("Note").fill("Reported by phone on 101; officers are visiting today.")
    assert_accessible(page)
    screenshot(page, "safeguarding-referral-form")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the referral").click()

    referral = AgencyReferral.objects.get(concern=concern)
    assert referral.agency == "police"
    assert referral.agency_reference == "WYP-13-2211"
    expect(page.get_by_role("heading", name=concern.reference)).to_be_visible()
    expect(page.get_by_role("cell", name="West Yorkshire Police").first).to_be_visible()
    expect(page.get_by_text("WYP-13-2211").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "safeguarding-case-with-referral")


def test_an_apprentice_raises_a_concern_on_a_phone(phone_page, live_server, demo):
    sign_in(phone_page, live_server, APPRENTICE, demo)
    phone_page.goto(f"{live_server.url}/safeguarding/raise/")
    expect(phone_page.get_by_role("heading", name="Raise a safeguarding concern")).to_be_visible()
    expect(phone_page.get_by_text("call 999 now")).to_be_visible()
    expect(phone_page.get_by_role("button", name="Send to the safeguarding lead")).to_be_visible()
    assert_accessible(phone_page)
    screenshot(phone_page, "safeguarding-raise-phone")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


def test_the_lead_works_a_case_and_the_consultant_reads_the_note_shared(page, live_server, demo):
    """The demo's concern awaiting triage: the lead triages it, records a contact, shares a
    note with the consultant, closes and reopens it and sees who read it; the consultant
    reads the note from their notices; the apprentice who raised it sees only its status."""
    concern = Concern.objects.get(category="bullying", status="open", triaged_at__isnull=True)
    consultant = concern.apprenticeship.consultant
    sign_in(page, live_server, LEAD, demo)
    expect(page.get_by_role("heading", name="Safeguarding").first).to_be_visible()
    screenshot(page, "safeguarding-lead-home")
    page.goto(f"{live_server.url}/safeguarding/concerns/{concern.pk}/")

    with page.expect_navigation():
        page.get_by_role("link", name="Triage", exact=True).click()
    page.get_by_role("radio", name="Medium").check()
    page.get_by_label("Your assessment").fill(
        "Name-calling by two colleagues over three weeks; no threat of harm. Her manager "
        "must act this week."
    )
    assert_accessible(page)
    screenshot(page, "safeguarding-triage")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the triage").click()
    concern.refresh_from_db()
    assert concern.urgency == "medium" and concern.triaged_at is not None

    with page.expect_navigation():
        page.get_by_role("link", name="Add an action or contact").click()
    page.get_by_role("radio", name="Contact").check()
    page.get_by_label("Who was contacted").fill("Her line manager")
    page.get_by_role("group", name="How").get_by_role("radio", name="Phone").check()
    page.get_by_label("What happened").fill(
        "Agreed the manager meets both colleagues this week and moves her desk meanwhile."
    )
    assert_accessible(page)
    screenshot(page, "safeguarding-contact")
    with page.expect_navigation():
        page.get_by_role("button", name="Add to the chronology").click()
    expect(page.get_by_text("Her line manager").first).to_be_visible()

    with page.expect_navigation():
        page.get_by_role("link", name="Share a note").click()
    page.get_by_role("radio", name=consultant.full_name).check()
    page.get_by_label("The note").fill(
        "She may miss a session this week while her employer deals with a workplace matter."
    )
    page.get_by_label("Why they need to know").fill("To plan her next session and OTJ hours.")
    assert_accessible(page)
    screenshot(page, "safeguarding-share")
    with page.expect_navigation():
        page.get_by_role("button", name="Share the note").click()

    with page.expect_navigation():
        page.get_by_role("link", name="Close the case").click()
    page.get_by_role("radio", name="Support arranged by the provider or employer").check()
    page.get_by_label("Why the case can close").fill("The manager acted; she says it stopped.")
    screenshot(page, "safeguarding-close")
    with page.expect_navigation():
        page.get_by_role("button", name="Close the case").click()
    concern.refresh_from_db()
    assert concern.status == "closed"
    assert_accessible(page)
    screenshot(page, "safeguarding-case-closed")

    with page.expect_navigation():
        page.get_by_role("link", name="Reopen the case").click()
    page.get_by_label("Why the case reopens").fill("She reports the name-calling started again.")
    with page.expect_navigation():
        page.get_by_role("button", name="Reopen the case").click()
    concern.refresh_from_db()
    assert concern.status == "open"
    # In the order recorded: the contact's time, given to the minute, may place it before the
    # triage recorded seconds earlier in the chronology's own order.
    kinds = list(concern.events.order_by("recorded_at", "pk").values_list("kind", flat=True))
    assert kinds[-5:] == ["triaged", "contact", "note_shared", "closed", "reopened"]

    with page.expect_navigation():
        page.get_by_role("link", name="Who has read this case").click()
    expect(page.get_by_role("cell", name="Fiona MacLeod").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "safeguarding-reads")

    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, consultant.email, demo)
    page.goto(f"{live_server.url}/notices/")
    screenshot(page, "safeguarding-consultant-notices")
    apprentice_name = concern.apprenticeship.apprentice.full_name
    with page.expect_navigation():
        page.get_by_role("button", name=f"shared a note about {apprentice_name}").first.click()
    expect(page.get_by_text("She may miss a session this week")).to_be_visible()
    assert not page.get_by_text("Name-calling").count()
    assert_accessible(page)
    screenshot(page, "safeguarding-shared-note")

    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, concern.raised_by.email, demo)
    page.goto(f"{live_server.url}/safeguarding/raised/")
    expect(page.get_by_role("cell", name="Received, open")).to_be_visible()
    assert not page.get_by_text("Her line manager").count()
    screenshot(page, "safeguarding-raised-by-apprentice")


def test_a_review_s_well_being_check_raises_a_concern_the_review_does_not_keep(
    page, live_server, demo
):
    apprenticeship = Apprenticeship.objects.get(apprentice__email=REVIEWED_APPRENTICE)
    sign_in(page, live_server, CONSULTANT, demo)
    page.goto(f"{live_server.url}/apprenticeships/{apprenticeship.pk}/reviews/")
    with page.expect_navigation():
        page.get_by_role("link", name="Record a review").click()
    page.get_by_label("Face to face").check()
    for done in page.locator("input[type=radio][value=yes]").all():
        done.check()
    page.get_by_label("Training since the last review").fill("Workshop on giving feedback.")
    page.locator("#id_steps-0-description").fill("Book a GP appointment")
    page.locator("#id_steps-0-owner").select_option("apprentice")
    page.locator("#id_steps-0-due_date").fill(str(timezone.localdate() + timedelta(days=14)))
    page.get_by_label("Next review date").fill(str(timezone.localdate() + timedelta(days=60)))
    page.get_by_role("radio", name="Concerns raised").check()
    page.get_by_role("radio", name="Mental health").check()
    page.locator("input[name=wellbeing_immediate_risk][value=false]").check()
    page.get_by_label("What was seen or said").fill(REVIEW_ACCOUNT)
    assert_accessible(page)
    # The form is long: the well-being section is what changed.
    page.get_by_role("group", name="Well-being").screenshot(
        path=str(SCREENSHOTS / "safeguarding-review-wellbeing.png")
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Save the review").click()

    concern = Concern.objects.get(apprenticeship=apprenticeship, account=REVIEW_ACCOUNT)
    review = concern.raised_from_review
    assert review is not None and review.wellbeing_notes == ""
    assert concern.category == "mental_health" and not concern.immediate_risk
    expect(
        page.get_by_text("passed to the safeguarding lead as a safeguarding concern")
    ).to_be_visible()
    assert not page.get_by_text(REVIEW_ACCOUNT).count()
    assert [email.to for email in mail.outbox] == [[LEAD]]
    assert_accessible(page)
    screenshot(page, "safeguarding-review-saved")
