"""Portfolio evidence over the API: items, files and decisions, by the pages' services."""

from ninja import Router

router = Router(tags=["evidence"])
