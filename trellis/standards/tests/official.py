"""Read the official IfATE standard records kept beside the repository, for tests."""

import html
import json
import re
from pathlib import Path
from typing import Any

# The records live in shared/data/ifate next to the repository (/work/shared beside /work/main).
OFFICIAL_DATA_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "ifate"

KSB_ARRAYS = (
    ("knowledges", "knowledgeId", "knowledge"),
    ("skills", "skillId", "skill"),
    ("behaviours", "behaviourId", "behaviour"),
)
LEADING_CODE = re.compile(r"^([KSB][0-9]+)\s+")


def official_record(name: str) -> dict[str, Any]:
    """Return the official record stored as name, such as "ST0148_1.0" or "ST0148_1.0.json"."""
    filename = name if name.endswith(".json") else f"{name}.json"
    return json.loads((OFFICIAL_DATA_DIR / filename).read_text(encoding="utf-8"))


def official_ksbs(record: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the record's KSBs in K, S, B order as dicts of id, code, kind and statement.

    A code inside the text is taken from it and removed; otherwise the code is the kind's
    letter and the item's place in its array (behaviours in ST0148 have no code).
    """
    ksbs = []
    for array, id_key, kind in KSB_ARRAYS:
        for position, item in enumerate(record[array], start=1):
            text = html.unescape(item["detail"]).strip()
            match = LEADING_CODE.match(text)
            code = match.group(1) if match else f"{kind[0].upper()}{position}"
            statement = text[match.end() :] if match else text
            ksbs.append({"id": item[id_key], "code": code, "kind": kind, "statement": statement})
    return ksbs
