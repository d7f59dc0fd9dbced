"""Demo equality answers: most apprentices answer, some prefer not to say on a question and
five, the first demo apprentice among them, give no answers, so that the report shows groups
with rates, groups of fewer than 5 and a group hidden to protect a smaller one."""

from collections.abc import Sequence
from datetime import date

from trellis.apprenticeships.models import Apprenticeship
from trellis.equality import rules
from trellis.equality.models import EqualityAnswers
from trellis.equality.services import EqualityAnswerDetails, equality_answers_save

PREFER = rules.PREFER_NOT_TO_SAY
# (ethnic group, sex, disability) in the order of the demo apprentices; None gives no answers.
ANSWERS = (
    None,
    ("asian", "male", "no"),
    ("white", "female", "no"),
    ("black", "male", "no"),
    None,
    ("white", "male", "no"),
    ("asian", "female", "no"),
    ("white", "male", "no"),
    None,
    ("black", "male", "no"),
    ("white", "female", "yes"),
    ("asian", "male", "no"),
    ("mixed", "female", PREFER),
    ("asian", "male", "yes"),
    None,
    (PREFER, PREFER, PREFER),
    ("black", "female", "no"),
    ("white", "male", "yes"),
    ("asian", "female", "no"),
    ("white", "male", "no"),
    ("asian", "female", "no"),
    None,
    ("asian", "female", "no"),
    ("white", "male", "no"),
    ("white", "female", "no"),
    ("black", "male", "no"),
)


def demo_seed_records(*, apprenticeships: Sequence[Apprenticeship], today: date) -> None:
    """Record the demo apprentices' answers, once, as each apprentice would give them."""
    for apprenticeship, answers in zip(apprenticeships, ANSWERS, strict=False):
        apprentice = apprenticeship.apprentice
        if answers is None or EqualityAnswers.objects.filter(apprentice=apprentice).exists():
            continue
        ethnic_group, sex, disability = answers
        equality_answers_save(
            apprentice=apprentice,
            details=EqualityAnswerDetails(
                consent=True, ethnic_group=ethnic_group, sex=sex, disability=disability
            ),
        )
