"""The facts added after format version 3 (a person's hiring date, home town, residence, qualification;
a collective's status, end date and merger) stay at the commune: a version-3 reader refuses a member it
does not know (docs/bundle-format.md §3), so the records travel exactly as before."""

from __future__ import annotations

import pytest

from desktop.bundle.errors import BundleRefused
from desktop.bundle.records_codec import MEMBER_REFERENCES, check_record, export_kind
from desktop.core.records import Records

KEPT = {"person": {"hired_on", "home_town", "residence", "qualification"},
        "collective": {"status", "ended_on", "merged_into_id"}}


def test_new_facts_do_not_travel(workspace):
    rec = Records(workspace.session)
    a = rec.create("collective", {"name": "Trường Mầm non Hoa Sen", "kind": "truong_hoc"})
    b = rec.create("collective", {"name": "Trường Mầm non Hoa Mai", "kind": "truong_hoc"})
    rec.update("collective", b, {**rec.get("collective", b), "status": "merged", "ended_on": "01/07/2025",
                                 "merged_into_id": a})
    rec.create("person", {"full_name": "Nguyễn Văn Tùng", "sex": "nam", "category": "cong_chuc",
                          "birth_date": "05/12/1990", "hired_on": "01/09/2012", "qualification": "Đại học Luật",
                          "home_town": "xã Tiên Du", "residence": "Thôn Đông", "collective_id": a})
    with workspace.session() as s:
        for kind, kept in KEPT.items():
            records = list(export_kind(s, "09319", kind))
            assert records
            for line, r in enumerate(records, start=1):
                assert not kept & set(r), (kind, r)
                check_record(kind, r, line, "09319")
            wrong = {**records[0], sorted(kept)[0]: None}   # refused, as a version-3 reader would
            with pytest.raises(BundleRefused, match="trường lạ"):
                check_record(kind, wrong, 1, "09319")
    assert ("collective", "merged_into_id") not in MEMBER_REFERENCES
