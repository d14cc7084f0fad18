"""Indicator values ("Kế hoạch", "Thực hiện") are numbers: the record rules, stored canonically, and the
province's verifier of incoming records refusing a file that carries anything else."""

from __future__ import annotations

import pytest

from desktop.bundle.errors import BundleRefused
from desktop.bundle.records_codec import check_record, export_kind
from desktop.core.plan import default_plan
from desktop.core.records import Records
from desktop.shared.errors import ValidationError


def indicator(**over) -> dict:
    base = {"year": 2026, "target_code": "3", "period": "Y", "name": "Tỷ lệ lao động qua đào tạo", "unit": "%",
            "target_value": "80", "actual_value": "", "note": ""}
    base.update(over)
    return base


@pytest.fixture
def rec(workspace) -> Records:
    return Records(workspace.session, "Nguyễn Thị Hoa")


def test_plan_marks_the_targets_stated_as_ranges():
    plan = default_plan()
    assert [t.code for t in plan.targets if t.range_allowed] == [1, 2, 4, 5]
    assert "35 - 40%" in plan.target(4).range_source
    assert plan.range_allowed("4") and not plan.range_allowed(3) and not plan.range_allowed("x")


def test_values_stored_canonically(rec):
    rid = rec.create("indicator", indicator(target_value="1234,50", actual_value="12,5"))
    got = rec.get("indicator", rid)
    assert (got["target_value"], got["actual_value"]) == ("1.234,5", "12,5")
    rid = rec.create("indicator", indicator(target_code="4", target_value="35–40", actual_value="37"))
    assert rec.get("indicator", rid)["target_value"] == "35 - 40"


def test_what_was_done_is_one_figure_even_under_a_target_with_a_range(rec):
    with pytest.raises(ValidationError) as e:
        rec.create("indicator", indicator(target_code="4", target_value="35 - 40", actual_value="36 - 38"))
    msg = e.value.errors["actual_value"]
    assert "chỉ ghi một số" in msg and msg.count("Hãy nhập một số") == 1, msg


REFUSED = [
    ("target_value", "abc", "không phải là số"),
    ("actual_value", "12.5", "dấu phẩy"),
    ("actual_value", "12.5.3", "dấu phẩy"),
    ("target_value", "35 - 40", "chỉ ghi một số"),    # target 3 is a single figure in the plan
    ("target_value", "45%", "Đơn vị tính"),
]


def test_refused_with_what_is_allowed(rec):
    for field, value, needle in REFUSED:
        with pytest.raises(ValidationError) as e:
            rec.create("indicator", indicator(**{field: value}))
        msg = e.value.errors[field]
        assert needle in msg and ("12,5" in msg or "35 - 40" in msg), msg
    assert rec.count("indicator") == 0


def _exported(workspace, rec, **over) -> dict:
    rec.create("indicator", indicator(**over))
    with workspace.session() as s:
        return next(export_kind(s, "09319", "indicator"))


def test_province_refuses_a_non_number_value(workspace, rec):
    r = _exported(workspace, rec)
    check_record("indicator", r, 1, "09319")          # what the commune wrote passes
    for bad in ("abc", "12.5", "35 - 40"):
        r["actual_value"] = bad                        # a file edited by hand, or written by an old version
        with pytest.raises(BundleRefused) as e:
            check_record("indicator", r, 1, "09319")
        assert e.value.code == "bad_field"
        assert "Thực hiện" in e.value.message and "không hợp lệ" in e.value.message
        assert f"“{bad}”" in e.value.message


def test_province_accepts_a_range_where_the_plan_has_one(workspace, rec):
    r = _exported(workspace, rec, target_code="4", target_value="35 - 40")
    assert r["target_value"] == "35 - 40"
    check_record("indicator", r, 1, "09319")
    r["target_code"] = 3
    with pytest.raises(BundleRefused):
        check_record("indicator", r, 1, "09319")
