"""Cases in the states the casework page tests need, made through the services."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from trellis.safeguarding.models import AgencyReferral, Concern, ConcernFile
from trellis.safeguarding.services import concern_refer
from trellis.testing.factories import ApprenticeshipFactory
from trellis.testing.safeguarding_factories import raise_concern

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf_upload(name: str = "message.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def referred(concern: Concern, by, **overrides) -> AgencyReferral:
    values = {
        "agency": AgencyReferral.Agency.CHILDRENS_SOCIAL_CARE,
        "agency_name": "Leeds Children's Social Care",
        "referred_on": timezone.localdate(),
    }
    values.update(overrides)
    return concern_refer(concern=concern, by=by, **values)


@dataclass
class Cases:
    concern: Concern
    referral: AgencyReferral
    file: ConcernFile
    other_concern: Concern  # another concern at the same provider
    other_referral: AgencyReferral
    other_file: ConcernFile
    elsewhere: Concern  # a concern at another provider


def make_cases(people, standard_version) -> Cases:
    """Return an open concern about Amara with a referral and a file, another about Bea
    with the same, and a concern at another provider."""
    concern = raise_concern(people.amara_apprenticeship, people.carl, upload=pdf_upload())
    other = raise_concern(
        people.bea_apprenticeship,
        people.cora,
        upload=pdf_upload("bea.pdf"),
        happened_on=timezone.localdate() - timedelta(days=3),
    )
    elsewhere_apprenticeship = ApprenticeshipFactory(
        provider=people.other_provider, standard_version=standard_version
    )
    elsewhere = raise_concern(elsewhere_apprenticeship, people.paula)
    return Cases(
        concern=concern,
        referral=referred(concern, people.dina),
        file=concern.files.get(),
        other_concern=other,
        other_referral=referred(other, people.dina, agency_name="Bradford Social Care"),
        other_file=other.files.get(),
        elsewhere=elsewhere,
    )
