"""Each apprentice's equality answers, kept in a table of their own.

Nothing else in the record points here, and the answers have no reverse accessor on the
person (related_name="+"), so no page, export or API reaching a person's record reaches them.
They are not registered with the audit log or the Django admin.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from trellis.equality import rules


def _choices_constraint(field: str, choices: list[tuple[str, str]]) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": [value for value, _ in choices]}),
        name=f"equality_answers_{field}_known",
        violation_error_message=f"The {field.replace('_', ' ')} must be one of the choices.",
    )


ETHNIC_GROUP_CHOICES = rules.with_prefer_not_to_say(rules.ETHNIC_GROUPS)
SEX_CHOICES = rules.with_prefer_not_to_say(rules.SEXES)
DISABILITY_CHOICES = rules.with_prefer_not_to_say(rules.DISABILITY_ANSWERS)


class EqualityAnswers(models.Model):
    """One apprentice's optional answers, kept only while they consent."""

    apprentice = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    ethnic_group = models.CharField(
        max_length=20, choices=ETHNIC_GROUP_CHOICES, default=rules.PREFER_NOT_TO_SAY
    )
    sex = models.CharField(max_length=20, choices=SEX_CHOICES, default=rules.PREFER_NOT_TO_SAY)
    disability = models.CharField(
        "disability, learning difficulty or health problem",
        max_length=20,
        choices=DISABILITY_CHOICES,
        default=rules.PREFER_NOT_TO_SAY,
    )
    consented_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "equality answers"
        verbose_name_plural = "equality answers"
        constraints = [
            _choices_constraint("ethnic_group", ETHNIC_GROUP_CHOICES),
            _choices_constraint("sex", SEX_CHOICES),
            _choices_constraint("disability", DISABILITY_CHOICES),
        ]

    def __str__(self) -> str:
        # Never the answers themselves: a str() can end up in a log or an error report.
        return f"Equality answers #{self.pk}"
