import pytest
from django.urls import reverse

from trellis.showcase.models import ShowcaseSection, ShowcaseSnapshot
from trellis.showcase.services import showcase_submit
from trellis.showcase.tests.helpers import (
    NARRATIVE,
    complete_showcase,
    secure_item,
    streamed,
    zip_listing,
)

pytestmark = pytest.mark.django_db

READERS = ["amara", "carl", "erin", "pat", "quinn", "dina"]
# EPAO staff read the Showcase only once the gateway sends it to them; until then, nothing.
OUTSIDERS = ["bea", "cora", "evan", "paula", "otto", "ada", "ian", "isla", "mo"]


def url(people, name, *args):
    return reverse(f"showcase:{name}", args=[people.amara_apprenticeship.pk, *args])


@pytest.fixture
def snapshot(people):
    complete_showcase(people.amara_apprenticeship)
    return showcase_submit(apprenticeship=people.amara_apprenticeship, submitted_by=people.amara)


def test_the_task_list_shows_each_section_and_the_count(client, people):
    secure_item(people.amara_apprenticeship, ["K1"])
    client.force_login(people.amara)
    response = client.get(url(people, "index"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "0 of 16 sections complete" in page
    assert "Theme 1: Advise, guide and supervise learners" in page
    assert "Not started" in page
    assert "Submit for gateway</a>" not in page
    assert "You can submit the Showcase for gateway when every section is complete" in page


def test_the_apprentice_saves_a_section_from_its_page(client, people):
    item = secure_item(people.amara_apprenticeship, ["S1"], title="Group tutorial")
    other = secure_item(people.amara_apprenticeship, ["K2"], title="Team meeting")
    client.force_login(people.amara)
    page = client.get(url(people, "section", "theme-1")).content.decode()
    assert "Group tutorial" in page
    assert "Secure for S1" in page
    assert "Team meeting" not in page
    assert "at most 300 words" in page
    response = client.post(
        url(people, "section", "theme-1"),
        {"evidence": [item.pk], "narrative": NARRATIVE, "revision": 0},
    )
    assert response.status_code == 302
    section = ShowcaseSection.objects.get()
    assert list(section.evidence.all()) == [item]
    assert "1 of 16 sections complete" in client.get(url(people, "index")).content.decode()
    assert other.pk


def test_a_stale_form_says_what_to_do(client, people):
    item = secure_item(people.amara_apprenticeship, ["S1"])
    client.force_login(people.amara)
    data = {"evidence": [item.pk], "narrative": NARRATIVE, "revision": 0}
    client.post(url(people, "section", "theme-1"), data)
    response = client.post(url(people, "section", "theme-1"), data)
    assert response.status_code == 200
    assert "saved elsewhere since you opened it" in response.content.decode()


def test_the_consultant_reads_a_section_but_cannot_save_it(client, people):
    client.force_login(people.carl)
    page = client.get(url(people, "section", "theme-1"))
    assert page.status_code == 200
    assert "Save the section" not in page.content.decode()
    response = client.post(
        url(people, "section", "theme-1"), {"narrative": "x", "revision": 0, "evidence": []}
    )
    assert response.status_code == 403
    assert not ShowcaseSection.objects.exists()


def test_an_unknown_section_is_not_found(client, people):
    client.force_login(people.amara)
    assert client.get(url(people, "section", "theme-42")).status_code == 404


def test_check_answers_then_confirm(client, people):
    complete_showcase(people.amara_apprenticeship)
    client.force_login(people.amara)
    index = client.get(url(people, "index")).content.decode()
    assert "16 of 16 sections complete" in index
    assert "Submit for gateway</a>" in index
    check = client.get(url(people, "submit")).content.decode()
    assert "Check your Showcase before submitting it" in check
    assert "Confirm and submit" in check
    response = client.post(url(people, "submit"))
    assert response.status_code == 302
    snapshot = ShowcaseSnapshot.objects.get()
    index = client.get(url(people, "index")).content.decode()
    assert "Showcase 1" in index
    assert url(people, "snapshot_zip", snapshot.number) in index


def test_submitting_an_incomplete_showcase_lists_what_is_missing(client, people):
    client.force_login(people.amara)
    response = client.post(url(people, "submit"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "The Showcase cannot be submitted yet" in page
    assert "No evidence picked; Narrative not written." in page
    assert not ShowcaseSnapshot.objects.exists()


@pytest.mark.parametrize("name", ["carl", "erin", "pat"])
def test_only_the_apprentice_opens_the_submit_page(client, people, name):
    client.force_login(getattr(people, name))
    assert client.get(url(people, "submit")).status_code == 403
    assert client.post(url(people, "submit")).status_code == 403


def test_portfolio_readers_download_the_pdf_and_the_zip(client, people, snapshot):
    row = snapshot.files.get(archive_name="files/theme-1-1-session-plan.pdf")
    for name in READERS:
        client.force_login(getattr(people, name))
        pdf = client.get(url(people, "snapshot_pdf", 1))
        assert pdf.status_code == 200, name
        assert pdf["Content-Type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")
        archive = client.get(url(people, "snapshot_zip", 1))
        assert archive.status_code == 200, name
        files = zip_listing(streamed(archive))
        assert files["showcase.pdf"] == pdf.content
        assert len(files) == 17
        assert files[row.archive_name] == row.evidence_file.file.open("rb").read()


def test_others_get_not_found_for_every_page_and_download(client, people, snapshot):
    for name in OUTSIDERS:
        client.force_login(getattr(people, name))
        for path in (
            url(people, "index"),
            url(people, "section", "theme-1"),
            url(people, "submit"),
            url(people, "snapshot_pdf", 1),
            url(people, "snapshot_zip", 1),
        ):
            assert client.get(path).status_code == 404, (name, path)


def test_a_guessed_snapshot_number_or_apprenticeship_is_not_found(client, people, snapshot):
    client.force_login(people.amara)
    assert client.get(url(people, "snapshot_pdf", 2)).status_code == 404
    assert client.get(url(people, "snapshot_zip", 99)).status_code == 404
    bea = people.bea_apprenticeship.pk
    assert client.get(reverse("showcase:snapshot_pdf", args=[bea, 1])).status_code == 404
    client.force_login(people.bea)
    assert client.get(reverse("showcase:snapshot_zip", args=[bea, 1])).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, people, snapshot):
    response = client.get(url(people, "snapshot_zip", 1))
    assert response.status_code == 302
