"""The result letter: a one-page PDF of the final grade, each method's grade and the appeal
window, addressed to the apprentice."""

import io

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from trellis.epa.grading import grade_label
from trellis.epa.models import Assessment


def _date(value) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def render(assessment: Assessment) -> bytes:
    apprenticeship = assessment.apprenticeship
    apprentice = apprenticeship.apprentice
    standard = apprenticeship.standard_version
    result = assessment.final_result
    epao = assessment.booking.epao
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=f"End-point assessment result: {apprentice.full_name}",
        author=epao.name,
    )
    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    story = [
        Paragraph(epao.name, styles["Title"]),
        Paragraph(_date(timezone.localdate(assessment.confirmed_at)), body),
        Spacer(1, 6 * mm),
        Paragraph(f"Dear {apprentice.full_name},", body),
        Spacer(1, 3 * mm),
        Paragraph(
            f"We confirm the result of your end-point assessment for "
            f"{standard.standard.title} (level {standard.standard.level}, "
            f"{standard.standard.reference} version {standard.version}), attempt "
            f"{assessment.number}.",
            body,
        ),
        Spacer(1, 4 * mm),
        Paragraph(f"Overall grade: <b>{grade_label(result['grade'])}</b>", styles["Heading2"]),
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
                    ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.75, colors.black),
                    ("LINEABOVE", (0, -1), (-1, -1), 0.5, colors.grey),
                    ("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story += [table, Spacer(1, 5 * mm)]
    for reason in result.get("reasons", []):
        story.append(Paragraph(reason, body))
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
            f"If you wish to appeal, write to {epao.name} by {_date(assessment.appeal_until)}.",
            body,
        ),
        Spacer(1, 8 * mm),
        Paragraph(f"{epao.name}" + (f", EPAO {epao.epao_id}" if epao.epao_id else ""), body),
    ]
    document.build(story)
    return buffer.getvalue()
