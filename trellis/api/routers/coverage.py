"""KSB coverage over the API: one apprenticeship's, and a consultant's matrix."""

from ninja import Router

router = Router(tags=["KSB coverage"])
