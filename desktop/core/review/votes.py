"""The votes of a council meeting as its minutes froze them, and their digest.

When the minutes of a meeting are issued (desktop.app.issuing), the meeting's votes are frozen: each
is (subject type, subject id, title code, method, yes, no, invalid), method "secret" (secret ballot)
or "hands" (show of hands). The digest is the SHA-256 of their canonical JSON, sorted, so that the
commune's issued minutes and the province (recomputing it from the ballot records of the data file)
agree on the same votes byte for byte. Specification: docs/bundle-format.md §3."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

METHODS = ("secret", "hands")

Vote = tuple[str, int, str, str, int, int, int]   # (subject type, subject id, title, method, yes, no, invalid)


def votes_digest(votes: Iterable[Vote]) -> str:
    """SHA-256 (hex) of ``[[type, id, title, method, yes, no, invalid], …]`` sorted, as canonical JSON
    (no spaces, ASCII only)."""
    items = sorted([str(t), int(i), str(c), str(m), int(y), int(n), int(v)] for t, i, c, m, y, n, v in votes)
    raw = json.dumps(items, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(raw.encode("ascii")).hexdigest()


__all__ = ["METHODS", "Vote", "votes_digest"]
