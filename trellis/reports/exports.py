"""Any table of Trellis as a CSV or XLSX download, with cells a spreadsheet cannot run."""

import csv
from collections.abc import Iterable, Sequence
from io import BytesIO

from django.http import HttpResponse
from openpyxl import Workbook

from trellis.reports.rules import spreadsheet_safe

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def table_response(
    fmt: str, filename: str, headings: Sequence[str], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    """Return the table as a download in the format asked for (csv or xlsx)."""
    response = HttpResponse(content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    safe_rows = ([spreadsheet_safe(value) for value in row] for row in rows)
    if fmt == "csv":
        # The byte-order mark makes Excel read the file as UTF-8.
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(headings)
        writer.writerows(safe_rows)
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(filename[:31])
        sheet.append(list(headings))
        for row in safe_rows:
            sheet.append(row)
        buffer = BytesIO()
        workbook.save(buffer)
        response.write(buffer.getvalue())
    return response
