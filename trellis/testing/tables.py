"""Reading a list's download back as a spreadsheet program would."""

import csv
import io

from openpyxl import load_workbook


def csv_rows(response) -> list[list[str]]:
    """Return the CSV download's rows, headings first, checking it starts with the BOM."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_rows(response) -> list[tuple]:
    """Return the XLSX download's first sheet's rows, headings first."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(io.BytesIO(response.content)).active.values)


def filename(response) -> str:
    """Return the name the browser saves the download as."""
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    return disposition.split('filename="', 1)[1].rstrip('"')
