"""How pages and messages write values in words (no Django here)."""

from datetime import date


def day_label(value: date) -> str:
    """Return a date as the pages print it, such as 3 Nov 2026."""
    return f"{value.day} {value:%b %Y}"
