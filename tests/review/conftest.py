"""Helpers to build a small commune for review tests (no Qt)."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core.records import Records
from desktop.core.review import Review

YEAR = 2026


class Commune:
    def __init__(self, db):
        self.db = db
        self.rec = Records(db.session, "Nguyễn Thị Hoa")
        self.review = Review(db.session, "Nguyễn Thị Hoa")
        self._n = 0

    def unit(self, name="Trạm Y tế xã Tiên Du", kind="tram_y_te") -> int:
        return self.rec.create("collective", {"name": name, "kind": kind})

    def person(self, name=None, unit=None, rating="tot", year=YEAR, category="vien_chuc", sex="nam") -> int:
        self._n += 1
        pid = self.rec.create("person", {"full_name": name or f"Nguyễn Văn Thử {self._n}", "sex": sex,
                                         "category": category, "collective_id": unit})
        if rating:
            self.rate(("person", pid), rating, year)
        return pid

    def rate(self, subject, rating, year=YEAR):
        return self.rec.create("rating", {"subject": subject, "year": year, "rating": rating})

    def register(self, subject, code, year=YEAR):
        return self.rec.create("registration", {"subject": subject, "year": year, "title_code": code})

    def discipline(self, pid, status="da_ky_luat", level="khien_trach", start=dt.date(YEAR, 5, 1), end=None,
                   collective=False):
        subject = {"subject": ("collective" if collective else "person", pid)}
        return self.rec.create("discipline", {**subject, "status": status, "level": level if status == "da_ky_luat" else "",
                                              "start_date": start, "end_date": end, "decision_no": "5/QĐ-UBND"})

    def initiative(self, pid, kind="sang_kien", scope="co_so", year=YEAR, title="Số hóa hồ sơ một cửa"):
        return self.rec.create("initiative", {"person_id": pid, "kind": kind, "title": title, "year": year,
                                              "scope": scope})

    def achievement(self, subject, year=YEAR, text="Cứu người trong lũ"):
        return self.rec.create("achievement", {"subject": subject, "year": year, "area_code": "1.5",
                                               "description": text})

    def check(self, year=YEAR, **kw):
        return self.review.check(year, **kw)

    def cand(self, subject, code, year=YEAR, **kw):
        c = self.check(year, **kw).find(subject, code)
        assert c is not None, f"{subject} {code} not among the candidates"
        return c


def open_meeting(review, year, held_on, present, written=(), **kw) -> int:
    """``review.open_meeting`` with a chair and a secretary who attended (the catalog requires both):
    the first member present chairs, the last takes the minutes, unless the test names them."""
    present = list(present)
    kw.setdefault("chair", present[0])
    kw.setdefault("secretary", present[-1])
    return review.open_meeting(year, held_on, present, written, **kw)


def finding(cand, rule):
    return next(f for f in cand.findings if f.rule == rule)


@pytest.fixture
def commune(workspace) -> Commune:
    return Commune(workspace)
