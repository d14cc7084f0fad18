"""On time or late is judged by when the commune sent the file (its signed created_at) or by the date
the clerk entered for a file that came by post, never by when the clerk imported it; every province
page (board, stats) counts the same and shows Vietnam time whatever the PC's time zone. On SQLite and
PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time

import pytest

from desktop import __version__
from desktop.app import province_views as views
from desktop.app import received
from desktop.app.workspace import open_workspace
from desktop.shared.errors import UserError
from desktop.store.models import Workspace
from desktop.store.models_bundle import ProvinceBundle

A, B, C, D = "09319", "09247", "09253", "09187"
DEADLINE = dt.date(2026, 12, 10)          # resources/plan/deadlines.json: tổng kết năm, 10/12


@pytest.fixture
def new_york():
    """The clerk's PC set to another time zone (UTC-5 in December): the pages must still say +07:00."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    yield
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    time.tzset()


def add_file(db, code: str, seq: int, period: str, created_at: str, imported_at: dt.datetime) -> None:
    """An accepted file as the import leaves it in province_bundle (only what the pages read)."""
    digest = hashlib.sha256(f"{code}{seq}{period}".encode()).hexdigest()
    with db.session() as s, s.begin():
        s.add(ProvinceBundle(commune_code=code, sequence=seq, file_sha256=digest, previous_hash=None, period=period,
                             kind="full" if seq == 1 else "correction", signer_key_id="k" * 32,
                             created_at=created_at, imported_at=imported_at, file_name=f"{code}-{seq}.tdkt",
                             size=0, manifest=json.dumps({"created_at": created_at}), raw=b""))


@pytest.fixture
def pdb(province_paths):
    db = open_workspace(province_paths)
    with db.session() as s, s.begin():
        s.add(Workspace(kind="province", unit_code="24", unit_name="Sở Nội vụ tỉnh Bắc Ninh", officer_name="Sở Nội vụ",
                        created_by_version=__version__))
    # A: made on 09/12 (VN), imported on 14/12, after the deadline: on time by the signed time
    add_file(db, A, 1, "2026", "2026-12-09T03:00:00Z", dt.datetime(2026, 12, 14, 2, 0))
    # B: made at 18:00 UTC on 10/12 = 01:00 on 11/12 in Vietnam: late, although in New York (and in UTC)
    # it is still the 10th
    add_file(db, B, 1, "2026", "2026-12-10T18:00:00Z", dt.datetime(2026, 12, 11, 1, 0))
    # C: only its six-month file: has not sent for the year
    add_file(db, C, 1, "2026-H1", "2026-05-20T01:00:00Z", dt.datetime(2026, 5, 21, 1, 0))
    # D: its PC clock ran two days ahead: it cannot have sent after the province imported the file
    add_file(db, D, 1, "2026", "2026-12-12T01:00:00Z", dt.datetime(2026, 12, 10, 8, 0))
    yield db
    db.dispose()


def test_on_time_by_the_signed_time_in_vietnam_time(pdb, new_york):
    v = views.board(pdb, "2026", today=dt.date(2026, 12, 20))
    units = {u["code"]: u for u in v.data["units"]}
    assert units[A]["status"] == "on_time" and units[A]["first_received"] == "2026-12-09"
    assert units[B]["status"] == "late" and units[B]["first_received"] == "2026-12-11"
    assert units[C]["status"] == "overdue"
    assert units[D]["status"] == "on_time" and units[D]["first_received"] == "2026-12-10"  # capped at the import
    assert v.data["counts"] == {"on_time": 2, "late": 1, "overdue": 96} and v.data["sent"] == 3
    assert "Đã nộp 3/99 đơn vị (đúng hạn 2, muộn 1)" in v.summary
    row_b = next(r for r in v.rows if r[0] == B)
    assert row_b[3] == "11/12/2026" and row_b[5] == "11/12/2026 01:00" and row_b[6] == "11/12/2026 08:00"
    assert units[B]["last_sent_at"] == "2026-12-11T01:00:00+07:00"

    # the headless overview: the same definition, the same clock, the same count for the period
    st = received.stats(pdb)
    assert st[B]["sent_at"] == "2026-12-11T01:00:00+07:00" and st[B]["imported_at"] == "2026-12-11T08:00:00+07:00"
    assert st[B]["periods"]["2026"]["status"] == "late" and st[A]["periods"]["2026"]["status"] == "on_time"
    assert st[C]["periods"]["2026-H1"]["status"] == "on_time" and "2026" not in st[C]["periods"]
    assert sum(1 for row in st.values() if "2026" in row.get("periods", {})) == v.data["sent"]


def test_a_received_date_entered_for_a_file_by_post(pdb):
    now = dt.datetime(2026, 12, 20, 3, 0, tzinfo=dt.UTC)
    f = received.set_received_date(pdb, A, 1, dt.date(2026, 12, 11), "công văn đến số 12", now=now)
    assert (f.received_on, f.source) == (dt.date(2026, 12, 11), "clerk")
    v = views.board(pdb, "2026", today=dt.date(2026, 12, 20))
    row = next(r for r in v.rows if r[0] == A)
    assert v.data["counts"]["late"] == 2 and row[2] == "Nộp muộn" and "bưu điện" in row[3]
    assert received.stats(pdb)[A]["periods"]["2026"]["files"][0]["received_note"] == "công văn đến số 12"
    # a date before the commune made the file, after the import, or still to come is refused, nothing stored
    for bad, words in ((dt.date(2026, 12, 8), "trước ngày xã tạo tệp"), (dt.date(2026, 12, 15), "sau ngày Sở nhập"),
                       (dt.date(2026, 12, 21), "chưa đến")):
        with pytest.raises(UserError, match=words):
            received.set_received_date(pdb, A, 1, bad, now=now)
    with pytest.raises(UserError, match="chưa nhận tệp số 7"):
        received.set_received_date(pdb, A, 7, dt.date(2026, 12, 11), now=now)
    assert received.file_times(pdb, commune_code=A)[0].clerk_date == dt.date(2026, 12, 11)
    # a PC clock ahead: the day of the import is the earliest the file can have been sent
    assert received.set_received_date(pdb, D, 1, dt.date(2026, 12, 10), now=now).received_on == dt.date(2026, 12, 10)
    # removed: the signed time counts again
    received.set_received_date(pdb, A, 1, None)
    v = views.board(pdb, "2026", today=dt.date(2026, 12, 20))
    assert next(u for u in v.data["units"] if u["code"] == A)["status"] == "on_time"


def test_the_period_the_board_opens_on():
    assert received.current_period(dt.date(2026, 12, 1)) == "2026"
    assert received.current_period(dt.date(2026, 6, 15)) == "2026-H1"
    assert received.current_period(dt.date(2027, 1, 5)) == "2026"
    assert received.vn_text(dt.datetime(2026, 12, 31, 17, 30)) == "01/01/2027 00:30"


def test_headless_received_and_stats(tmp_path, capsys, new_york):
    """`province received` records the date, `province stats --json` shows it with the +07:00 times."""
    from desktop.__main__ import main
    from desktop.shared.paths import Paths

    paths = Paths(tmp_path / "province")
    paths.ensure()
    db = open_workspace(paths)
    with db.session() as s, s.begin():
        s.add(Workspace(kind="province", unit_code="24", unit_name="Sở Nội vụ tỉnh Bắc Ninh", officer_name="Sở Nội vụ",
                        created_by_version=__version__))
    add_file(db, B, 1, "2025", "2025-12-10T18:00:00Z", dt.datetime(2025, 12, 12, 1, 0))
    db.dispose()
    base = ["--data-dir", str(paths.data_dir), "province"]
    assert main(base + ["received", B, "1", "--date", "2025-12-11", "--note", "bưu điện"]) == 0
    assert "ngày nộp 11/12/2025, theo ngày Sở ghi" in capsys.readouterr().out
    assert main(base + ["received", B, "1", "--date", "11/12/2025"]) == 2
    assert main(base + ["received", B, "1", "--date", "2025-12-01"]) == 1  # before the file was made
    assert "trước ngày xã tạo tệp" in capsys.readouterr().err
    assert main(base + ["stats", "--json"]) == 0
    row = json.loads(capsys.readouterr().out)[B]
    assert (row["sent_at"], row["imported_at"]) == ("2025-12-11T01:00:00+07:00", "2025-12-12T08:00:00+07:00")
    assert (row["received_on"], row["received_source"]) == ("2025-12-11", "clerk")
    assert row["periods"]["2025"]["status"] == "late"


def test_the_report_the_award_file_and_the_statistics_have_their_own_deadlines(pdb):
    """The year's report is due before December (the plan, V.1); the award file by 10/12; the statistics
    by 15/12: a file sent on 05/12 brings the award file on time and the report late."""
    from desktop.app.periods import deadline_of, deadlines

    due = {d.code: d for d in deadlines("2026")}
    assert due["report"].due == dt.date(2026, 11, 30) and "trước tháng 12/2026" in due["report"].source
    assert due["award_file"].due == DEADLINE == deadline_of("2026", "award_file")
    assert due["statistics"].due == dt.date(2026, 12, 15)
    assert deadline_of("2026-H1", "report") == dt.date(2026, 5, 31)
    E = "09265"
    add_file(pdb, E, 1, "2026", "2026-12-05T02:00:00Z", dt.datetime(2026, 12, 5, 9, 0))
    add_file(pdb, "09271", 1, "2026", "2026-11-30T10:00:00Z", dt.datetime(2026, 12, 1, 9, 0))  # 17:00 on 30/11
    stats = received.stats(pdb)
    e = stats[E]["periods"]["2026"]["due"]
    assert e["report"]["status"] == "late" and e["award_file"]["status"] == "on_time"
    assert e["statistics"]["status"] == "on_time" and e["report"]["deadline"] == "2026-11-30"
    assert stats["09271"]["periods"]["2026"]["due"]["report"]["status"] == "on_time"
