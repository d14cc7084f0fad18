"""An Excel import larger than one insert batch (1,000 rows) is one transaction: stopped or failing
after the first batch, nothing of the file is stored and no history entry is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.app import spreadsheets as xlsx
from desktop.store.models import AuditEntry, Person

ROWS = 1_500  # two batches of the insert


class Stop(Exception):
    pass


def _preview(db) -> xlsx.ImportPreview:
    spec = xlsx.IMPORT_KINDS["individuals"]
    headers = ["Họ và tên", "Giới tính"]
    plan = xlsx.ImportPlan(spec, Path("danh-sach.xlsx"), headers,
                           [[f"Nguyễn Văn Thử {i}", "Nam"] for i in range(ROWS)], header_row=1,
                           mapping=xlsx.auto_mapping(spec, headers))
    prev = xlsx.check_import(db, plan)
    assert not prev.errors and len(prev.rows) == ROWS, prev.report_lines()[:3]
    return prev


def _stored(db) -> tuple[int, int]:
    with db.session() as s:
        return (s.scalar(select(func.count()).select_from(Person)),
                s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "import")))


def test_an_import_stopped_after_its_first_batch_stores_nothing(workspace):
    prev = _preview(workspace)
    seen = []

    def progress(done, total):
        seen.append(done)
        if done > 1000:  # the first batch is in; the second fails (a full disk, a stop, a bug)
            raise Stop

    with pytest.raises(Stop):
        xlsx.commit_import(workspace, prev, "Nguyễn Thị Hoa", progress=progress)
    assert seen == [1000, ROWS]
    assert _stored(workspace) == (0, 0)
    assert xlsx.commit_import(workspace, prev, "Nguyễn Thị Hoa") == ROWS  # the same file again: all of it
    assert _stored(workspace) == (ROWS, 1)
