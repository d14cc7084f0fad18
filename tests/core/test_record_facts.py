"""The checks on the facts the rules need (desktop/core/record_facts.py): hiring date against the birth
date and today, a collective's status with its end date and merger (itself, an ended target, a cycle),
registrations after a collective ended, and the links kept or refused."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core import record_facts
from desktop.core.records import Records
from desktop.shared.errors import ValidationError


@pytest.fixture
def rec(workspace) -> Records:
    return Records(workspace.session, "Nguyễn Thị Hoa")


def _errors(fn, *args, **kw) -> dict[str, str]:
    with pytest.raises(ValidationError) as exc:
        fn(*args, **kw)
    return exc.value.errors


def _set(rec, cid, **values):
    rec.update("collective", cid, {**rec.get("collective", cid), **values}, accept_warnings=True)


def test_hiring_date(rec):
    base = {"full_name": "Phạm Văn An", "sex": "nam", "category": "cong_chuc", "birth_date": "29/02/2000"}
    assert record_facts.min_hiring_age() == 15
    # 15th birthday of someone born on 29 February: 1 March (no 29 February in 2015)
    assert "chưa đủ 15 tuổi" in _errors(rec.create, "person", {**base, "hired_on": "28/02/2015"})["hired_on"]
    pid = rec.create("person", {**base, "hired_on": "01/03/2015"})
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    err = _errors(rec.update, "person", pid, {**rec.get("person", pid), "hired_on": f"{tomorrow:%d/%m/%Y}"})
    assert "ở tương lai" in err["hired_on"]
    # no birth date: only the future is refused
    rec.create("person", {**base, "birth_date": "", "hired_on": "01/01/1990"})


def test_collective_status_end_date_and_merger(rec):
    a = rec.create("collective", {"name": "Trường Tiểu học Hoa Sen", "kind": "truong_hoc"})
    b = rec.create("collective", {"name": "Trường Tiểu học Hoa Mai", "kind": "truong_hoc"})
    c = rec.create("collective", {"name": "Trường Tiểu học Hoa Đào", "kind": "truong_hoc"})
    assert rec.get("collective", a)["status"] == "active"              # not given: active
    assert "phải nhập ngày" in _errors(_set, rec, b, status="dissolved")["ended_on"]
    assert "để trống ngày" in _errors(_set, rec, b, ended_on="01/07/2025")["ended_on"]
    assert "Chỉ ghi" in _errors(_set, rec, b, status="dissolved", ended_on="01/07/2025",
                                merged_into_id=a)["merged_into_id"]
    assert "chính nó" in _errors(_set, rec, b, status="merged", ended_on="01/07/2025",
                                 merged_into_id=b)["merged_into_id"]
    assert "không có trong danh sách" in _errors(_set, rec, b, status="closed")["status"]
    future = dt.date.today() + dt.timedelta(days=3)
    assert "ở tương lai" in _errors(_set, rec, b, status="dissolved", ended_on=f"{future:%d/%m/%Y}")["ended_on"]
    # a registration for 2026 stands in the way of ending it in 2025
    rec.create("registration", {"subject": ("collective", b), "year": 2026, "title_code": "TTLDTT"})
    assert "năm 2026" in _errors(_set, rec, b, status="merged", ended_on="01/07/2025", merged_into_id=a)["ended_on"]
    _set(rec, b, status="merged", ended_on="01/01/2026", merged_into_id=a)
    # an ended collective cannot receive a merger; registrations after it ended are refused
    err = _errors(_set, rec, c, status="merged", ended_on="01/07/2026", merged_into_id=b)["merged_into_id"]
    assert "đã sáp nhập vào “Trường Tiểu học Hoa Sen” từ ngày 01/01/2026" in err
    assert "chỉ đến năm 2026" in _errors(rec.create, "registration", {
        "subject": ("collective", b), "year": 2027, "title_code": "TTLDTT"})["year"]


def test_a_cycle_through_an_old_link_is_refused(rec, workspace):
    a = rec.create("collective", {"name": "Hội A", "kind": "doan_the"})
    b = rec.create("collective", {"name": "Hội B", "kind": "doan_the"})
    _set(rec, b, status="merged", ended_on="01/07/2025", merged_into_id=a)
    # A later merged into B would close a circle (B is ended, so it is refused as an ended target too)
    err = _errors(_set, rec, a, status="merged", ended_on="01/08/2025", merged_into_id=b)["merged_into_id"]
    assert "không chọn được nữa" in err
    # a circle already in the data (an older file, an edit elsewhere) is still seen when the link stays
    from desktop.store.models import Collective

    with workspace.session() as s, s.begin():
        s.get(Collective, a).merged_into_id = b
        s.get(Collective, a).status = "merged"
        s.get(Collective, a).ended_on = dt.date(2025, 8, 1)
    err = _errors(rec.update, "collective", a, {**rec.get("collective", a), "note": "x"})["merged_into_id"]
    assert "vòng tròn" in err


def test_links_to_an_ended_collective(rec):
    v = rec.create("collective", {"name": "Thôn Lũng", "kind": "thon"})
    hh = rec.create("household", {"head_name": "Nguyễn Văn Ba", "village_id": v})
    p = rec.create("person", {"full_name": "Nguyễn Văn Ba", "sex": "nam", "category": "nhan_dan",
                              "collective_id": v, "household_id": hh})
    with pytest.raises(ValidationError) as exc:
        rec.update("collective", v, {**rec.get("collective", v), "status": "dissolved", "ended_on": "30/06/2025"})
    assert "Còn 1 người và 1 hộ gia đình" in exc.value.warnings["status"]
    _set(rec, v, status="dissolved", ended_on="30/06/2025")
    # existing links stay; new ones are refused
    rec.update("household", hh, {**rec.get("household", hh), "members": 4})
    rec.update("person", p, {**rec.get("person", p), "position": "Nông dân"})
    assert "đã giải thể từ ngày 30/06/2025" in _errors(rec.create, "household", {
        "head_name": "Lê Văn Tư", "village_id": v})["village_id"]
    assert "không chọn được nữa" in _errors(rec.create, "person", {
        "full_name": "Lê Văn Tư", "sex": "nam", "category": "nhan_dan", "collective_id": v})["collective_id"]
    # a person's registration is never refused because their village ended
    rec.create("registration", {"subject": ("person", p), "year": 2026, "title_code": "LDTT"})
    assert rec.label_of("collective", v) == "Thôn Lũng (đã giải thể)"
    assert rec.list_rows("collective", "giai the")[0][0] == v
