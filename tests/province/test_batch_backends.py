"""A batch of files at the province on SQLite and PostgreSQL: the preview of a commune's files as a
series (one transaction rolled back), every attempt recorded, the board's refused commune, a full disk
of the database (SQLITE_FULL, PostgreSQL's disk_full) stopping the batch with nothing half-written."""

from __future__ import annotations

import datetime as dt

import psycopg
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from desktop.app import batch, commune, province
from desktop.app import province_views as views
from desktop.app.workspace import open_workspace
from desktop.bundle.keys import AgeIdentity
from desktop.store.models_bundle import ProvinceAttempt, ProvinceRecord
from tests.province.communes import make_commune

A, B = "09319", "09187"


def _registrations(pdb) -> int:
    with pdb.session() as s:
        return s.scalar(select(func.count()).select_from(ProvinceRecord).where(ProvinceRecord.kind == "registration"))


def test_series_preview_attempts_board_and_full_disk(province_paths, backend, tmp_path, monkeypatch):
    pdb = open_workspace(province_paths)
    try:
        province.init_province(pdb, province_paths)
        cp, cdb = make_commune(tmp_path, A, 6, province.public_key_file(province_paths))
        province.enrol(pdb, commune.enrol_request(cdb, cp))
        f1 = commune.export(cdb, cp, tmp_path / "usb", "2026").path
        with cdb.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE registration SET deleted_at = '2026-06-01 08:00:00'")
        f2 = commune.export(cdb, cp, tmp_path / "usb", "2026").path
        cdb.dispose()
        bad = tmp_path / "usb" / f"ThiDua_{B}_PhuongKinhBac_2026_so0001.tdkt"
        bad.write_bytes(b"not a data file")
        identity = AgeIdentity.load(province.keys_dir(province_paths) / province.IDENTITY_FILE)

        report = batch.run_batch(pdb, province_paths, [f2, bad, f1], identity=identity, dry_run=True)
        assert [(o.name, o.status) for o in report.outcomes] == [(f1.name, "preview"), (bad.name, "refused"),
                                                                  (f2.name, "preview")]
        withdrawn = report.outcomes[2].result.changes["registration"]["removed"]
        assert withdrawn > 0 and _registrations(pdb) == 0  # the series was rolled back

        real, calls = province._apply, []

        def apply(conn, *args, **kw):
            calls.append(1)
            real(conn, *args, **kw)
            if len(calls) == 2:
                orig = (psycopg.errors.DiskFull("could not extend file: No space left on device")
                        if backend == "postgresql" else __import__("sqlite3").OperationalError("database or disk is full"))
                raise OperationalError("INSERT …", {}, orig)

        monkeypatch.setattr(province, "_apply", apply)
        report = batch.run_batch(pdb, province_paths, [f2, f1], identity=identity)
        monkeypatch.undo()
        assert [(o.name, o.status, o.code) for o in report.outcomes] == [(f1.name, "accepted", ""),
                                                                          (f2.name, "refused", "disk_full")]
        place = "máy chủ cơ sở dữ liệu 127.0.0.1" if backend == "postgresql" else f"thư mục {pdb.path.parent}"
        assert report.disk_full == [province.DISK_FULL.format(place=place)]
        assert province.stats(pdb)[A]["last_sequence"] == 1  # file 2 not half-written
        registrations_of_file_1 = _registrations(pdb)
        assert registrations_of_file_1 >= withdrawn

        report = batch.run_batch(pdb, province_paths, [f2], identity=identity)  # after space was freed
        assert report.outcomes[0].status == "accepted"
        assert _registrations(pdb) == registrations_of_file_1 - withdrawn
        with pdb.session() as s:
            rows = s.execute(select(ProvinceAttempt.file_name, ProvinceAttempt.outcome, ProvinceAttempt.reason_code,
                                    ProvinceAttempt.preview, ProvinceAttempt.commune_code)
                             .order_by(ProvinceAttempt.id)).all()
        assert [tuple(r) for r in rows] == [(bad.name, "refused", "bad_magic", True, B),
                                            (f1.name, "accepted", "", False, A),
                                            (f2.name, "refused", "disk_full", False, A),
                                            (f2.name, "accepted", "", False, A)]
        units = {u["code"]: u for u in views.board(pdb, "2026", dt.date(2026, 12, 10)).data["units"]}
        assert units[B]["status"] == "refused" and units[B]["refused"]["code"] == "bad_magic"
        assert units[A]["refused"] is None
    finally:
        pdb.dispose()
