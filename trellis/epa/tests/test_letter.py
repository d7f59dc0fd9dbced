"""The result letter prints every Latin-script name in Roboto and never reads a name as
markup."""

from datetime import timedelta

import pytest
from django.utils import timezone

from trellis.epa import letter, services
from trellis.testing.epa_factories import record_sittings, score_all, started
from trellis.testing.pdf import INTERNATIONAL_NAME, MARKUP_LIKE_NAME, pdf_font_names, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def final(people):
    """Amara, renamed, graded and confirmed by an EPAO whose name looks like markup."""
    people.amara.full_name = INTERNATIONAL_NAME
    people.amara.save()
    people.epao.name = MARKUP_LIKE_NAME
    people.epao.save()
    assessment = started(people.amara_apprenticeship, assessor=people.ian)
    record_sittings(assessment)
    score_all(assessment)
    services.assessment_finalise(assessment=assessment, by=people.ian)
    return services.result_confirm(
        assessment=assessment,
        by=people.ada,
        appeal_until=timezone.localdate() + timedelta(days=20),
    )


def test_the_letter_prints_the_apprentices_and_the_epaos_names_exactly(final):
    text = pdf_text(letter.render(final))
    assert text.startswith(f"{MARKUP_LIKE_NAME} ")
    assert f"Dear {INTERNATIONAL_NAME}," in text
    assert f"If you wish to appeal, write to {MARKUP_LIKE_NAME} by " in text
    assert f"{MARKUP_LIKE_NAME}, EPAO EPA0999" in text


def test_the_letter_uses_roboto_alone(final):
    assert pdf_font_names(letter.render(final)) == {"Roboto-Regular", "Roboto-Bold"}
