import io
import zipfile
from pathlib import Path

from playwright.sync_api import expect
from pypdf import PdfReader

from trellis.apprenticeships.models import Apprenticeship
from trellis.showcase import selectors
from trellis.showcase.models import ShowcaseSnapshot
from trellis.showcase.tests.helpers import attach_file
from trellis.tests.browser.conftest import assert_accessible, screenshot, sign_in

TARIQ = "apprentice14@meadowbank-care.example"
NARRATIVE = (
    "My line manager's testimony shows how I keep mutual respect at the heart of each session: "
    "I agree ground rules with every learner and revisit them when things get tense."
)


def test_tariq_completes_submits_and_downloads_his_showcase(page, live_server, demo, tmp_path):
    apprenticeship = Apprenticeship.objects.get(apprentice__email=TARIQ)
    state = selectors.showcase_state(apprenticeship)
    last = state.sections[-1]
    total = len(state.sections)
    assert state.complete_count == total - 1, "the demo leaves one section to finish"
    # A file on the evidence, so that the zip carries one besides the PDF.
    attach_file(last.picked[0], name="Ground rules agreed with learners.pdf")

    sign_in(page, live_server, TARIQ, demo)
    page.goto(f"{live_server.url}/apprenticeships/{apprenticeship.pk}/portfolio/showcase/")
    expect(page.get_by_text(f"{total - 1} of {total} sections complete")).to_be_visible()
    assert page.get_by_role("link", name="Submit for gateway").count() == 0
    assert_accessible(page)
    screenshot(page, "showcase-task-list-incomplete")

    with page.expect_navigation():
        page.get_by_role("link", name=last.title).click()
    expect(page.get_by_role("heading", name=last.title)).to_be_visible()
    assert page.get_by_label(last.picked[0].title).is_checked()
    assert_accessible(page)
    screenshot(page, "showcase-section")
    page.get_by_label("Narrative").fill(NARRATIVE)
    page.get_by_role("button", name="Save the section").click()
    expect(page.get_by_text(f"{total} of {total} sections complete")).to_be_visible()

    page.get_by_role("link", name="Submit for gateway").click()
    expect(
        page.get_by_role("heading", name="Check your Showcase before submitting it")
    ).to_be_visible()
    assert_accessible(page)
    screenshot(page, "showcase-check-answers")
    page.get_by_role("button", name="Confirm and submit").click()
    expect(page.get_by_text("Showcase 1 submitted for gateway")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "showcase-submitted")

    snapshot = ShowcaseSnapshot.objects.get(showcase__apprenticeship=apprenticeship)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF and files (zip) of Showcase 1").click()
    archive_path = Path(download_info.value.path())
    with zipfile.ZipFile(archive_path) as archive:
        names = set(archive.namelist())
        pdf_in_zip = archive.read("showcase.pdf")
    assert names == {"showcase.pdf", *snapshot.files.values_list("archive_name", flat=True)}
    assert any(name.endswith("Ground-rules-agreed-with-learners.pdf") for name in names)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF of Showcase 1").click()
    pdf = Path(download_info.value.path()).read_bytes()
    assert pdf == pdf_in_zip
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Tariq Mahmood" in text
    assert NARRATIVE in text
    (tmp_path / "showcase.pdf").write_bytes(pdf)


def test_the_showcase_fits_a_phone(phone_page, live_server, demo):
    page = phone_page
    apprenticeship = Apprenticeship.objects.get(apprentice__email=TARIQ)
    sign_in(page, live_server, TARIQ, demo)
    page.goto(f"{live_server.url}/apprenticeships/{apprenticeship.pk}/portfolio/showcase/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "showcase-task-list-phone")
    last = selectors.showcase_state(apprenticeship).sections[-1]
    with page.expect_navigation():
        page.get_by_role("link", name=last.title).click()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "showcase-section-phone")
