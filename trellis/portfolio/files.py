"""Which uploads the portfolio accepts (no Django here): an allow-list by name, each checked
against the type found in the content, a size limit, and a safe name to show."""

import unicodedata
from dataclasses import dataclass

import filetype

# How much of the start of a file the type detection reads: enough for an Office document's
# first entries.
HEAD_BYTES = 8192
SAFE_NAME_LENGTH = 120


@dataclass(frozen=True)
class Accepted:
    """One accepted kind of file: the type stored and served, and the types the content may
    be detected as (an .m4a is often detected as MP4, whose container it shares)."""

    content_type: str
    detected: frozenset[str]


def _accept(content_type: str, *also: str) -> Accepted:
    return Accepted(content_type=content_type, detected=frozenset({content_type, *also}))


ACCEPTED = {
    "pdf": _accept("application/pdf"),
    "docx": _accept("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": _accept("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pptx": _accept("application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "jpg": _accept("image/jpeg"),
    "jpeg": _accept("image/jpeg"),
    "png": _accept("image/png"),
    "heic": _accept("image/heic"),
    "mp3": _accept("audio/mpeg"),
    "m4a": _accept("audio/mp4", "video/mp4"),
    "wav": _accept("audio/x-wav", "audio/wav"),
    "mp4": _accept("video/mp4"),
    "mov": _accept("video/quicktime"),
}
ACCEPTED_LIST = (
    "PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), JPEG, PNG, HEIC, MP3, M4A, WAV, "
    "MP4 or MOV"
)
ACCEPT_ATTRIBUTE = ",".join(f".{extension}" for extension in ACCEPTED)


def extension_of(name: str) -> str:
    """Return the file name's extension in lower case, without the dot ("" if none)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def size_label(size: int) -> str:
    """Say a size in words a person reads: bytes, KB or MB."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def refuse_upload(*, name: str, size: int, head: bytes, max_mb: int) -> str | None:
    """Say why this upload is refused, or None if it is accepted.

    `head` is the start of the content (HEAD_BYTES of it, or all of a smaller file).
    """
    extension = extension_of(name)
    accepted = ACCEPTED.get(extension)
    if accepted is None:
        return f"The selected file must be a {ACCEPTED_LIST}."
    if size == 0:
        return "The selected file is empty: choose a file with something in it."
    if size > max_mb * 1024 * 1024:
        return f"The selected file is {size_label(size)}: it must be smaller than {max_mb} MB."
    kind = filetype.guess(head)
    if kind is None or kind.mime not in accepted.detected:
        return (
            f"The selected file is named .{extension} but its content is not a "
            f".{extension} file: save it again in that format, or give it its right name."
        )
    return None


def content_type_for(name: str) -> str:
    """Return the type an accepted file is stored and served with."""
    return ACCEPTED[extension_of(name)].content_type


def safe_name(name: str) -> str:
    """Return a name fit to show and to offer on download: no folders, no control or
    separator characters, short, and never empty."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(
        " " if unicodedata.category(char)[0] in "CZ" and char != " " else char
        for char in unicodedata.normalize("NFC", base)
    )
    cleaned = " ".join(cleaned.replace('"', "'").split()).strip(". ")
    if not cleaned:
        cleaned = "evidence"
    if len(cleaned) > SAFE_NAME_LENGTH:
        stem, dot, extension = cleaned.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            cleaned = stem[: SAFE_NAME_LENGTH - len(extension) - 1].rstrip() + "." + extension
        else:
            cleaned = cleaned[:SAFE_NAME_LENGTH].rstrip()
    return cleaned
