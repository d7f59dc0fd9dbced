import pytest

from trellis.portfolio.files import (
    ACCEPTED,
    content_type_for,
    refuse_upload,
    safe_name,
)
from trellis.portfolio.tests import samples


def _refusal(name: str, content: bytes, *, max_mb: int = 50, size: int | None = None):
    return refuse_upload(
        name=name, size=len(content) if size is None else size, head=content[:8192], max_mb=max_mb
    )


@pytest.mark.parametrize(("name", "content"), samples.BY_NAME.items())
def test_each_accepted_kind_is_accepted_by_name_and_content(name, content):
    assert _refusal(name, content) is None


def test_every_accepted_extension_has_a_sample():
    assert {name.rsplit(".", 1)[1] for name in samples.BY_NAME} == set(ACCEPTED)


def test_the_extension_is_read_in_any_case():
    assert _refusal("REPORT.PDF", samples.PDF) is None
    assert content_type_for("REPORT.PDF") == "application/pdf"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", samples.PNG),
        ("letter.docx", samples.PLAIN_ZIP),
        ("letter.docx", samples.XLSX),
        ("tracker.xlsx", samples.DOCX),
        ("photo.png", samples.JPEG),
        ("clip.mov", samples.MP4),
        ("voice.mp3", b"just some text, not audio"),
    ],
)
def test_content_that_does_not_match_the_name_is_refused(name, content):
    refusal = _refusal(name, content)
    assert refusal is not None
    assert f"named .{name.rsplit('.', 1)[1]} but its content" in refusal


@pytest.mark.parametrize("name", ["setup.exe", "notes.txt", "archive.zip", "noextension"])
def test_an_unknown_extension_is_refused_listing_what_is_accepted(name):
    refusal = _refusal(name, samples.EXE)
    assert refusal.startswith("The selected file must be a PDF, Word (.docx)")
    assert "MOV" in refusal


def test_an_empty_file_is_refused():
    assert "is empty" in _refusal("report.pdf", b"")


def test_a_file_over_the_limit_is_refused_with_the_limit_and_its_size():
    refusal = _refusal("report.pdf", samples.PDF, max_mb=2, size=3 * 1024 * 1024 + 1)
    assert refusal == "The selected file is 3.0 MB: it must be smaller than 2 MB."
    assert _refusal("report.pdf", samples.PDF, max_mb=2, size=2 * 1024 * 1024) is None


def test_the_detected_m4a_container_may_be_mp4():
    assert content_type_for("voice.m4a") == "audio/mp4"
    assert _refusal("voice.m4a", samples.MP4) is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\amara\\My report.pdf", "My report.pdf"),
        ("bad\x00name\r\n.pdf", "bad name .pdf"),
        ('say "hi".pdf', "say 'hi'.pdf"),
        ("...", "evidence"),
        ("", "evidence"),
    ],
)
def test_safe_name_strips_folders_and_control_characters(name, expected):
    assert safe_name(name) == expected


def test_safe_name_keeps_a_long_name_short_with_its_extension():
    name = safe_name("a" * 300 + ".docx")
    assert len(name) == 120
    assert name.endswith("a.docx")
