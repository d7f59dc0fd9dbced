"""Safeguarding concerns and the safeguarding lead's casework on them.

A concern's account is kept as it was given: nothing raised is ever edited. What the lead
does is added to its chronology, which is append-only.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from trellis.apprenticeships.models import Apprenticeship
from trellis.organisations.models import Organisation
from trellis.reviews.models import ProgressReview

URGENCY_ORDER = ("urgent", "high", "medium", "low")


class Concern(models.Model):
    class Category(models.TextChoices):
        PHYSICAL_HARM = "physical_harm", "Physical harm"
        EMOTIONAL_HARM = "emotional_harm", "Emotional or psychological harm"
        NEGLECT = "neglect", "Neglect"
        SELF_HARM = "self_harm", "Self-harm"
        RADICALISATION = "radicalisation", "Radicalisation (Prevent)"
        BULLYING = "bullying", "Bullying or harassment"
        MENTAL_HEALTH = "mental_health", "Mental health"
        OTHER = "other", "Other"

    class Subject(models.TextChoices):
        APPRENTICE = "apprentice", "The apprentice"
        MENTORED_LEARNER = "mentored_learner", "A learner the apprentice mentors"

    class Urgency(models.TextChoices):
        URGENT = "urgent", "Urgent"
        HIGH = "high", "High"
        MEDIUM = "medium", "Medium"
        LOW = "low", "Low"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    class Outcome(models.TextChoices):
        AGENCY_ACCEPTED = "agency_accepted", "Referred to an outside agency, which took it on"
        SUPPORT_ARRANGED = "support_arranged", "Support arranged by the provider or employer"
        ADVICE_GIVEN = "advice_given", "Advice and guidance given"
        NO_FURTHER_ACTION = "no_further_action", "No further action needed"
        OTHER = "other", "Other (said in the reason)"

    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    apprenticeship = models.ForeignKey(
        Apprenticeship, on_delete=models.PROTECT, related_name="safeguarding_concerns"
    )
    subject = models.CharField("who it is about", max_length=20, choices=Subject.choices)
    learner_ref = models.CharField(
        "learner's reference",
        max_length=20,
        blank=True,
        help_text="For a learner the apprentice mentors: their reference, never their name.",
    )
    category = models.CharField(max_length=30, choices=Category.choices)
    account = models.TextField("what was seen or said")
    happened_on = models.DateField("when it happened")
    happened_at_time = models.TimeField("time", null=True, blank=True)
    immediate_risk = models.BooleanField("immediate risk")
    action_taken = models.TextField("what has been done already", blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_by_role = models.CharField(
        max_length=100, help_text="The role the person raised it in, as it was then."
    )
    raised_at = models.DateTimeField()
    raised_from_review = models.OneToOneField(
        ProgressReview,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="safeguarding_concern",
    )
    no_lead_when_raised = models.BooleanField(
        default=False,
        help_text="The provider had no safeguarding lead, so its admins were told instead.",
    )
    urgency = models.CharField(max_length=10, choices=Urgency.choices, blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    closure_reason = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(subject="apprentice", learner_ref="")
                | (Q(subject="mentored_learner") & ~Q(learner_ref="")),
                name="concern_learner_ref_only_for_mentored_learner",
                violation_error_message=(
                    "A concern about a mentored learner needs their reference; one about "
                    "the apprentice has none."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | Q(status="closed", closed_at__isnull=False) & ~Q(outcome=""),
                name="concern_closed_has_date_and_outcome",
                violation_error_message="A closed concern has its closing date and outcome.",
            ),
        ]
        indexes = [models.Index(fields=["provider", "status"])]

    def __str__(self) -> str:
        # What the audit trail and notices name: the reference, never a person or detail.
        return self.reference

    @property
    def reference(self) -> str:
        return f"SG-{self.pk:05d}" if self.pk else "SG-new"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def awaiting_triage(self) -> bool:
        return self.triaged_at is None


class ConcernEvent(models.Model):
    """One entry in a concern's chronology: what was done or said, when, and who recorded it."""

    class Kind(models.TextChoices):
        RAISED = "raised", "Concern raised"
        TRIAGED = "triaged", "Triaged"
        ACTION = "action", "Action taken"
        CONTACT = "contact", "Contact"
        REFERRAL = "referral", "Referred to an outside agency"
        AGENCY_REFERENCE = "agency_reference", "Agency reference recorded"
        NOTE_SHARED = "note_shared", "Note shared"
        FILE_ADDED = "file_added", "File added"
        CLOSED = "closed", "Closed"
        REOPENED = "reopened", "Reopened"

    class ContactMethod(models.TextChoices):
        PHONE = "phone", "Phone"
        EMAIL = "email", "Email"
        IN_PERSON = "in_person", "In person"
        VIDEO = "video", "Video call"
        LETTER = "letter", "Letter"
        OTHER = "other", "Other"

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    occurred_at = models.DateTimeField("when it happened")
    summary = models.TextField()
    contact_with = models.CharField("who was contacted", max_length=200, blank=True)
    contact_method = models.CharField(
        "how", max_length=20, choices=ContactMethod.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["occurred_at", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.concern}"


class AgencyReferral(models.Model):
    """A referral of the concern to an agency outside the provider."""

    class Agency(models.TextChoices):
        CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
        ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
        POLICE = "police", "Police"
        PREVENT = "prevent", "Prevent (Channel)"
        LADO = "lado", "Local authority designated officer (LADO)"
        HEALTH = "health", "Health (GP, mental health team)"
        OTHER = "other", "Other"

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="referrals")
    agency = models.CharField(max_length=30, choices=Agency.choices)
    agency_name = models.CharField(
        "agency's name", max_length=200, help_text="Such as “Leeds Children's Social Care”."
    )
    referred_on = models.DateField()
    agency_reference = models.CharField("agency's reference", max_length=100, blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["referred_on", "pk"]

    def __str__(self) -> str:
        return f"Referral of {self.concern} to {self.agency_name}"


class SharedNote(models.Model):
    """A note the safeguarding lead chose to share with one person, and why. The person sees
    the note and the apprentice's name, nothing else of the concern."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="shared_notes")
    shared_with = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField()
    reason = models.TextField("why they need to know")
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    shared_at = models.DateTimeField()

    class Meta:
        ordering = ["-shared_at", "-pk"]

    def __str__(self) -> str:
        return f"Note shared from {self.concern}"


def concern_upload_to(instance: "ConcernFile", filename: str) -> str:
    """Store under a random name: the person's file name is kept only as data, never a path."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"safeguarding/{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}.{extension}"


class ConcernFile(models.Model):
    """A file kept with a concern (a photo of a message, a copy of a referral form)."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=concern_upload_to, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"File on {self.concern}"
