"""The apprentice's CPD log over the API."""

from ninja import Router

router = Router(tags=["CPD"])
