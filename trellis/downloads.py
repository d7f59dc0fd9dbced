"""Serving a stored file to someone an access rule has already let through."""

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def file_response(
    stored: FieldFile, *, filename: str, content_type: str | None = None, attachment: bool = True
) -> FileResponse:
    """Return the stored file with the name to save it as, never sniffed by the browser as
    another type; 404 if storage has lost it."""
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    response = FileResponse(
        handle, as_attachment=attachment, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
