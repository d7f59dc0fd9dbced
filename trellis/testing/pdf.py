"""Reading PDFs back in tests: their text and the fonts their pages use."""

import io

from pypdf import PdfReader

# Names no font without Latin Extended can print: Polish, Romanian (comma below), Czech.
INTERNATIONAL_NAME = "Łukasz Wiśniewski-Țurcanu"
# An organisation's name that reportlab would read as markup if it were not escaped.
MARKUP_LIKE_NAME = "Smith & Jones <Assessment>"


def pdf_text(data: bytes) -> str:
    """Return the PDF's text with every run of whitespace as one space."""
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def pdf_font_names(data: bytes) -> set[str]:
    """Return the name of every font the pages use, without a subset's "ABCDEF+" prefix."""
    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = page["/Resources"].get("/Font", {})
        for font in fonts.values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    return names
