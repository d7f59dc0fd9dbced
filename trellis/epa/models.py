"""The end-point assessment itself: the assessor's working record (desk review, questions,
sessions, notes, scores), the provisional result, moderation, the final result and the
certificate. Each attempt is its own row, so resits and retakes keep every earlier one."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from trellis.apprenticeships.models import Apprenticeship
from trellis.booking.models import Booking
from trellis.organisations.models import Organisation
from trellis.standards.models import Standard

User = settings.AUTH_USER_MODEL


class Assessment(models.Model):
    """One attempt at the end-point assessment of a booked apprentice."""

    class Kind(models.TextChoices):
        FIRST = "first", "First attempt"
        RESIT = "resit", "Resit"
        RETAKE = "retake", "Retake"

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        PROVISIONAL = "provisional", "Provisional, subject to moderation"
        FINAL = "final", "Final"

    class Termination(models.TextChoices):
        SAFETY = "safety", "Safety was compromised"
        CODE_OF_PRACTICE = "code_of_practice", "A code of practice was infringed"

    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="assessments")
    apprenticeship = models.ForeignKey(
        Apprenticeship, on_delete=models.PROTECT, related_name="assessments"
    )
    number = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FIRST)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, related_name="next_attempt", null=True, blank=True
    )
    # The method codes taken in this attempt; a resit or retake takes only the failed ones and
    # carries the others' final scores over from the attempt before.
    methods = models.JSONField(default=list)
    action_plan = models.TextField(blank=True)
    exceptional_circumstances = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    terminated_at = models.DateTimeField(null=True, blank=True)
    terminated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    termination_reason = models.CharField(max_length=20, choices=Termination.choices, blank=True)
    termination_description = models.TextField(blank=True)

    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # The result as graded when the assessor finalised; never changed afterwards.
    provisional_result = models.JSONField(null=True, blank=True)

    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    final_result = models.JSONField(null=True, blank=True)
    appeal_until = models.DateField(null=True, blank=True)
    achieved_on = models.DateField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["apprenticeship", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["apprenticeship", "number"], name="epa_assessment_unique_number"
            ),
        ]
        indexes = [models.Index(fields=["status", "finalised_at"])]

    def __str__(self) -> str:
        return f"EPA attempt {self.number} of {self.apprenticeship}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.IN_PROGRESS


class KsbFinding(models.Model):
    """The desk review of one KSB: whether the Showcase appears to meet it, and the gaps."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="findings")
    ksb_code = models.CharField(max_length=10)
    appears_met = models.BooleanField(null=True)
    gaps = models.TextField(blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["assessment", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "ksb_code"], name="epa_finding_unique_ksb"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ksb_code} in {self.assessment}"


class BankQuestion(models.Model):
    """A question the EPAO keeps for a standard, tied to the KSBs it explores."""

    epao = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    ksb_codes = models.JSONField(default=list)
    review_on = models.DateField(help_text="When the question is next checked against the plan.")
    retired = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["epao", "standard", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Question(models.Model):
    """A question for one assessment: prepared before it (from the bank or written by the
    assessor) or asked as a follow-up, with the notes of the answer."""

    class Source(models.TextChoices):
        PREPARED = "prepared", "Prepared"
        FOLLOW_UP = "follow_up", "Follow-up"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="questions")
    method = models.CharField(max_length=20)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.PREPARED)
    bank_question = models.ForeignKey(
        BankQuestion, on_delete=models.PROTECT, related_name="uses", null=True, blank=True
    )
    text = models.TextField()
    ksb_codes = models.JSONField(default=list)
    position = models.PositiveIntegerField(default=0)
    answer_notes = models.TextField(blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["assessment", "method", "source", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class AdviceNote(models.Model):
    """Advice from the sector/specialist adviser to the assessor."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="advice")
    written_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField()
    text = models.TextField()

    class Meta:
        ordering = ["assessment", "written_at", "pk"]

    def __str__(self) -> str:
        return f"Advice on {self.assessment}"


class MethodRecord(models.Model):
    """What the assessor records of one method as a whole: the setting confirmed, the times of
    a single sitting, and the minutes of follow-up questioning."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="records")
    method = models.CharField(max_length=20)
    setting_confirmed = models.BooleanField(default=False)
    started_at = models.TimeField(null=True, blank=True)
    ended_at = models.TimeField(null=True, blank=True)
    questioning_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["assessment", "method"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "method"], name="epa_method_record_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.method} of {self.assessment}"


class Session(models.Model):
    """One observed session: a genuine session with a learner, known only by a reference."""

    class Format(models.TextChoices):
        ONE_TO_ONE = "one_to_one", "One-to-one"
        GROUP = "group", "Group"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="sessions")
    method = models.CharField(max_length=20)
    number = models.PositiveSmallIntegerField()
    learner_ref = models.CharField(max_length=40, blank=True)
    format = models.CharField(max_length=20, choices=Format.choices, blank=True)
    genuine_confirmed = models.BooleanField(default=False)
    no_other_learners_confirmed = models.BooleanField(default=False)
    started_at = models.TimeField(null=True, blank=True)
    ended_at = models.TimeField(null=True, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["assessment", "method", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "method", "number"], name="epa_session_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"Session {self.number} of {self.assessment}"


class Note(models.Model):
    """A timestamped note the assessor types during a method, mapped to a criterion. The page
    saves it as it is typed under a key it made, so a repeated save updates, never duplicates."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="notes")
    method = models.CharField(max_length=20)
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="notes", null=True, blank=True
    )
    criterion = models.CharField(max_length=20, blank=True)
    text = models.TextField()
    key = models.UUIDField(default=uuid.uuid4, unique=True)
    written_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["assessment", "written_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Score(models.Model):
    """The assessor's points for one criterion of one method, with the justification."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    method = models.CharField(max_length=20)
    criterion = models.CharField(max_length=20)
    points = models.PositiveSmallIntegerField(null=True, blank=True)
    justification = models.TextField(blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["assessment", "method", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "method", "criterion"], name="epa_score_unique_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.criterion}: {self.points}"


class Moderation(models.Model):
    """A moderator's review of a provisional result: agreed, or scores changed with the
    rationale. The assessor's scores stay as they were; the changes are kept here."""

    class Outcome(models.TextChoices):
        AGREED = "agreed", "Agreed"
        CHANGED = "changed", "Changed"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="moderations")
    moderator = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    rationale = models.TextField(blank=True)
    result_before = models.JSONField()
    result_after = models.JSONField()

    class Meta:
        ordering = ["assessment", "decided_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} on {self.assessment}"


class ScoreChange(models.Model):
    moderation = models.ForeignKey(Moderation, on_delete=models.CASCADE, related_name="changes")
    method = models.CharField(max_length=20)
    criterion = models.CharField(max_length=20)
    points_before = models.PositiveSmallIntegerField()
    points_after = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["moderation", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(points_before=F("points_after")),
                name="epa_score_change_changes",
                violation_error_message="A change must give different points.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.criterion}: {self.points_before} to {self.points_after}"


class Certificate(models.Model):
    """The certificate request for a final pass: the apprentice's consent and address, then
    requested, then received."""

    assessment = models.OneToOneField(
        Assessment, on_delete=models.PROTECT, related_name="certificate"
    )
    consent_recorded_at = models.DateTimeField()
    consent_recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    address = models.TextField()
    requested_at = models.DateTimeField(null=True, blank=True)
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    received_at = models.DateTimeField(null=True, blank=True)
    received_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["-consent_recorded_at"]

    def __str__(self) -> str:
        return f"Certificate for {self.assessment}"
