"""Synthetic sample data for a commune workspace (``python -m desktop demo``), Qt-free.

Deterministic: the same seed on the same starting workspace gives the same rows; only the
created/updated timestamps (the moment of the run) differ. Every date in the data comes from the
seeded generator and fixed years (2024-2026), never from the clock.

Fast: rows are built as plain dicts with their ids assigned here, then bulk-inserted in batches
inside one transaction (no per-row ORM objects, one audit entry per table), so 50,000 people take
seconds.

Calling it again appends: commune units and villages that already exist (same name and kind) are
reused and only their rank-and-file seats get new people, villages are added as the population
grows, indicators already present are not duplicated, and new CCCD numbers avoid every number
already in the file.

The package: desktop.app.demo.material (names and texts), .units (the units and their seats), .gen
(the seeded generator), .build and .rows (the steps that build the rows), .insert (``fill``).
"""

from __future__ import annotations

from desktop.app.demo.gen import ACTOR, BATCH, LAST_DAY, PEOPLE_PER_VILLAGE, PLAN_YEAR, RATING_YEARS  # noqa: F401
from desktop.app.demo.insert import (
    _build,  # noqa: F401 (kept importable from here)
    fill,
)

__all__ = ["fill", "ACTOR"]
