"""The Showcase PDF prints every Latin-script name in Roboto and never reads text as markup."""

import pytest

from trellis.portfolio.models import EvidenceItem
from trellis.showcase.pdf import render_pdf
from trellis.showcase.services import showcase_submit
from trellis.showcase.tests.helpers import complete_showcase, fill_section
from trellis.testing.pdf import INTERNATIONAL_NAME, MARKUP_LIKE_NAME, pdf_font_names, pdf_text

pytestmark = pytest.mark.django_db

ITEM_TITLE = "Ground rules <b>agreed</b> & kept"
# The Turkish dotless i (U+0131) is meant.
NARRATIVE = f"I planned sessions with {MARKUP_LIKE_NAME} for a learner called Ayşe Yılmaz."  # noqa: RUF001


@pytest.fixture
def snapshot(people):
    """Amara, renamed, submits a Showcase whose first item and narrative look like markup."""
    people.amara.full_name = INTERNATIONAL_NAME
    people.amara.save()
    apprenticeship = people.amara_apprenticeship
    items = complete_showcase(apprenticeship, leave_out="theme-1")
    EvidenceItem.objects.filter(pk=items["theme-1"].pk).update(
        title=ITEM_TITLE, witness_name="Tomáš Dvořák", witness_role=MARKUP_LIKE_NAME
    )
    fill_section(apprenticeship, "theme-1", [items["theme-1"]], narrative=NARRATIVE)
    return showcase_submit(apprenticeship=apprenticeship, submitted_by=people.amara)


def test_the_pdf_prints_the_names_and_markup_like_text_exactly(snapshot):
    text = pdf_text(snapshot.pdf.read())
    assert text.count(INTERNATIONAL_NAME) >= 2, "the title page and each page's footer"
    assert f"Showcase of {INTERNATIONAL_NAME}, submitted" in text
    assert ITEM_TITLE in text
    assert NARRATIVE in text
    assert f"Witness: Tomáš Dvořák, {MARKUP_LIKE_NAME}" in text


def test_the_pdf_uses_roboto_alone(snapshot):
    fonts = pdf_font_names(snapshot.pdf.read())
    assert fonts == {"Roboto-Regular", "Roboto-Bold", "Roboto-BoldItalic"}


def test_the_same_content_still_gives_the_same_bytes(snapshot):
    assert render_pdf(snapshot.content) == snapshot.pdf.read()
