"""Qualification rules on plain values (no Django here)."""

from dataclasses import dataclass
from datetime import date

from trellis.wording import day_label

# GCSE grades that exempt from Functional Skills level 2: C or above (letters, before 2017)
# and 4 or above (numbers, from 2017).
EXEMPTING_GCSE_GRADES = frozenset({"9", "8", "7", "6", "5", "4", "A*", "A", "B", "C"})

# Certificates: what may be uploaded, recognised by the first bytes as well as the name.
CERTIFICATE_MAX_BYTES = 5 * 1024 * 1024
CERTIFICATE_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}


def gcse_exempts(grade: str) -> bool:
    """Tell whether a prior GCSE grade (letter or number) exempts from Functional Skills."""
    return grade.strip().upper() in EXEMPTING_GCSE_GRADES


def age_on(born: date, day: date) -> int:
    """Return a person's age in whole years on a day."""
    had_birthday = (day.month, day.day) >= (born.month, born.day)
    return day.year - born.year - (0 if had_birthday else 1)


def certificate_file_problem(*, name: str, size: int, head: bytes) -> str | None:
    """Return why an uploaded certificate is refused, or None if it is a PDF, JPEG or PNG."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in CERTIFICATE_SIGNATURES:
        return "The certificate must be a PDF, JPEG or PNG file."
    if size > CERTIFICATE_MAX_BYTES:
        megabytes = CERTIFICATE_MAX_BYTES // (1024 * 1024)
        actual = size / 1024 / 1024
        return f"The certificate must be smaller than {megabytes} MB; this file is {actual:.1f} MB."
    if size == 0:
        return "The certificate file is empty: choose the file again."
    if not head.startswith(CERTIFICATE_SIGNATURES[extension]):
        return (
            f"The file is named .{extension} but is not a {extension.upper()} file: save the "
            "certificate as a PDF, JPEG or PNG and upload it again."
        )
    return None


class SubjectState:
    ACHIEVED = "achieved"
    EXEMPT = "exempt"
    REQUIRED = "required"
    OPTIONAL = "optional"
    AGE_UNKNOWN = "age_unknown"


STATE_LABELS = {
    SubjectState.ACHIEVED: "Achieved",
    SubjectState.EXEMPT: "Exempt",
    SubjectState.REQUIRED: "Required",
    SubjectState.OPTIONAL: "Optional",
    SubjectState.AGE_UNKNOWN: "Date of birth needed",
}


@dataclass(frozen=True)
class SubjectStatus:
    """Where an apprentice stands on English or maths, and why, in words."""

    state: str
    reason: str

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def outstanding(self) -> bool:
        """Whether it still has to be achieved (or decided) before gateway."""
        return self.state in (SubjectState.REQUIRED, SubjectState.AGE_UNKNOWN)


def english_maths_status(
    *,
    subject: str,
    gcse_grade: str,
    functional_skills_passed_on: date | None,
    age_at_start: int | None,
    required: bool | None,
    optional_from_age: int | None,
    employer_requires: bool,
) -> SubjectStatus:
    """Return whether English or maths is achieved, exempt, required or optional, and why.

    `required` is the funding rule's answer for this age, or None when the age is unknown.
    """
    if functional_skills_passed_on is not None:
        return SubjectStatus(
            SubjectState.ACHIEVED,
            f"Functional Skills {subject} level 2 passed on "
            f"{day_label(functional_skills_passed_on)}.",
        )
    if gcse_exempts(gcse_grade):
        return SubjectStatus(
            SubjectState.EXEMPT,
            f"GCSE {subject} grade {gcse_grade} is C/4 or above, so Functional Skills is not "
            "needed.",
        )
    if optional_from_age is None:
        return SubjectStatus(
            SubjectState.REQUIRED,
            f"Every apprentice who started on this date needs {subject} level 2, whatever "
            "their age.",
        )
    if required is None:
        if employer_requires:
            return SubjectStatus(SubjectState.REQUIRED, f"The employer asks for {subject} level 2.")
        return SubjectStatus(
            SubjectState.AGE_UNKNOWN,
            f"The apprentice's date of birth is not recorded: it decides whether {subject} "
            f"is required (under {optional_from_age} at the start) or optional. Add it to the "
            "enrolment.",
        )
    if age_at_start is not None and age_at_start < optional_from_age:
        return SubjectStatus(
            SubjectState.REQUIRED,
            f"Aged {age_at_start} at the start: apprentices under {optional_from_age} need "
            f"{subject} level 2.",
        )
    if required:
        return SubjectStatus(
            SubjectState.REQUIRED,
            f"Aged {age_at_start} at the start, so optional, but the employer asks for "
            f"{subject} level 2.",
        )
    return SubjectStatus(
        SubjectState.OPTIONAL,
        f"Aged {age_at_start} at the start: optional for apprentices aged {optional_from_age} "
        "or over, and the employer has not asked for it.",
    )
