"""Deleting a subject takes the records about it to the recycle bin and restoring it brings exactly
those back; a unit, village or household still named by live records cannot be deleted; the data file
never carries a live record about a deleted subject."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.bundle.records_codec import export_kind
from desktop.core.records import Records
from desktop.shared.errors import UserError, ValidationError
from desktop.store.models import Person, Registration

OFFICER = "Nguyễn Thị Hoa"


@pytest.fixture
def rec(workspace) -> Records:
    return Records(workspace.session, OFFICER)


def _live(rec: Records, kind: str) -> list[int]:
    return sorted(r[0] for r in rec.list_rows(kind))


def _binned(rec: Records, kind: str) -> list[int]:
    return sorted(r[0] for r in rec.list_rows(kind, deleted=True))


@pytest.fixture
def hoa(rec):
    """A person with a rating, two registrations, an achievement and an initiative."""
    pid = rec.create("person", {"full_name": "Trần Thị Hoa", "sex": "nu", "category": "nhan_dan"})
    ids = {
        "rating": [rec.create("rating", {"subject": ("person", pid), "year": 2025, "rating": "tot"})],
        "registration": [rec.create("registration", {"subject": ("person", pid), "year": y, "title_code": "LDTT"})
                         for y in (2025, 2026)],
        "achievement": [rec.create("achievement", {"subject": ("person", pid), "year": 2025, "area_code": "1.1",
                                                   "description": "Hoàn thành xuất sắc nhiệm vụ"})],
        "initiative": [rec.create("initiative", {"person_id": pid, "kind": "sang_kien", "title": "Sổ tay số",
                                                 "year": 2025, "scope": "co_so"})],
    }
    return pid, ids


def test_delete_moves_dependants_and_restore_brings_them_back(rec, hoa):
    pid, ids = hoa
    other = rec.create("person", {"full_name": "Lê Văn Nam", "sex": "nam", "category": "nhan_dan"})
    keep = rec.create("registration", {"subject": ("person", other), "year": 2026, "title_code": "LDTT"})
    impact = rec.delete_impact("person", pid)
    assert impact.members == {}
    assert impact.dependants == {k: len(v) for k, v in ids.items()}

    assert rec.delete("person", pid) == {k: len(v) for k, v in ids.items()}
    for kind, these in ids.items():
        assert not set(these) & set(_live(rec, kind)), kind
        assert set(these) <= set(_binned(rec, kind)), kind
    assert _live(rec, "registration") == [keep]  # another person's record stays

    # a record about a person in the bin cannot come back on its own
    with pytest.raises(ValidationError) as ei:
        rec.restore("registration", ids["registration"][0])
    assert "thùng rác" in ei.value.message and "Trần Thị Hoa" in ei.value.message

    assert rec.restore("person", pid) == {k: len(v) for k, v in ids.items()}
    for kind, these in ids.items():
        assert set(these) <= set(_live(rec, kind)), kind
        assert _binned(rec, kind) == [], kind
    actions = [h.action for h in rec.history("registration", ids["registration"][0])]
    assert actions[-2:] == ["Xóa (chuyển vào thùng rác)", "Khôi phục từ thùng rác"]


def test_restore_brings_back_only_what_left_with_the_subject(rec, hoa):
    pid, ids = hoa
    alone = ids["registration"][0]
    rec.delete("registration", alone)          # deleted on its own first
    assert rec.delete("person", pid)["registration"] == 1
    rec.restore("person", pid)
    assert alone in _binned(rec, "registration")
    assert ids["registration"][1] in _live(rec, "registration")
    rec.restore("registration", alone)         # and it can come back on its own now
    assert _binned(rec, "registration") == []


def test_a_unit_with_members_cannot_be_deleted(workspace, rec):
    village = rec.create("collective", {"name": "Thôn Đông", "kind": "thon"})
    pid = rec.create("person", {"full_name": "Trần Thị Hoa", "sex": "nu", "category": "nhan_dan",
                                "collective_id": village})
    rec.create("household", {"head_name": "Trần Văn Hải", "village_id": village})
    rec.create("household", {"head_name": "Lê Văn Nam", "village_id": village})
    assert rec.delete_impact("collective", village).members == {"person": 1, "household": 2}
    with pytest.raises(UserError) as ei:
        rec.delete("collective", village)
    msg = ei.value.message
    assert "Thôn Đông" in msg and "– 1 cá nhân" in msg and "– 2 hộ gia đình" in msg
    assert village in _live(rec, "collective")   # nothing moved
    # once nobody names it, it goes, with its own records
    rec.update("person", pid, {**rec.get("person", pid), "collective_id": None})
    for hid in _live(rec, "household"):
        rec.delete("household", hid)
    reg = rec.create("registration", {"subject": ("collective", village), "year": 2026, "title_code": "TTLDTT"})
    assert rec.delete("collective", village) == {"registration": 1}
    assert reg in _binned(rec, "registration")


def test_export_leaves_out_records_about_a_deleted_subject(workspace, rec, hoa):
    """Older data (deleted before the cascade) may hold live records about a deleted person: the file
    to the province does not carry them as live, and a person's unit in the bin is written as null."""
    pid, ids = hoa
    unit = rec.create("collective", {"name": "Trường Tiểu học", "kind": "truong_hoc"})
    nam = rec.create("person", {"full_name": "Lê Văn Nam", "sex": "nam", "category": "nhan_dan", "collective_id": unit})
    with workspace.session() as s, s.begin():  # the old way: only the subject's row stamped
        for model, rid in ((Person, pid),):
            s.get(model, rid).deleted_at = s.scalar(select(Registration.created_at).limit(1))
        from desktop.store.models import Collective

        s.get(Collective, unit).deleted_at = s.get(Person, nam).created_at
    with workspace.session() as s:
        regs = list(export_kind(s, "09319", "registration"))
        inits = list(export_kind(s, "09319", "initiative"))
        people = {r["uid"]: r for r in export_kind(s, "09319", "person")}
    assert regs == [] and inits == []
    assert f"09319:person:{pid}" not in people
    assert people[f"09319:person:{nam}"]["collective_id"] is None
