"""The Showcase over the API: sections, submission and the frozen snapshots."""

from ninja import Router

router = Router(tags=["Showcase"])
