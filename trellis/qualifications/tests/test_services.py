from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from trellis.caseload.models import CaseloadSummary
from trellis.qualifications.models import (
    AdditionalQualification,
    EnglishMaths,
    SafeguardingQualification,
)
from trellis.qualifications.services import (
    additional_qualification_add,
    additional_qualification_update,
    english_maths_record,
    safeguarding_record,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% a certificate\n"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 6, 1), tick=False):
        yield


def record_safeguarding(people, **changes):
    arguments = {
        "apprenticeship": people.amara_apprenticeship,
        "achieved_on": date(2026, 2, 1),
        "certificate_reference": "",
        "certificate": SimpleUploadedFile("My cert.pdf", PDF, "application/pdf"),
        "recorded_by": people.carl,
    }
    arguments.update(changes)
    return safeguarding_record(**arguments)


def test_safeguarding_is_stored_privately_under_a_random_name(people, settings):
    qualification = record_safeguarding(people)
    assert qualification.certificate.name.startswith("certificates/safeguarding/2026/")
    assert "My cert" not in qualification.certificate.name
    assert qualification.certificate.path.startswith(str(settings.MEDIA_ROOT))
    assert qualification.certificate.read() == PDF


def test_recording_safeguarding_refreshes_the_caseload_summary(people):
    record_safeguarding(people)
    summary = CaseloadSummary.objects.get(apprenticeship=people.amara_apprenticeship)
    assert "Level 1 Safeguarding" not in summary.qualifications_outstanding


def test_a_reference_alone_is_evidence_enough(people):
    qualification = record_safeguarding(people, certificate=None, certificate_reference=" SG-77 ")
    assert qualification.certificate_reference == "SG-77"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"certificate": None}, "certificate_reference", "Upload the certificate or enter"),
        ({"achieved_on": date(2026, 6, 2)}, "achieved_on", "future"),
        ({"achieved_on": None}, "achieved_on", "Enter the date"),
        (
            {"certificate": SimpleUploadedFile("c.pdf", b"MZ\x90\x00evil", "application/pdf")},
            "certificate",
            "is not a PDF file",
        ),
        (
            {"certificate": SimpleUploadedFile("c.exe", b"MZ", "application/octet-stream")},
            "certificate",
            "PDF, JPEG or PNG",
        ),
    ],
)
def test_bad_safeguarding_input_is_refused_and_nothing_is_saved(people, changes, field, message):
    with pytest.raises(ValidationError) as refused:
        record_safeguarding(people, **changes)
    assert message in refused.value.message_dict[field][0]
    assert not SafeguardingQualification.objects.exists()


def test_a_later_change_keeps_the_certificate_already_uploaded(people):
    record_safeguarding(people)
    qualification = record_safeguarding(people, certificate=None, achieved_on=date(2026, 2, 2))
    assert qualification.certificate
    assert qualification.achieved_on == date(2026, 2, 2)


def record_english(people, **changes):
    arguments = {
        "apprenticeship": people.amara_apprenticeship,
        "subject": "english",
        "prior_gcse_grade": "D",
        "functional_skills_level_2_result": EnglishMaths.Result.PASSED,
        "functional_skills_level_2_date": date(2026, 4, 1),
        "recorded_by": people.carl,
    }
    arguments.update(changes)
    return english_maths_record(**arguments)


def test_one_record_per_subject_is_kept_up_to_date(people):
    record_english(people)
    record_english(people, prior_gcse_grade="C")
    assert EnglishMaths.objects.get().prior_gcse_grade == "C"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"functional_skills_level_2_date": None},
            "functional_skills_level_2_date",
            "Enter the date",
        ),
        (
            {"functional_skills_level_2_result": "not_taken"},
            "functional_skills_level_2_date",
            "Leave the date empty",
        ),
        (
            {"functional_skills_level_2_date": date(2026, 7, 1)},
            "functional_skills_level_2_date",
            "future",
        ),
        ({"prior_gcse_grade": "Z"}, "prior_gcse_grade", "Choose a GCSE grade"),
        ({"subject": "welsh"}, "subject", "Choose English or maths"),
    ],
)
def test_bad_english_maths_input_is_refused(people, changes, field, message):
    with pytest.raises(ValidationError) as refused:
        record_english(people, **changes)
    assert message in refused.value.message_dict[field][0]
    assert not EnglishMaths.objects.exists()


def add_award(people, **changes):
    arguments = {
        "apprenticeship": people.amara_apprenticeship,
        "title": "Award in Education and Training",
        "awarding_body": "City & Guilds",
        "result": "in_progress",
        "achieved_on": None,
        "recorded_by": people.carl,
    }
    arguments.update(changes)
    return additional_qualification_add(**arguments)


def test_an_additional_qualification_is_added_then_achieved(people):
    award = add_award(people)
    additional_qualification_update(
        qualification=award,
        title=award.title,
        awarding_body=award.awarding_body,
        result="achieved",
        achieved_on=date(2026, 5, 1),
        recorded_by=people.pat,
    )
    award.refresh_from_db()
    assert (award.result, award.achieved_on, award.recorded_by) == (
        "achieved",
        date(2026, 5, 1),
        people.pat,
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": " "}, "title"),
        ({"result": "achieved"}, "achieved_on"),
        ({"achieved_on": date(2026, 5, 1)}, "achieved_on"),
        ({"result": "achieved", "achieved_on": date(2026, 7, 1)}, "achieved_on"),
        ({"result": "won"}, "result"),
    ],
)
def test_bad_additional_input_is_refused(people, changes, field):
    with pytest.raises(ValidationError) as refused:
        add_award(people, **changes)
    assert field in refused.value.message_dict
    assert not AdditionalQualification.objects.exists()
