"""The apprentice's mentoring log over the API."""

from ninja import Router

router = Router(tags=["mentoring log"])
