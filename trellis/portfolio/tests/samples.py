"""The smallest real content of each accepted kind of file, for the upload rules' tests."""

import io
import struct
import zipfile


def _zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def _iso_bmff(major: bytes, *compatible: bytes) -> bytes:
    body = b"ftyp" + major + b"\x00\x00\x02\x00" + b"".join(compatible)
    return struct.pack(">I", len(body) + 4) + body + b"\x00\x00\x00\x08free"


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20
DOCX = _zip("[Content_Types].xml", "_rels/.rels", "word/document.xml")
XLSX = _zip("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml")
PPTX = _zip("[Content_Types].xml", "_rels/.rels", "ppt/presentation.xml")
PLAIN_ZIP = _zip("notes.txt")
HEIC = _iso_bmff(b"heic", b"mif1", b"heic")
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 20
M4A = _iso_bmff(b"M4A ", b"M4A ", b"isom")
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 20
MP4 = _iso_bmff(b"isom", b"isom", b"mp41")
MOV = _iso_bmff(b"qt  ", b"qt  ")
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 60

BY_NAME = {
    "report.pdf": PDF,
    "letter.docx": DOCX,
    "tracker.xlsx": XLSX,
    "slides.pptx": PPTX,
    "photo.jpg": JPEG,
    "photo.jpeg": JPEG,
    "board.png": PNG,
    "phone.heic": HEIC,
    "voice.mp3": MP3,
    "voice.m4a": M4A,
    "voice.wav": WAV,
    "clip.mp4": MP4,
    "clip.mov": MOV,
}
