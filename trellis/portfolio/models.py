import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from trellis.apprenticeships.models import Apprenticeship
from trellis.cpd.models import CpdRecord
from trellis.mentoring.models import MentoringSession
from trellis.standards.models import KSB


class EvidenceKind(models.TextChoices):
    FILE = "file", "Uploaded file"
    REFLECTIVE_ACCOUNT = "reflective_account", "Reflective account"
    WITNESS_TESTIMONY = "witness_testimony", "Witness testimony"
    OBSERVATION = "observation", "Observation of practice"
    PROFESSIONAL_DISCUSSION = "professional_discussion", "Professional discussion notes"
    MENTORING_SESSION = "mentoring_session", "Mentoring session"
    CPD = "cpd", "CPD record"


class Judgement(models.TextChoices):
    WORKING_TOWARDS = "working_towards", "Working towards"
    SECURE = "secure", "Secure"


class EvidenceItem(models.Model):
    """One piece of evidence in the apprentice's portfolio, mapped to the KSBs it shows."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Awaiting assessment"
        RETURNED = "returned", "Returned with feedback"
        ASSESSED = "assessed", "Assessed"

    apprenticeship = models.ForeignKey(
        Apprenticeship, on_delete=models.CASCADE, related_name="evidence_items"
    )
    kind = models.CharField(max_length=30, choices=EvidenceKind.choices)
    title = models.CharField(max_length=200)
    occurred_on = models.DateField("date of the evidence")
    body = models.TextField(
        blank=True, help_text="The account, testimony or notes, for evidence that is written here."
    )
    witness_name = models.CharField(max_length=200, blank=True)
    witness_role = models.CharField(max_length=200, blank=True)
    mentoring_session = models.OneToOneField(
        MentoringSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence_item",
    )
    cpd_record = models.OneToOneField(
        CpdRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence_item"
    )
    ksbs = models.ManyToManyField(
        KSB, through="EvidenceKsb", related_name="evidence_items", verbose_name="KSBs"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # The decision that stands: the newest, corrections included. Kept here so that lists
    # and coverage read it without finding the newest of many.
    current_decision = models.ForeignKey(
        "Decision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised by every change, so that two people editing at once cannot overwrite each other.
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "evidence item"
        ordering = ["apprenticeship", "-occurred_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="witness_testimony") | ~Q(witness_name=""),
                name="evidence_witness_testimony_names_witness",
                violation_error_message="A witness testimony needs the witness's name.",
            ),
            models.CheckConstraint(
                condition=Q(mentoring_session__isnull=True) | Q(kind="mentoring_session"),
                name="evidence_session_only_for_session_kind",
                violation_error_message="Only a mentoring-session item links to a session.",
            ),
            models.CheckConstraint(
                condition=Q(cpd_record__isnull=True) | Q(kind="cpd"),
                name="evidence_cpd_only_for_cpd_kind",
                violation_error_message="Only a CPD item links to a CPD record.",
            ),
        ]
        indexes = [
            models.Index(fields=["apprenticeship", "status"]),
            models.Index(fields=["status", "updated_at"]),
        ]

    def __str__(self) -> str:
        return self.title


class EvidenceKsb(models.Model):
    """The claim that an item shows a KSB, with the apprentice's reason for saying so."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="mappings")
    ksb = models.ForeignKey(KSB, on_delete=models.PROTECT, related_name="+")
    justification = models.CharField(max_length=500)

    class Meta:
        verbose_name = "KSB mapping"
        ordering = ["item", "ksb__position"]
        constraints = [
            models.UniqueConstraint(fields=["item", "ksb"], name="evidence_ksb_once_per_item"),
            models.CheckConstraint(
                condition=~Q(justification=""),
                name="evidence_ksb_has_justification",
                violation_error_message="Say briefly how the evidence shows this KSB.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} shows {self.ksb.code}"


def evidence_upload_to(instance: "EvidenceFile", filename: str) -> str:
    """Store under a random name: the person's file name is kept only as data, never a path."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evidence/{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}.{extension}"


class EvidenceFile(models.Model):
    """A file attached to an item. Never changed in place and never deleted while kept, so
    that what a frozen Showcase points at stays as it was."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=evidence_upload_to, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["item", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class Submission(models.Model):
    """One time the item was put forward for assessment: the first, or after a return."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="submissions")
    number = models.PositiveSmallIntegerField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["item", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="submission_unique_number"),
        ]

    def __str__(self) -> str:
        return f"Submission {self.number} of {self.item}"


class Decision(models.Model):
    """The consultant's formative judgement of a submission, or its return with feedback.

    Decisions are never changed: a wrong one is corrected by a newer decision that names it
    and gives the reason.
    """

    class Outcome(models.TextChoices):
        ASSESSED = "assessed", "Assessed"
        RETURNED = "returned", "Returned with feedback"

    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="decisions")
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    feedback = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    correction_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["item", "decided_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="returned") | ~Q(feedback=""),
                name="decision_return_has_feedback",
                violation_error_message="Returning an item needs feedback saying what to improve.",
            ),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""),
                name="decision_correction_has_reason",
                violation_error_message="A correction needs the reason the earlier decision was "
                "wrong.",
            ),
        ]
        indexes = [models.Index(fields=["decided_by", "decided_at"])]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.item}"


class KsbJudgement(models.Model):
    """What a decision found for one mapped KSB."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="judgements")
    ksb = models.ForeignKey(KSB, on_delete=models.PROTECT, related_name="+")
    judgement = models.CharField(max_length=20, choices=Judgement.choices)

    class Meta:
        verbose_name = "KSB judgement"
        ordering = ["decision", "ksb__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "ksb"], name="ksb_judgement_once_per_decision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ksb.code}: {self.get_judgement_display()}"


class KsbCoverage(models.Model):
    """Where one KSB stands for one apprenticeship, kept current by every decision.

    Stored so that a consultant's matrix of hundreds of apprentices reads one row per cell;
    a KSB with no row has no accepted evidence.
    """

    class State(models.TextChoices):
        NONE = "none", "No evidence"
        WORKING_TOWARDS = "working_towards", "Working towards"
        SECURE = "secure", "Secure"

    apprenticeship = models.ForeignKey(
        Apprenticeship, on_delete=models.CASCADE, related_name="ksb_coverage"
    )
    ksb = models.ForeignKey(KSB, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=20, choices=State.choices)
    accepted_items = models.PositiveIntegerField(default=0)
    latest_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "KSB coverage"
        verbose_name_plural = "KSB coverage"
        constraints = [
            models.UniqueConstraint(
                fields=["apprenticeship", "ksb"], name="ksb_coverage_once_per_ksb"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ksb.code}: {self.get_state_display()}"
