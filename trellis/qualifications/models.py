from django.conf import settings
from django.db import models

from trellis.apprenticeships.models import Apprenticeship


class SafeguardingQualification(models.Model):
    """The Level 1 Safeguarding qualification every Learning Mentor apprentice must achieve."""

    apprenticeship = models.OneToOneField(
        Apprenticeship, on_delete=models.CASCADE, related_name="safeguarding_qualification"
    )
    achieved_on = models.DateField(null=True, blank=True)
    certificate = models.FileField(upload_to="certificates/safeguarding/%Y/", blank=True)
    certificate_reference = models.CharField(
        max_length=100, blank=True, help_text="The awarding body's certificate number."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return "Level 1 Safeguarding"


class EnglishMaths(models.Model):
    """The apprentice's English or maths: prior GCSE, Functional Skills, employer's wish."""

    class Subject(models.TextChoices):
        ENGLISH = "english", "English"
        MATHS = "maths", "Maths"

    class GcseGrade(models.TextChoices):
        # Numbered grades from 2017 (England); letter grades before. 4 and C are the pass.
        NONE = "", "No GCSE"
        G9 = "9", "9"
        G8 = "8", "8"
        G7 = "7", "7"
        G6 = "6", "6"
        G5 = "5", "5"
        G4 = "4", "4"
        G3 = "3", "3"
        G2 = "2", "2"
        G1 = "1", "1"
        A_STAR = "A*", "A*"
        A = "A", "A"
        B = "B", "B"
        C = "C", "C"
        D = "D", "D"
        E = "E", "E"
        F = "F", "F"
        G = "G", "G"
        U = "U", "U"

    class Result(models.TextChoices):
        NOT_TAKEN = "not_taken", "Not taken yet"
        PASSED = "passed", "Passed"
        NOT_PASSED = "not_passed", "Not passed"

    apprenticeship = models.ForeignKey(
        Apprenticeship, on_delete=models.CASCADE, related_name="english_maths"
    )
    subject = models.CharField(max_length=10, choices=Subject.choices)
    prior_gcse_grade = models.CharField(
        "prior GCSE grade", max_length=2, choices=GcseGrade.choices, blank=True
    )
    employer_requires = models.BooleanField(
        "the employer asks for it",
        default=False,
        help_text="For apprentices aged 19 or over at the start, for whom it is otherwise "
        "optional.",
    )
    functional_skills_level_2_result = models.CharField(
        max_length=20, choices=Result.choices, default=Result.NOT_TAKEN
    )
    functional_skills_level_2_date = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "English and maths"
        ordering = ["apprenticeship", "subject"]
        constraints = [
            models.UniqueConstraint(
                fields=["apprenticeship", "subject"], name="english_maths_one_per_subject"
            ),
        ]

    def __str__(self) -> str:
        return self.get_subject_display()


class AdditionalQualification(models.Model):
    """A qualification the employer asks for beyond the standard, such as an Education and
    Training award."""

    class Result(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        ACHIEVED = "achieved", "Achieved"
        NOT_ACHIEVED = "not_achieved", "Not achieved"

    apprenticeship = models.ForeignKey(
        Apprenticeship, on_delete=models.CASCADE, related_name="additional_qualifications"
    )
    title = models.CharField(max_length=200)
    awarding_body = models.CharField(max_length=200, blank=True)
    result = models.CharField(max_length=20, choices=Result.choices, default=Result.IN_PROGRESS)
    achieved_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["apprenticeship", "title"]

    def __str__(self) -> str:
        return self.title
