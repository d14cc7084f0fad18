"""The procedure's data and rules at their boundaries: the list posted 9 days is refused, 10 days is
enough; the village review finished on 25/11 passes and on 26/11 is refused with the deadline; the
decision 10 days after the complete file passes silently and 11 days warns; a malformed data file is
refused naming the entry; a deleted, merged or non-village collective cannot open a round."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from desktop.core import culture as rules
from desktop.shared.errors import UserError


@pytest.fixture(scope="module")
def proc():
    return rules.load_procedure()


def test_the_data_holds_every_number_with_its_source(proc):
    g, t = proc.title("GDVH"), proc.title("THON_VH")
    assert (g.posting.days, g.decision_within.days, (g.review_by.day, g.review_by.month)) == (10, 10, (25, 11))
    assert [f.code for f in g.forms] == ["03", "10"] and [f.code for f in t.forms] == ["04", "05", "06"]
    assert t.posting.days == 10 and t.review_by is None
    for title in (g, t):
        assert "86/2023" in title.posting.source and "86/2023" in title.decision_within.source
        assert len(title.criteria) >= 3 and all("86/2023" in c.source for c in title.criteria)
    assert g.form("03").note  # the form number was not seen in an official text: said in the data
    assert "unverified" in g.form("03").note.lower()


def test_posting_nine_days_is_refused_ten_is_enough(proc):
    g = proc.title("GDVH")
    start = dt.date(2026, 11, 2)
    assert rules.posted_until(g, start) == dt.date(2026, 11, 11)
    with pytest.raises(UserError) as e:
        rules.check_posted_long_enough(g, start, dt.date(2026, 11, 11))
    assert "mới niêm yết 9 ngày" in e.value.message and "12/11/2026" in e.value.message
    rules.check_posted_long_enough(g, start, dt.date(2026, 11, 12))


def test_review_by_25_november_26_is_refused_with_the_deadline(proc):
    g = proc.title("GDVH")
    assert rules.check_review_deadline(g, 2026, dt.date(2026, 11, 25)) == ""
    with pytest.raises(UserError) as e:
        rules.check_review_deadline(g, 2026, dt.date(2026, 11, 26))
    assert "25/11/2026" in e.value.message


def test_review_deadline_only_warns_when_the_data_says_so(proc):
    g = proc.title("GDVH")
    warn = rules.CultureTitle(**{**g.__dict__, "review_by": rules.Deadline(25, 11, "warn", "test")})
    assert "25/11/2026" in rules.check_review_deadline(warn, 2026, dt.date(2026, 11, 26))


def test_decision_within_ten_days_of_the_complete_file(proc):
    g = proc.title("GDVH")
    complete = dt.date(2026, 11, 20)
    assert rules.decision_warning(g, complete, dt.date(2026, 11, 30)) == ""
    late = rules.decision_warning(g, complete, dt.date(2026, 12, 1))
    assert "muộn hơn 10 ngày" in late and "30/11/2026" in late
    with pytest.raises(UserError):
        rules.decision_warning(g, complete, dt.date(2026, 11, 19))


def _write(tmp_path, doc) -> str:
    p = tmp_path / "procedure.json"
    p.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return str(p)


def test_a_malformed_file_is_refused_naming_the_entry(tmp_path):
    good = json.loads(rules.default_path().read_text(encoding="utf-8"))
    bad = copy.deepcopy(good)
    bad["titles"]["GDVH"]["posting_days"]["value"] = "mười"
    del bad["titles"]["THON_VH"]["forms"][0]["source"]
    with pytest.raises(rules.ProcedureError) as e:
        rules.load_procedure(_write(tmp_path, bad))
    assert "titles.GDVH.posting_days.value" in e.value.message
    assert "titles.THON_VH.forms[1].source" in e.value.message
    missing = copy.deepcopy(good)
    del missing["titles"]["THON_VH"]
    with pytest.raises(rules.ProcedureError, match="titles.THON_VH"):
        rules.load_procedure(_write(tmp_path, missing))
    (tmp_path / "procedure.json").write_text("{", encoding="utf-8")
    with pytest.raises(rules.ProcedureError, match="JSON"):
        rules.load_procedure(tmp_path / "procedure.json")


def test_villages_deleted_merged_or_not_villages_are_refused():
    on = dt.date(2026, 1, 1)
    rules.check_village(rules.VillageFacts(1, "Thôn A", "thon", False, "active", None), on)
    with pytest.raises(UserError, match="thùng rác"):
        rules.check_village(rules.VillageFacts(1, "Thôn A", "thon", True, "active", None), on)
    with pytest.raises(UserError, match="sáp nhập từ ngày 01/07/2025"):
        rules.check_village(rules.VillageFacts(1, "TDP 5", "to_dan_pho", False, "merged", dt.date(2025, 7, 1)), on)
    with pytest.raises(UserError, match="không phải thôn"):
        rules.check_village(rules.VillageFacts(1, "Trường", "truong_hoc", False, "active", None), on)
