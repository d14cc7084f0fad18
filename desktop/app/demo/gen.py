"""The seeded generator of names, dates, CCCD and phone numbers, the person being generated, and the
constants every part of the sample data shares."""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from desktop.app.demo.material import (
    _FAMILY_CUM,
    _PREFIX_CUM,
    _PREFIXES,
    FAMILY_NAMES,
    FEMALE_GIVEN,
    FEMALE_MIDDLE,
    FEMALE_SECOND,
    MALE_GIVEN,
    MALE_MIDDLE,
    THI,
    VAN,
)
from desktop.core.records import search_key_for
from desktop.shared.text import given_name_key

ACTOR = "Dữ liệu mẫu"
PLAN_YEAR = 2026
RATING_YEARS = (2024, 2025, 2026)
LAST_DAY = dt.date(2026, 10, 31)   # no generated event lies after this day
PEOPLE_PER_VILLAGE = 500
BATCH = 5000

Progress = Callable[[int, int], None]


class _Gen:
    def __init__(self, rng: random.Random, taken_cccd: set[str]):
        self.r = rng
        self.taken = taken_cccd
        self._sort_keys: dict[str, str] = {}
        self._keys: dict[tuple, str] = {}

    # ---- small helpers ---------------------------------------------------------------------
    def family(self) -> str:
        return FAMILY_NAMES[bisect.bisect_right(_FAMILY_CUM, self.r.random() * _FAMILY_CUM[-1])]

    def name(self, sex: str, year: int, family: str | None = None) -> str:
        r = self.r
        family = family or self.family()
        if sex == "nam":
            p_common = 0.75 if year < 1975 else 0.45 if year < 1990 else 0.25
            middle = VAN if r.random() < p_common else r.choice(MALE_MIDDLE)
            given = r.choice(MALE_GIVEN)
            while given == middle:
                given = r.choice(MALE_GIVEN)
        else:
            p_common = 0.85 if year < 1975 else 0.6 if year < 1990 else 0.35
            if r.random() < p_common:
                middle = THI if r.random() < 0.8 else f"{THI} {r.choice(FEMALE_SECOND)}"
            else:
                middle = r.choice(FEMALE_MIDDLE)
            given = r.choice(FEMALE_GIVEN)
            while middle.endswith(given):
                given = r.choice(FEMALE_GIVEN)
        return f"{family} {middle} {given}"

    def date_in(self, year: int, first: dt.date | None = None, last: dt.date | None = None) -> dt.date:
        lo = (first or dt.date(year, 1, 1)).toordinal()
        hi = min(last or dt.date(year, 12, 31), LAST_DAY)
        return dt.date.fromordinal(lo + self.r.randrange(hi.toordinal() - lo + 1))

    def cccd(self, sex: str, year: int) -> str:
        prefix = _PREFIXES[bisect.bisect_right(_PREFIX_CUM, self.r.random() * _PREFIX_CUM[-1])]
        head = f"{prefix}{(year // 100 - 19) * 2 + (1 if sex == 'nu' else 0)}{year % 100:02d}"
        while True:
            num = f"{head}{self.r.randrange(1_000_000):06d}"
            if num not in self.taken:
                self.taken.add(num)
                return num

    def phone(self) -> str:
        return f"{self.r.choice(('03', '08', '09'))}{self.r.randrange(100_000_000):08d}"

    def sort_key(self, full_name: str) -> str:
        k = self._sort_keys.get(full_name)
        if k is None:
            k = self._sort_keys[full_name] = given_name_key(full_name)
        return k

    def key(self, kind_key: str, **values: str) -> str:
        """records.search_key_for, memoised for the many repeated texts (pledges, notes)."""
        ck = (kind_key, *values.items())
        k = self._keys.get(ck)
        if k is None:
            k = search_key_for(kind_key, values)
            if len(self._keys) < 50_000:
                self._keys[ck] = k
        return k


@dataclass(slots=True)
class _P:
    """A person being generated (inserted later as a dict)."""

    name: str
    sex: str
    birth: dt.date
    household: int      # index into households
    category: str = ""
    position: str = ""
    unit: int = -1      # index into units; -1: lives in the village (set from the household)
    id: int = 0
