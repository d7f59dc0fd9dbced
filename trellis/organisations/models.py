from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from trellis.organisations.roles import (
    ORGANISATION_KIND_LABELS,
    ROLE_LABELS,
    OrganisationKind,
    Role,
    role_fits_organisation,
    role_mismatch_message,
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email address."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    date_of_birth = models.DateField(
        null=True,
        blank=True,
        help_text="Recorded for apprentices: their age at the start decides whether English "
        "and maths are required.",
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text="Operator staff who may use the Django admin."
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Organisation(models.Model):
    """A training provider, an employer or an end-point assessment organisation."""

    class Kind(models.TextChoices):
        PROVIDER = OrganisationKind.PROVIDER, ORGANISATION_KIND_LABELS[OrganisationKind.PROVIDER]
        EMPLOYER = OrganisationKind.EMPLOYER, ORGANISATION_KIND_LABELS[OrganisationKind.EMPLOYER]
        EPAO = OrganisationKind.EPAO, ORGANISATION_KIND_LABELS[OrganisationKind.EPAO]

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    ukprn = models.CharField(
        "UKPRN",
        max_length=8,
        blank=True,
        help_text="UK Provider Reference Number, 8 digits (training providers).",
    )
    epao_id = models.CharField(
        "EPAO identifier",
        max_length=10,
        blank=True,
        help_text="Identifier on the register of end-point assessment organisations, "
        "such as EPA0001.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="organisation_unique_name"),
            models.CheckConstraint(
                condition=~Q(kind=OrganisationKind.EPAO) | ~Q(epao_id=""),
                name="organisation_epao_has_identifier",
                violation_error_message="An end-point assessment organisation needs its "
                "identifier on the register of end-point assessment organisations.",
            ),
            models.CheckConstraint(
                condition=Q(kind=OrganisationKind.EPAO) | Q(epao_id=""),
                name="organisation_only_epao_has_identifier",
                violation_error_message="Only an end-point assessment organisation has an "
                "EPAO identifier.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's role in one organisation; a person may hold several."""

    class RoleChoice(models.TextChoices):
        APPRENTICE = Role.APPRENTICE, ROLE_LABELS[Role.APPRENTICE]
        EMPLOYER_CONTACT = Role.EMPLOYER_CONTACT, ROLE_LABELS[Role.EMPLOYER_CONTACT]
        CONSULTANT = Role.CONSULTANT, ROLE_LABELS[Role.CONSULTANT]
        SAFEGUARDING_LEAD = Role.SAFEGUARDING_LEAD, ROLE_LABELS[Role.SAFEGUARDING_LEAD]
        PROVIDER_ADMIN = Role.PROVIDER_ADMIN, ROLE_LABELS[Role.PROVIDER_ADMIN]
        QUALITY_LEAD = Role.QUALITY_LEAD, ROLE_LABELS[Role.QUALITY_LEAD]
        EPAO_ADMIN = Role.EPAO_ADMIN, ROLE_LABELS[Role.EPAO_ADMIN]
        ASSESSOR = Role.ASSESSOR, ROLE_LABELS[Role.ASSESSOR]
        MODERATOR = Role.MODERATOR, ROLE_LABELS[Role.MODERATOR]

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=30, choices=RoleChoice.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.organisation}"

    def clean(self) -> None:
        if (
            self.organisation_id
            and self.role
            and not role_fits_organisation(self.role, self.organisation.kind)
        ):
            raise ValidationError(
                {"role": role_mismatch_message(self.role, self.organisation.kind)}
            )
