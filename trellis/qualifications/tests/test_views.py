from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from trellis.apprenticeships.models import Apprenticeship
from trellis.qualifications.models import (
    AdditionalQualification,
    EnglishMaths,
    SafeguardingQualification,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% a certificate\n"
SEES_AMARA = {"amara", "carl", "erin", "dina", "pat", "quinn"}
RECORDS = {"carl", "pat"}
EVERYONE = {
    "amara", "bea", "carl", "cora", "erin", "evan", "dina", "pat", "quinn",
    "ada", "ian", "isla", "mo", "paula", "otto",
}  # fmt: skip


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 6, 1), tick=False):
        yield


def url(people, name, *args):
    return reverse(f"qualifications:{name}", args=[people.amara_apprenticeship.pk, *args])


def upload(content=PDF, name="certificate.pdf"):
    return SimpleUploadedFile(name, content, "application/pdf")


@pytest.mark.parametrize("name", sorted(EVERYONE))
def test_only_the_right_people_see_the_qualifications(client, people, name):
    client.force_login(getattr(people, name))
    response = client.get(url(people, "index"))
    assert response.status_code == (200 if name in SEES_AMARA else 404)
    if response.status_code == 200:
        assert "Level 1 Safeguarding" in response.text
        assert ("Record Level 1 Safeguarding" in response.text) == (name in RECORDS)


def writes(people):
    return [
        (url(people, "safeguarding"), {"achieved_on": "2026-02-01", "certificate_reference": "X"}),
        (
            url(people, "english_maths", "maths"),
            {"prior_gcse_grade": "3", "functional_skills_level_2_result": "not_taken"},
        ),
        (url(people, "additional_add"), {"title": "Award", "result": "in_progress"}),
    ]


def nothing_recorded() -> bool:
    return not (
        SafeguardingQualification.objects.exists()
        or EnglishMaths.objects.exists()
        or AdditionalQualification.objects.exists()
    )


@pytest.mark.parametrize("name", sorted(EVERYONE - RECORDS))
def test_others_record_nothing(client, people, name):
    client.force_login(getattr(people, name))
    expected = 403 if name in SEES_AMARA else 404
    for address, data in writes(people):
        assert client.get(address).status_code == expected, address
        assert client.post(address, data).status_code == expected, address
    assert nothing_recorded()


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_the_consultant_and_provider_admin_record(client, people, name):
    client.force_login(getattr(people, name))
    for address, data in writes(people):
        response = client.post(address, data)
        assert response.status_code == 302, response.content
    assert SafeguardingQualification.objects.get().recorded_by == getattr(people, name)
    page = client.get(url(people, "index")).text
    assert "Certificate number X" in page
    assert "Award" in page


def test_an_uploaded_certificate_is_served_only_to_those_who_see_the_record(client, people):
    client.force_login(people.carl)
    response = client.post(
        url(people, "safeguarding"), {"achieved_on": "2026-02-01", "certificate": upload()}
    )
    assert response.status_code == 302
    for name in sorted(EVERYONE):
        client.force_login(getattr(people, name))
        response = client.get(url(people, "safeguarding_certificate"))
        if name in SEES_AMARA:
            assert response.status_code == 200, name
            assert b"".join(response.streaming_content) == PDF
            assert response["Content-Type"] == "application/pdf"
        else:
            assert response.status_code == 404, name


def test_the_certificate_file_is_not_reachable_by_a_media_address(client, people):
    client.force_login(people.carl)
    client.post(url(people, "safeguarding"), {"achieved_on": "2026-02-01", "certificate": upload()})
    stored = SafeguardingQualification.objects.get().certificate.name
    assert client.get(f"/media/{stored}").status_code == 404
    assert client.get(f"/{stored}").status_code == 404


def test_a_wrong_file_is_refused_with_a_clear_message(client, people):
    client.force_login(people.carl)
    response = client.post(
        url(people, "safeguarding"),
        {"achieved_on": "2026-02-01", "certificate": upload(b"GIF89a", "picture.gif")},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "must be a PDF, JPEG or PNG file" in response.text
    assert nothing_recorded()


def test_no_certificate_gives_404(client, people):
    client.force_login(people.carl)
    assert client.get(url(people, "safeguarding_certificate")).status_code == 404


def test_an_unknown_subject_is_not_found(client, people):
    client.force_login(people.carl)
    assert client.get(url(people, "english_maths", "latin")).status_code == 404


@pytest.mark.parametrize(
    ("name", "expected"),
    [("erin", 302), ("carl", 302), ("pat", 302), ("amara", 403), ("quinn", 403), ("dina", 403),
     ("evan", 404), ("cora", 404), ("bea", 404), ("otto", 404)],
)  # fmt: skip
def test_the_employer_says_whether_it_asks_for_english_and_maths(client, people, name, expected):
    client.force_login(getattr(people, name))
    response = client.post(url(people, "employer_requirement"), {"english": "on"})
    assert response.status_code == expected
    asked = set(
        EnglishMaths.objects.filter(employer_requires=True).values_list("subject", flat=True)
    )
    assert asked == ({"english"} if expected == 302 else set())


def test_the_employer_sees_the_choice_but_cannot_record_results(client, people):
    client.force_login(people.erin)
    page = client.get(url(people, "index")).text
    assert "Does the employer ask for English and maths?" in page
    assert "Record maths results" not in page


def test_an_unknown_date_of_birth_is_explained(client, people):
    client.force_login(people.carl)
    page = client.get(url(people, "index")).text
    assert "date of birth is not recorded" in page


def test_an_additional_qualification_of_another_apprenticeship_is_not_found(client, people):
    other = AdditionalQualification.objects.create(
        apprenticeship=people.bea_apprenticeship, title="Award", recorded_by=people.cora
    )
    client.force_login(people.carl)
    response = client.post(
        url(people, "additional_edit", other.pk), {"title": "Changed", "result": "in_progress"}
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.title == "Award"


def test_a_young_apprentice_is_shown_as_required(client, people):
    people.amara.date_of_birth = date(2008, 6, 1)
    people.amara.save()
    Apprenticeship.objects.filter(pk=people.amara_apprenticeship.pk).update(
        start_date=date(2026, 1, 5)
    )
    client.force_login(people.amara)
    page = client.get(url(people, "index")).text
    assert "Aged 17 at the start" in page
