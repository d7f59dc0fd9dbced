"""The result letter: a one-page PDF of the final grade, each method's grade and the appeal
window, addressed to the apprentice."""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from trellis import pdf_fonts
from trellis.epa.grading import grade_label
from trellis.epa.models import Assessment

STYLES = pdf_fonts.sample_style_sheet()


def _date(value) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def render(assessment: Assessment) -> bytes:
    apprenticeship = assessment.apprenticeship
    apprentice = apprenticeship.apprentice
    standard = apprenticeship.standard_version
    result = assessment.final_result
    epao = assessment.booking.epao
    # Names, titles and reasons are plain text: escaped, "<" or "&" can never be read as markup.
    apprentice_name = escape(apprentice.full_name)
    epao_name = escape(epao.name)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        # The canvas would otherwise start every page in Helvetica and list it as a page font.
        initialFontName=pdf_fonts.REGULAR,
        title=f"End-point assessment result: {apprentice.full_name}",
        author=epao.name,
    )
    body = STYLES["BodyText"]
    story = [
        Paragraph(epao_name, STYLES["Title"]),
        Paragraph(_date(timezone.localdate(assessment.confirmed_at)), body),
        Spacer(1, 6 * mm),
        Paragraph(f"Dear {apprentice_name},", body),
        Spacer(1, 3 * mm),
        Paragraph(
            f"We confirm the result of your end-point assessment for "
            f"{escape(standard.standard.title)} (level {standard.standard.level}, "
            f"{escape(standard.standard.reference)} version {escape(standard.version)}), attempt "
            f"{assessment.number}.",
            body,
        ),
        Spacer(1, 4 * mm),
        Paragraph(f"Overall grade: <b>{grade_label(result['grade'])}</b>", STYLES["Heading2"]),
    ]
    rows = [["Assessment method", "Grade", "Points"]]
    for method in result["methods"].values():
        rows.append([method["name"], grade_label(method["grade"]), str(method["points"])])
    rows.append(["Total", "", f"{result['points']} of {result['points_out_of']}"])
    if result["methods"]:
        table = Table(rows, colWidths=[95 * mm, 35 * mm, 30 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), pdf_fonts.REGULAR),
                    ("FONTNAME", (0, 0), (-1, 0), pdf_fonts.BOLD),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.75, colors.black),
                    ("LINEABOVE", (0, -1), (-1, -1), 0.5, colors.grey),
                    ("FONTNAME", (0, -1), (-1, -1), pdf_fonts.BOLD),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story += [table, Spacer(1, 5 * mm)]
    for reason in result.get("reasons", []):
        story.append(Paragraph(escape(reason), body))
    if result.get("capped"):
        story.append(
            Paragraph(
                "As a re-attempt, the grade is capped at Pass under the assessment plan.", body
            )
        )
    if assessment.achieved_on:
        story.append(Paragraph(f"Achievement date: {_date(assessment.achieved_on)}.", body))
    story += [
        Spacer(1, 4 * mm),
        Paragraph(
            f"If you wish to appeal, write to {epao_name} by {_date(assessment.appeal_until)}.",
            body,
        ),
        Spacer(1, 8 * mm),
        Paragraph(epao_name + (f", EPAO {escape(epao.epao_id)}" if epao.epao_id else ""), body),
    ]
    document.build(story)
    return buffer.getvalue()
