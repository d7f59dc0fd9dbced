import io

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph, SimpleDocTemplate

from trellis import pdf_fonts
from trellis.testing.pdf import INTERNATIONAL_NAME, pdf_font_names, pdf_text

# The Turkish dotless i (U+0131) is meant.
NAMES = ["Łukasz Wiśniewski", "Ștefan Țurcanu", "Ayşe Yılmaz", "Dvořák", INTERNATIONAL_NAME]  # noqa: RUF001
FACES = [pdf_fonts.REGULAR, pdf_fonts.BOLD, pdf_fonts.ITALIC, pdf_fonts.BOLD_ITALIC]


@pytest.mark.parametrize("face", FACES)
def test_every_face_has_a_glyph_for_every_letter_of_the_names(face):
    glyphs = pdfmetrics.getFont(face).face.charToGlyph
    missing = {letter for name in NAMES for letter in name if ord(letter) not in glyphs}
    assert not missing, f"{face} has no glyph for {sorted(missing)}"


def test_the_sample_style_sheet_has_no_helvetica_left():
    sheet = pdf_fonts.sample_style_sheet()
    fonts = {
        getattr(style, attribute)
        for style in sheet.byName.values()
        for attribute in ("fontName", "bulletFontName")
        if hasattr(style, attribute)
    }
    assert not {font for font in fonts if font.startswith("Helvetica")}
    assert sheet["Heading1"].fontName == pdf_fonts.BOLD
    assert sheet["BodyText"].fontName == pdf_fonts.REGULAR


def test_bold_and_italic_markup_use_robotos_own_faces():
    sheet = pdf_fonts.sample_style_sheet()
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, initialFontName=pdf_fonts.REGULAR).build(
        [
            Paragraph("<b>Łukasz</b> and <i>Ștefan</i>", sheet["BodyText"]),
            Paragraph("Heading with <i>Dvořák</i>", sheet["Heading1"]),
        ]
    )
    data = buffer.getvalue()
    assert pdf_font_names(data) == {
        "Roboto-Regular",
        "Roboto-Bold",
        "Roboto-Italic",
        "Roboto-BoldItalic",
    }
    assert "Łukasz and Ștefan" in pdf_text(data)
    assert "Heading with Dvořák" in pdf_text(data)
