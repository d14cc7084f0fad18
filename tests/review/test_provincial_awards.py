"""The province's awards, received in its results file, count in the commune's consecutive-year rules
(desktop/core/review/yeardata.py reads every live award_history row, source 'province' included)."""

from __future__ import annotations

import pytest

from desktop.app.receive import receive
from desktop.core.catalog import load_catalog
from desktop.core.records import Records
from desktop.core.review import OK, Review
from tests.bundle.kit import statement_pair
from tests.catalogs import edited_catalog


@pytest.fixture
def pair(tmp_path):
    p = statement_pair(tmp_path / "pair")
    yield p
    p.dispose()


def _catalog(tmp_path):
    """The shipped catalog where Chiến sĩ thi đua cấp tỉnh needs the Bằng khen of the province chairman
    two years running (and the Bằng khen only a good rating): a rule over a provincial award."""
    return load_catalog(edited_catalog(tmp_path / "catalog", {
        "CSTD_TINH": [{"rule": "consecutive_years", "title": "BK_TINH", "years": 2}],
        "BK_TINH": [{"rule": "rating_at_least", "min": "tot"}]}))


def _finding(pair, catalog):
    cand = Review(pair.cdb.session, "Nguyễn Thị Hoa", catalog).check(2027).find(("person", pair.people[0]),
                                                                              "CSTD_TINH")
    return next(f for f in cand.findings if f.rule == "consecutive_years")


def test_a_provincial_award_of_2026_counts_for_2027(pair, tmp_path):
    catalog = _catalog(tmp_path)
    rec = Records(pair.cdb.session, "Nguyễn Thị Hoa")
    subject = ("person", pair.people[0])
    rec.create("rating", {"subject": subject, "year": 2027, "rating": "tot"})
    rec.create("registration", {"subject": subject, "year": 2027, "title_code": "CSTD_TINH"})
    before = _finding(pair, catalog)
    assert before.status != OK and "thiếu năm 2026" in before.reason
    pair.outcome(pair.rows[0])  # the province awards the 2026 proposal's first row
    receive(pair.cdb, pair.cpaths, pair.results_file(tmp_path / "out"))
    after = _finding(pair, catalog)
    assert after.status == OK, after.reason
    assert "2026, 2027" in after.reason
