"""The full record's PDF prints every Latin-script name in Roboto and never reads text as
markup."""

import pytest
from django.utils import timezone

from trellis.apprenticeships.full_record import full_record
from trellis.apprenticeships.record_pdf import render_full_record
from trellis.portfolio.models import EvidenceItem
from trellis.testing.pdf import INTERNATIONAL_NAME, MARKUP_LIKE_NAME, pdf_font_names, pdf_text
from trellis.testing.portfolio_factories import evidence_in_state

pytestmark = pytest.mark.django_db

EVIDENCE_TITLE = "Ground rules <b>agreed</b> & kept"
EMPLOYER = "Bălan & Söhne <Care>"


@pytest.fixture
def record_pdf(people):
    """Amara's record, with her name, her employer's, her EPAO's and an item's title renamed."""
    people.amara.full_name = INTERNATIONAL_NAME
    people.amara.save()
    people.epao.name = MARKUP_LIKE_NAME
    people.epao.save()
    apprenticeship = people.amara_apprenticeship
    apprenticeship.employer.name = EMPLOYER
    apprenticeship.employer.save()
    evidence_in_state(
        apprenticeship,
        status=EvidenceItem.Status.ASSESSED,
        judgements={"K1": "secure"},
        title=EVIDENCE_TITLE,
    )
    apprenticeship.refresh_from_db()
    return render_full_record(full_record(apprenticeship, reader=people.carl, now=timezone.now()))


def test_the_record_prints_the_names_and_markup_like_text_exactly(record_pdf):
    text = pdf_text(record_pdf)
    assert text.startswith(f"Apprenticeship record {INTERNATIONAL_NAME} ")
    assert f"Apprentice {INTERNATIONAL_NAME}" in text
    assert f"Employer {EMPLOYER}" in text
    assert f"End-point assessment organisation {MARKUP_LIKE_NAME} (EPA0999)" in text
    assert EVIDENCE_TITLE in text
    assert f"OFFICIAL-SENSITIVE · {INTERNATIONAL_NAME}: apprenticeship record" in text


def test_the_record_uses_roboto_alone(record_pdf):
    assert pdf_font_names(record_pdf) == {"Roboto-Regular", "Roboto-Bold"}
