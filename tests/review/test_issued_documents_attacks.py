"""An attacker's and a stranger's look at the commune's issued documents: two issues at once, two
changes of one act at once, numbers and ids out of any range. Each case here failed before its fix."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import func, select

from desktop.__main__ import main
from desktop.app import issuing, issuing_docs
from desktop.app.issuing_review import supersede
from desktop.shared.errors import UserError
from desktop.store.models_reports import IssuedDocument

ON = dt.date(2026, 12, 5)


def _cli(paths, *args) -> int:
    return main(["--data-dir", str(paths.data_dir), *args])


def _at_once(monkeypatch, module, name: str, work, n: int = 2) -> list:
    """Run ``work`` in ``n`` threads that all pass ``module.name`` (their reading) before any goes on."""
    barrier = threading.Barrier(n, timeout=30)
    real = getattr(module, name)

    def slow(*a, **k):
        got = real(*a, **k)
        barrier.wait()
        return got

    monkeypatch.setattr(module, name, slow)
    results: list = []

    def run() -> None:
        try:
            results.append(work())
        except Exception as exc:  # noqa: BLE001 - the test reports what each got
            results.append(exc)

    threads = [threading.Thread(target=run) for _ in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    monkeypatch.setattr(module, name, real)
    return results


def _count(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(IssuedDocument))


def test_two_reports_issued_at_once_get_two_numbers(workspace, monkeypatch):
    from desktop.app import sources

    got = _at_once(monkeypatch, sources, "movement_report",
                   lambda: issuing_docs.issue_report(workspace, 2026, "Y", ON, "Nguyễn Thị Hoa"))
    assert all(isinstance(r, issuing.IssuedInfo) for r in got), got
    assert sorted(r.number for r in got) == [1, 2]


def test_one_act_replaced_twice_at_once_is_replaced_once(workspace, monkeypatch):
    first = issuing_docs.issue_report(workspace, 2026, "Y", ON, "Nguyễn Thị Hoa")
    got = _at_once(monkeypatch, issuing, "check_change",
                   lambda: supersede(workspace, first.id, "thay_the", "Số liệu sai", "Nguyễn Thị Hoa", on=ON))
    made = [r for r in got if isinstance(r, issuing.IssuedInfo)]
    refused = [r for r in got if not isinstance(r, issuing.IssuedInfo)]
    assert len(made) == 1 and len(refused) == 1, got
    assert isinstance(refused[0], UserError) and "hết hiệu lực" in refused[0].message
    assert _count(workspace) == 2


@pytest.mark.parametrize("number", ["99999999999999999999", "10000000"])
def test_a_number_out_of_any_register_is_refused(workspace, paths, capsys, number):
    code = _cli(paths, "documents", "issue", "report", "--year", "2026", "--date", ON.isoformat(),
                "--number", number)
    err = capsys.readouterr().err
    assert code in (1, 2) and "Số" in err and "Traceback" not in err
    assert _count(workspace) == 0


@pytest.mark.parametrize("cmd", [["documents", "show", "99999999999999999999"],
                                 ["documents", "supersede", "99999999999999999999", "--change", "thay_the",
                                  "--reason", "r"],
                                 ["documents", "show", "-3"]])
def test_an_id_out_of_range_is_named_not_a_crash(workspace, paths, capsys, cmd):
    code = _cli(paths, *cmd)
    err = capsys.readouterr().err
    assert code in (1, 2) and "Traceback" not in err and ("Không có văn bản" in err or "mã" in err.lower()), err
