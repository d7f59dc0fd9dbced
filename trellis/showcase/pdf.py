"""The Showcase as one PDF for the assessor, rendered once from a snapshot's frozen content."""

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from trellis import pdf_fonts

_BASE = pdf_fonts.sample_style_sheet()
STYLES = {
    "title": ParagraphStyle("title", parent=_BASE["Title"], fontSize=24, leading=30),
    "subtitle": ParagraphStyle("subtitle", parent=_BASE["Normal"], fontSize=13, leading=18),
    "h1": ParagraphStyle("h1", parent=_BASE["Heading1"], fontSize=17, leading=21),
    "h2": ParagraphStyle("h2", parent=_BASE["Heading2"], fontSize=13, leading=16),
    "h3": ParagraphStyle("h3", parent=_BASE["Heading3"], fontSize=11, leading=14),
    "body": ParagraphStyle("body", parent=_BASE["Normal"], fontSize=10, leading=14),
    "label": ParagraphStyle(
        "label",
        parent=_BASE["Normal"],
        fontName=pdf_fonts.BOLD,
        fontSize=8.5,
        leading=11,
        spaceBefore=6,
        spaceAfter=2,
    ),
    "small": ParagraphStyle(
        "small",
        parent=_BASE["Normal"],
        fontSize=8.5,
        leading=11,
        textColor=colors.HexColor("#505a5f"),
    ),
}


def _text(value: str, style: str = "body") -> Paragraph:
    """Return the text as a paragraph, keeping line breaks and never reading it as markup."""
    return Paragraph(escape(value).replace("\n", "<br/>"), STYLES[style])


def _paragraphs(value: str, style: str = "body") -> list:
    blocks = [block.strip() for block in value.replace("\r\n", "\n").split("\n\n")]
    return [_text(block, style) for block in blocks if block] or [_text("—", style)]


def _table(rows: list[list], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                # Cells hold paragraphs, but a table still sets its own font, Helvetica unless told.
                ("FONTNAME", (0, 0), (-1, -1), pdf_fonts.REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#b1b4b6")),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _items_label(count: int) -> str:
    return f"{count} item" if count == 1 else f"{count} items"


def _title_page(content: dict, width: float) -> list:
    standard = content["standard"]
    story = [
        Spacer(1, 40 * mm),
        _text("Showcase", "title"),
        _text(content["apprentice"], "subtitle"),
        Spacer(1, 6 * mm),
        _text(
            f"{standard['reference']} {standard['title']}, level {standard['level']}, "
            f"version {standard['version']}",
            "subtitle",
        ),
        _text(f"Submitted for gateway on {content['submitted_on']} (Showcase {content['number']})"),
        Spacer(1, 12 * mm),
        _text("Sections", "h2"),
    ]
    rows = [
        [_text(section["title"]), _text(_items_label(len(section["items"])), "small")]
        for section in content["sections"]
    ]
    story.append(_table(rows, [width * 0.8, width * 0.2]))
    story.append(
        _text(
            "The files listed under each item are in the download's zip at the path shown.",
            "small",
        )
    )
    return story


def _item(item: dict, width: float, codes: set[str]) -> list:
    """Return an item's flowables, with the mappings and judgements of this section's KSBs
    (an item often covers many KSBs; the rest are named in one line)."""
    decision = item["decision"]
    judged = ", ".join(
        f"{row['code']} {row['judgement'].lower()}"
        for row in decision["judgements"]
        if row["code"] in codes
    )
    others: dict[str, list[str]] = {}
    for row in decision["judgements"]:
        if row["code"] not in codes:
            others.setdefault(row["judgement"].lower(), []).append(row["code"])
    also = "; ".join(f"{judgement} for {', '.join(found)}" for judgement, found in others.items())
    story = [
        _text(item["title"], "h3"),
        _text(f"{item['kind']}, {item['date_label']}", "small"),
    ]
    if item["witness"]:
        story.append(_text(f"Witness: {item['witness']}", "small"))
    story.extend(_paragraphs(item["body"]) if item["body"].strip() else [])
    story.append(Spacer(1, 2 * mm))
    mapping_rows = [
        [_text(mapping["code"]), _text(mapping["justification"])]
        for mapping in item["mappings"]
        if mapping["code"] in codes
    ]
    if mapping_rows:
        story.append(_text("How it shows each KSB", "label"))
        story.append(_table(mapping_rows, [width * 0.12, width * 0.88]))
    story.append(
        _text(
            f"Assessed by {decision['decided_by']} on {decision['decided_on']}: {judged}."
            + (f" The same decision also found it {also}." if also else ""),
            "small",
        )
    )
    if decision["correction_reason"]:
        story.append(
            _text(f"Correcting an earlier decision: {decision['correction_reason']}", "small")
        )
    if item["files"]:
        story.append(_text("Files in the zip", "label"))
        story.append(
            _table(
                [
                    [
                        _text(file["archive_name"], "small"),
                        _text(f"{file['original_name']}, {file['size']:,} bytes", "small"),
                    ]
                    for file in item["files"]
                ],
                [width * 0.55, width * 0.45],
            )
        )
    story.append(Spacer(1, 4 * mm))
    return story


def _section(section: dict, width: float) -> list:
    story = [_text(section["title"], "h1")]
    story.append(
        _table(
            [[_text(ksb["code"]), _text(ksb["statement"])] for ksb in section["ksbs"]],
            [width * 0.12, width * 0.88],
        )
    )
    story.append(Spacer(1, 3 * mm))
    story.append(_text("Narrative", "h2"))
    story.extend(_paragraphs(section["narrative"]))
    story.append(_text("Evidence", "h2"))
    codes = {ksb["code"] for ksb in section["ksbs"]}
    for item in section["items"]:
        flowables = _item(item, width, codes)
        story.append(KeepTogether(flowables[:3]))
        story.extend(flowables[3:])
    return story


def render_pdf(content: dict) -> bytes:
    """Return the PDF of a snapshot's content: a title page, then a page per section."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        # The canvas would otherwise start every page in Helvetica and list it as a page font.
        initialFontName=pdf_fonts.REGULAR,
        title=f"Showcase of {content['apprentice']}",
        author=content["apprentice"],
        subject=f"{content['standard']['reference']} {content['standard']['title']}",
        # The same content always gives the same bytes, so its checksum means something.
        invariant=1,
    )

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(pdf_fonts.REGULAR, 8)
        canvas.setFillColor(colors.HexColor("#505a5f"))
        canvas.drawString(
            20 * mm,
            10 * mm,
            f"Showcase of {content['apprentice']}, submitted {content['submitted_on']}",
        )
        canvas.drawRightString(A4[0] - 20 * mm, 10 * mm, f"Page {doc.page}")
        canvas.restoreState()

    # The frame keeps 6 points of padding each side; tables fill what is left.
    width = document.width - 12
    story = _title_page(content, width)
    for section in content["sections"]:
        story.append(PageBreak())
        story.extend(_section(section, width))
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
