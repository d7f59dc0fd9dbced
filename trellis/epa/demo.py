"""The EPAO's question bank for both demo standards, so that the desk review's gaps bring
suggestions. One question on each standard is due for review and one is retired, as a real
bank would have."""

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.epa.models import BankQuestion
from trellis.organisations.models import Organisation, User
from trellis.organisations.roles import Role
from trellis.standards.models import Standard

# (KSB codes, question), by standard. The last of each list is retired.
BANK = {
    "ST1379": (
        (
            ("K2", "S2"),
            "Talk me through how you agreed the mentoring contract with a mentee: what "
            "did it cover, and how did you revisit it?",
        ),
        (
            ("K3", "S7"),
            "Tell me about a time you revised an action plan. What prompted the change "
            "and what happened next?",
        ),
        (
            ("K6", "S6"),
            "How did you establish a mentee's starting point, and what barriers did you find?",
        ),
        (
            ("K5", "S5"),
            "What records do you keep of a session, where are they kept, and who may see them?",
        ),
        (("K12", "S12"), "Which model of reflection do you use with mentees, and why that one?"),
        (("K15", "S13"), "How has supervision changed the way you mentor? Give an example."),
        (
            ("K16", "S14"),
            "Describe research you have done into mentoring practice and how you applied it.",
        ),
        (
            ("K10",),
            "How do your own values show in your mentoring? Give an example where you had "
            "to set them aside.",
        ),
        (
            ("K4",),
            "Name a mentoring model. (Too closed: replaced by the question on models in practice.)",
        ),
    ),
    "ST0148": (
        (
            ("K1", "S1"),
            "Give an example of pastoral advice you gave a learner and how you "
            "checked it was accurate.",
        ),
        (
            ("K9", "S9"),
            "Walk me through a safeguarding concern you noticed: what did you do, and "
            "who did you tell?",
        ),
        (("K7", "S7"), "How do you record a learner's progress so that it can be shared safely?"),
        (
            ("K10", "S10"),
            "What have you learned from your CPD this year, and what changed in your practice?",
        ),
        (("K3",), "What is a learning programme? (Retired: too broad.)"),
    ),
}
DUE_FOR_REVIEW_INDEX = 3


def _member(organisation_id: int, role: Role) -> User:
    return (
        User.objects.filter(memberships__organisation_id=organisation_id, memberships__role=role)
        .order_by("email")
        .first()
    )


def demo_seed_records(*, apprenticeships: Sequence[Apprenticeship], today: date) -> None:
    epao = Organisation.objects.filter(kind=Organisation.Kind.EPAO).order_by("pk").first()
    if epao is None:
        return
    admin = _member(epao.pk, Role.EPAO_ADMIN)
    created_at = timezone.make_aware(datetime.combine(today - timedelta(days=120), time(10)))
    rows = []
    for reference, questions in BANK.items():
        standard = Standard.objects.filter(reference=reference).first()
        if standard is None:
            continue
        for index, (codes, text) in enumerate(questions):
            overdue = index == DUE_FOR_REVIEW_INDEX
            rows.append(
                BankQuestion(
                    epao=epao,
                    standard=standard,
                    text=text,
                    ksb_codes=list(codes),
                    review_on=today - timedelta(days=10)
                    if overdue
                    else today + timedelta(days=200),
                    retired=index == len(questions) - 1,
                    created_at=created_at,
                    created_by=admin,
                )
            )
    BankQuestion.objects.bulk_create(rows)
