"""Internal quality assurance over the API: samples, verdicts and responses."""

from ninja import Router

router = Router(tags=["quality assurance"])
