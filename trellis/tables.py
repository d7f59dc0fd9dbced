"""Any table of Trellis as a CSV or XLSX download, with cells a spreadsheet cannot run.

Every list page offers its list this way: the export view checks access as the page does,
reads the same selector with the page's filters and sort, and passes a headings tuple and
its rows here (`list_download`).
"""

import csv
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A spreadsheet would run a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel's limit on a sheet's name.
SHEET_NAME_LENGTH = 31


class TableFormatConverter:
    """Match the formats a table downloads in (`<table_format:fmt>`), so that a URL asking
    for any other is not found."""

    regex = "|".join(FORMATS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def spreadsheet_safe(value: object) -> object:
    """Return a text cell that a spreadsheet shows as text, never runs; other values as given."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def day(moment: datetime | None) -> date | None:
    """Return the day a moment fell on in the UK, as the pages print it; None for none."""
    return None if moment is None else timezone.localdate(moment)


def hours(minutes: int | None) -> Decimal | None:
    """Return minutes as hours to the hundredth, a number a spreadsheet adds up; None if
    there is no duration."""
    if minutes is None:
        return None
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _cell(value: object) -> object:
    # A spreadsheet has no time zones: a moment is written as the UK clock showed it.
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.make_naive(value)
    return spreadsheet_safe(value)


def table_response(
    fmt: str, filename: str, headings: Sequence[str], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    """Return the table as a download in the format asked for (csv or xlsx)."""
    response = HttpResponse(content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    cells = ([_cell(value) for value in row] for row in rows)
    if fmt == "csv":
        # The byte-order mark makes Excel read the file as UTF-8.
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(headings)
        writer.writerows(cells)
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(filename[:SHEET_NAME_LENGTH])
        sheet.append(list(headings))
        for row in cells:
            # Control characters pasted into a text field are not allowed in the file.
            sheet.append(
                [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row]
            )
        buffer = BytesIO()
        workbook.save(buffer)
        response.write(buffer.getvalue())
    return response


def list_download(
    fmt: str,
    what: str,
    headings: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    of: str = "",
) -> HttpResponse:
    """Return a list page's rows as a download named for what it is, whose and today, such
    as caseload-2026-12-07.xlsx or off-the-job-hours-amara-example-2026-12-07.csv."""
    parts = (what, slugify(of), timezone.localdate().isoformat())
    return table_response(fmt, "-".join(part for part in parts if part), headings, rows)
