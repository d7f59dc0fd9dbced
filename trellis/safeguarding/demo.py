"""Demo safeguarding concerns: open and closed cases for the safeguarding lead to work on."""


def demo_seed_records(*, apprenticeships, today) -> None:
    return None
