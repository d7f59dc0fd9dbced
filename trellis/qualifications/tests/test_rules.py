from datetime import date

import pytest

from trellis.qualifications.rules import (
    SubjectState,
    age_on,
    certificate_file_problem,
    english_maths_status,
    gcse_exempts,
)


@pytest.mark.parametrize("grade", ["9", "8", "7", "6", "5", "4", "A*", "A", "B", "C", "c", " 4 "])
def test_gcse_c_or_4_and_above_exempts(grade):
    assert gcse_exempts(grade)


@pytest.mark.parametrize("grade", ["3", "2", "1", "D", "E", "F", "G", "U", ""])
def test_gcse_below_c_or_4_does_not_exempt(grade):
    assert not gcse_exempts(grade)


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (date(2008, 3, 1), date(2026, 2, 28), 17),
        (date(2008, 3, 1), date(2026, 3, 1), 18),
        (date(2008, 2, 29), date(2027, 2, 28), 18),
        (date(2008, 2, 29), date(2027, 3, 1), 19),
    ],
)
def test_age_counts_whole_years_and_birthdays(born, day, age):
    assert age_on(born, day) == age


def status(**changes):
    arguments = {
        "subject": "English",
        "gcse_grade": "",
        "functional_skills_passed_on": None,
        "age_at_start": 24,
        "required": False,
        "optional_from_age": 19,
        "employer_requires": False,
    }
    arguments.update(changes)
    return english_maths_status(**arguments)


def test_a_pass_is_achieved_whatever_else_holds():
    result = status(functional_skills_passed_on=date(2026, 3, 3), gcse_grade="5", required=True)
    assert result.state == SubjectState.ACHIEVED
    assert "3 Mar 2026" in result.reason
    assert not result.outstanding


def test_a_gcse_at_c_exempts_and_says_so():
    result = status(gcse_grade="C", required=True)
    assert result.state == SubjectState.EXEMPT
    assert "grade C" in result.reason


def test_under_the_age_it_is_required_with_the_age_as_reason():
    result = status(age_at_start=17, required=True, gcse_grade="3")
    assert result.state == SubjectState.REQUIRED
    assert "Aged 17" in result.reason
    assert result.outstanding


def test_over_the_age_it_is_optional_unless_the_employer_asks():
    assert status().state == SubjectState.OPTIONAL
    assert "has not asked" in status().reason
    asked = status(required=True, employer_requires=True)
    assert asked.state == SubjectState.REQUIRED
    assert "employer asks" in asked.reason


def test_rules_without_an_optional_age_require_it_for_everyone():
    result = status(optional_from_age=None, required=True, age_at_start=40)
    assert result.state == SubjectState.REQUIRED
    assert "whatever their age" in result.reason


def test_an_unknown_age_asks_for_the_date_of_birth():
    result = status(age_at_start=None, required=None)
    assert result.state == SubjectState.AGE_UNKNOWN
    assert "date of birth is not recorded" in result.reason
    assert result.outstanding
    assert status(age_at_start=None, required=None, employer_requires=True).state == "required"


PDF = b"%PDF-1.7\n"
PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff\xe0"


@pytest.mark.parametrize(
    ("name", "head"), [("c.pdf", PDF), ("c.PNG", PNG), ("c.jpg", JPEG), ("c.jpeg", JPEG)]
)
def test_pdf_jpeg_and_png_certificates_are_accepted(name, head):
    assert certificate_file_problem(name=name, size=1000, head=head) is None


@pytest.mark.parametrize(
    ("name", "size", "head", "message"),
    [
        ("c.docx", 1000, b"PK", "must be a PDF, JPEG or PNG"),
        ("certificate", 1000, PDF, "must be a PDF, JPEG or PNG"),
        ("c.pdf", 6 * 1024 * 1024, PDF, "smaller than 5 MB"),
        ("c.pdf", 0, b"", "empty"),
        ("c.pdf", 1000, b"MZ\x90\x00", "is not a PDF file"),
        ("c.png", 1000, JPEG, "is not a PNG file"),
    ],
)
def test_other_files_are_refused_with_a_reason(name, size, head, message):
    assert message in certificate_file_problem(name=name, size=size, head=head)
