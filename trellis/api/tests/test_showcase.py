import pytest

from trellis.showcase.models import ShowcaseSection
from trellis.showcase.services import showcase_submit
from trellis.showcase.tests.helpers import (
    NARRATIVE,
    complete_showcase,
    secure_item,
    streamed,
    zip_listing,
)

pytestmark = pytest.mark.django_db

OUTSIDERS = ["bea", "cora", "evan", "paula", "otto", "ada", "ian"]


@pytest.fixture
def api(client, auth_headers):
    def send(method, user, path, payload=None):
        return getattr(client, method)(
            path, payload, content_type="application/json", headers=auth_headers(user)
        )

    return send


def showcase(people) -> str:
    return f"/api/v1/apprenticeships/{people.amara_apprenticeship.pk}/showcase"


def test_the_showcase_lists_sections_with_status_and_missing(api, people):
    response = api("get", people.carl, showcase(people))
    assert response.status_code == 200
    body = response.json()
    assert body["total_sections"] == 16
    assert body["complete"] is False
    assert body["can_write"] is False
    first = body["sections"][0]
    assert first["key"] == "theme-1"
    assert first["status"] == "not_started"
    assert first["missing"] == ["No evidence picked", "Narrative not written"]
    assert [ksb["code"] for ksb in first["ksbs"]] == ["K1", "S1"]


def test_the_apprentice_puts_a_section(api, people):
    item = secure_item(people.amara_apprenticeship, ["K1"])
    path = f"{showcase(people)}/sections/theme-1"
    payload = {"narrative": NARRATIVE, "evidence": [item.pk], "revision": 0}
    response = api("put", people.amara, path, payload)
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "complete"
    assert response.json()["revision"] == 1
    stale = api("put", people.amara, path, payload)
    assert stale.status_code == 422
    assert "revision" in stale.json()["errors"]


def test_a_put_naming_evidence_from_elsewhere_is_refused(api, people):
    other = secure_item(people.bea_apprenticeship, ["K1"])
    response = api(
        "put",
        people.amara,
        f"{showcase(people)}/sections/theme-1",
        {"narrative": NARRATIVE, "evidence": [other.pk], "revision": 0},
    )
    assert response.status_code == 422
    assert f"No such evidence in this portfolio: {other.pk}." in str(response.json())
    assert not ShowcaseSection.objects.exists()


@pytest.mark.parametrize("name", ["carl", "erin", "pat"])
def test_readers_cannot_put_or_submit(api, people, name):
    user = getattr(people, name)
    put = api(
        "put", user, f"{showcase(people)}/sections/theme-1", {"narrative": "x", "revision": 0}
    )
    assert put.status_code == 403
    assert api("post", user, f"{showcase(people)}/submit").status_code == 403


def test_submitting_too_early_lists_every_missing_section(api, people):
    response = api("post", people.amara, f"{showcase(people)}/submit")
    assert response.status_code == 422
    assert len(response.json()["errors"]["sections"]) == 16


def test_submit_then_read_the_snapshot_and_download_it(api, people):
    complete_showcase(people.amara_apprenticeship)
    response = api("post", people.amara, f"{showcase(people)}/submit")
    assert response.status_code == 201, response.json()
    assert response.json()["number"] == 1
    assert response.json()["files"] == 16
    listing = api("get", people.erin, f"{showcase(people)}/snapshots").json()
    assert [row["number"] for row in listing] == [1]
    content = api("get", people.carl, f"{showcase(people)}/snapshots/1").json()["content"]
    assert content["sections"][0]["narrative"] == NARRATIVE
    pdf = api("get", people.carl, f"{showcase(people)}/snapshots/1/pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    archive = api("get", people.carl, f"{showcase(people)}/snapshots/1/zip")
    assert archive.status_code == 200
    files = zip_listing(streamed(archive))
    assert files["showcase.pdf"] == pdf.content
    assert len(files) == 17


def test_others_get_not_found(api, people):
    complete_showcase(people.amara_apprenticeship)
    showcase_submit(apprenticeship=people.amara_apprenticeship, submitted_by=people.amara)
    for name in OUTSIDERS:
        user = getattr(people, name)
        for suffix in ("", "/snapshots", "/snapshots/1", "/snapshots/1/pdf", "/snapshots/1/zip"):
            response = api("get", user, f"{showcase(people)}{suffix}")
            assert response.status_code == 404, (name, suffix)
        put = api("put", user, f"{showcase(people)}/sections/theme-1", {"revision": 0})
        assert put.status_code == 404, name
        assert api("post", user, f"{showcase(people)}/submit").status_code == 404, name


def test_a_guessed_snapshot_number_is_not_found(api, people):
    assert api("get", people.amara, f"{showcase(people)}/snapshots/7").status_code == 404
    assert api("get", people.amara, f"{showcase(people)}/snapshots/7/zip").status_code == 404
