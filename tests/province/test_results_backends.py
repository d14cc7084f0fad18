"""The province's results file made on SQLite and on PostgreSQL is applied alike at a commune (SQLite)."""

from __future__ import annotations

from sqlalchemy import select

from desktop.app.receive import receive
from desktop.store.models_bundle import ProvinceStatementLog
from desktop.store.models_review import AwardHistory
from tests.bundle.kit import statement_pair


def test_results_from_either_backend(province_paths, tmp_path):
    pair = statement_pair(tmp_path / "pair", province_paths)
    try:
        pair.outcome(pair.rows[0])
        pair.outcome(pair.rows[1], "returned", number="", date=None, reason="Chưa đủ tiêu chuẩn")
        first = pair.results_file(tmp_path / "a")
        second = pair.results_file(tmp_path / "b")
        with pair.pdb.session() as s:
            made = [x.made_at for x in s.scalars(select(ProvinceStatementLog).order_by(ProvinceStatementLog.id))]
        assert made[0] < made[1]
        assert receive(pair.cdb, pair.cpaths, second).applied
        with pair.cdb.session() as s:
            (award,) = s.scalars(select(AwardHistory)).all()
            assert (award.source, award.proposal_row_id, award.decision_no) == ("province", pair.rows[0],
                                                                                "12/QĐ-UBND")
        try:
            receive(pair.cdb, pair.cpaths, first)
        except Exception as exc:  # older than the one applied
            assert "không mới hơn" in str(exc)
        else:
            raise AssertionError("an older results file was applied")
    finally:
        pair.dispose()
