"""The full record as an A4 PDF: a cover, then one numbered section per part of the record,
with the protective marking, the apprentice's name and "Page n of m" on every page."""

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from trellis import pdf_fonts
from trellis.apprenticeships.full_record import (
    COVER_NOTE,
    Facts,
    FullRecord,
    Part,
    Section,
    Text,
)
from trellis.apprenticeships.full_record import Table as RowsTable

MARKING = "OFFICIAL-SENSITIVE"
MARGIN = 18 * mm
TEXT = colors.HexColor("#0b0c0c")
SECONDARY = colors.HexColor("#505a5f")
RULE = colors.HexColor("#b1b4b6")
HEADER_FILL = colors.HexColor("#f3f2f1")

_BASE = pdf_fonts.sample_style_sheet()
STYLES = {
    "title": ParagraphStyle(
        "title", parent=_BASE["Title"], fontSize=26, leading=32, alignment=0, spaceAfter=4
    ),
    "subtitle": ParagraphStyle(
        "subtitle", parent=_BASE["Normal"], fontSize=15, leading=20, textColor=TEXT
    ),
    "h1": ParagraphStyle(
        "h1", parent=_BASE["Heading1"], fontSize=17, leading=22, spaceBefore=4, spaceAfter=8
    ),
    "h2": ParagraphStyle(
        "h2", parent=_BASE["Heading2"], fontSize=13, leading=17, spaceBefore=10, spaceAfter=6
    ),
    "h3": ParagraphStyle(
        "h3",
        parent=_BASE["Heading3"],
        fontName=pdf_fonts.BOLD,
        fontSize=10.5,
        leading=14,
        spaceBefore=8,
        spaceAfter=4,
    ),
    "body": ParagraphStyle(
        "body", parent=_BASE["Normal"], fontSize=10, leading=14, spaceAfter=6, textColor=TEXT
    ),
    "cell": ParagraphStyle("cell", parent=_BASE["Normal"], fontSize=9, leading=12, textColor=TEXT),
    "key": ParagraphStyle(
        "key", parent=_BASE["Normal"], fontName=pdf_fonts.BOLD, fontSize=9, leading=12
    ),
    "small": ParagraphStyle(
        "small", parent=_BASE["Normal"], fontSize=9, leading=12, textColor=SECONDARY
    ),
}
# A heading this close to the foot of a page starts the next page, so that it is never left
# without the rows it introduces.
ROOM_AFTER_HEADING = {"h1": 50 * mm, "h2": 40 * mm, "h3": 25 * mm}


def _text(value: str, style: str = "body") -> Paragraph:
    """Return the text as a paragraph, keeping line breaks and never reading it as markup."""
    return Paragraph(escape(value).replace("\n", "<br/>"), STYLES[style])


def _heading(value: str, style: str) -> list:
    return [CondPageBreak(ROOM_AFTER_HEADING[style]), _text(value, style)]


def _grid(rows: list[list], widths: list[float], *, header: bool) -> Table:
    # A row taller than a page (a long account, say) splits across pages rather than failing.
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, splitInRow=1)
    style = [
        # Cells hold paragraphs, but a table still sets its own font, Helvetica unless told.
        ("FONTNAME", (0, 0), (-1, -1), pdf_fonts.REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
    ]
    if header:
        style += [
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("LINEBELOW", (0, 0), (-1, 0), 1, TEXT),
        ]
    table.setStyle(TableStyle(style))
    return table


def _facts(block: Facts, width: float) -> list:
    story = _heading(block.title, "h3") if block.title else []
    rows = [[_text(label, "key"), _text(value, "cell")] for label, value in block.rows]
    story.append(_grid(rows, [width * 0.32, width * 0.68], header=False))
    story.append(Spacer(1, 3 * mm))
    return story


def _rows(block: RowsTable, width: float) -> list:
    story = _heading(block.title, "h3") if block.title else []
    if not block.rows:
        return [*story, _text(block.empty, "small"), Spacer(1, 2 * mm)]
    header = [_text(column, "key") for column in block.columns]
    body = [[_text(value, "cell") for value in row] for row in block.rows]
    story.append(_grid([header, *body], [width * share for share in block.widths], header=True))
    story.append(Spacer(1, 3 * mm))
    return story


def _block(block, width: float) -> list:
    if isinstance(block, Facts):
        return _facts(block, width)
    if isinstance(block, RowsTable):
        return _rows(block, width)
    if isinstance(block, Text):
        return [_text(block.text)]
    raise TypeError(f"Cannot lay out {type(block).__name__}")


def _section(number: int, section: Section, width: float) -> list:
    story = _heading(f"{number}. {section.title}", "h1")
    for block in section.blocks:
        if isinstance(block, Part):
            story += _heading(block.title, "h2")
            for inner in block.blocks:
                story += _block(inner, width)
        else:
            story += _block(block, width)
    story.append(Spacer(1, 6 * mm))
    return story


def _cover(record: FullRecord, width: float) -> list:
    story = [
        Spacer(1, 18 * mm),
        _text("Apprenticeship record", "title"),
        _text(record.apprentice, "subtitle"),
        Spacer(1, 10 * mm),
        *_facts(record.cover, width),
        Spacer(1, 4 * mm),
        _text("Contents", "h2"),
    ]
    story += [
        _text(f"{number}. {section.title}", "cell")
        for number, section in enumerate(record.sections, start=1)
    ]
    story += [Spacer(1, 8 * mm), _text(COVER_NOTE, "small")]
    return story


def _canvas_for(record: FullRecord):
    """Return a canvas class that draws each page's marking, name and "Page n of m" once the
    number of pages is known."""
    footer_left = f"{MARKING}  ·  {record.apprentice}: apprenticeship record"
    produced = f"Produced {record.produced_label}"

    class RecordCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._furniture(total)
                super().showPage()
            super().save()

        def _furniture(self, total: int) -> None:
            page_width, page_height = A4
            self.saveState()
            self.setFillColor(TEXT)
            self.setFont(pdf_fonts.BOLD, 9)
            self.drawCentredString(page_width / 2, page_height - 10 * mm, MARKING)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN, 15 * mm, page_width - MARGIN, 15 * mm)
            self.setFont(pdf_fonts.BOLD, 8)
            self.drawString(MARGIN, 10.5 * mm, footer_left)
            self.setFont(pdf_fonts.REGULAR, 8)
            self.drawRightString(
                page_width - MARGIN, 10.5 * mm, f"Page {self._pageNumber} of {total}"
            )
            self.setFillColor(SECONDARY)
            self.drawString(MARGIN, 6.5 * mm, produced)
            self.restoreState()

    return RecordCanvas


def render_full_record(record: FullRecord) -> bytes:
    """Return the record as an A4 PDF: a cover page, then each section in order."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=18 * mm,
        bottomMargin=22 * mm,
        # The canvas would otherwise start every page in Helvetica and list it as a page font.
        initialFontName=pdf_fonts.REGULAR,
        title=f"Apprenticeship record: {record.apprentice}",
        author=record.produced_by,
        subject=MARKING,
    )
    # The frame keeps 6 points of padding each side; tables fill what is left.
    width = document.width - 12
    story = _cover(record, width)
    story.append(PageBreak())
    for number, section in enumerate(record.sections, start=1):
        story += _section(number, section, width)
    document.build(story, canvasmaker=_canvas_for(record))
    return buffer.getvalue()
