"""Roboto for every PDF Trellis makes, registered with reportlab once.

reportlab's built-in Helvetica has no glyphs past Latin-1, so names such as "Łukasz", "Ștefan"
or "Dvořák" would print as black boxes. Roboto (Apache 2.0, from the `font-roboto` package)
covers Latin Extended; it is read from the installed package, never kept in this repository.
"""

from importlib.resources import files

from reportlab.lib.styles import StyleSheet1, getSampleStyleSheet
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FAMILY = "Roboto"
REGULAR = "Roboto"
BOLD = "Roboto-Bold"
ITALIC = "Roboto-Italic"
BOLD_ITALIC = "Roboto-BoldItalic"

_FILES = {
    REGULAR: "Roboto-Regular.ttf",
    BOLD: "Roboto-Bold.ttf",
    ITALIC: "Roboto-Italic.ttf",
    BOLD_ITALIC: "Roboto-BoldItalic.ttf",
}
# The sample style sheet names Helvetica's faces; each becomes Roboto's matching face.
_INSTEAD_OF_HELVETICA = {
    "Helvetica": REGULAR,
    "Helvetica-Bold": BOLD,
    "Helvetica-Oblique": ITALIC,
    "Helvetica-BoldOblique": BOLD_ITALIC,
}


def _register() -> None:
    """Register Roboto's four faces and tie them into one family for `<b>` and `<i>`."""
    font_directory = files("font_roboto") / "files"
    for name, file_name in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(font_directory / file_name)))
    # The family maps each face back to it too, so `<i>` in a bold heading finds bold italic.
    pdfmetrics.registerFontFamily(
        FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
    )


def sample_style_sheet() -> StyleSheet1:
    """Return reportlab's sample style sheet with every Helvetica face set in Roboto."""
    sheet = getSampleStyleSheet()
    for style in sheet.byName.values():
        # List styles have a bullet font but no font of their own.
        for attribute in ("fontName", "bulletFontName"):
            font = getattr(style, attribute, None)
            if font in _INSTEAD_OF_HELVETICA:
                setattr(style, attribute, _INSTEAD_OF_HELVETICA[font])
    return sheet


# Registering on import means any module that names these fonts can rely on them being there;
# Python imports a module once, so the files are read once per process.
_register()
