"""The province plan shipped as data: five areas, fifteen targets, source text kept verbatim."""

from __future__ import annotations

import json

import pytest

from desktop.core.plan import default_plan, load_plan
from desktop.shared.paths import resources_dir


@pytest.fixture(scope="module")
def plan():
    return default_plan()


def test_five_areas_with_sub_areas_under_their_own_code(plan):
    assert [a.code for a in plan.areas] == ["1.1", "1.2", "1.3", "1.4", "1.5"]
    for area in plan.areas:
        assert area.name
        assert area.sub_areas, f"area {area.code} has no sub-areas"
        for sub in area.sub_areas:
            assert sub.code.startswith(area.code + "."), sub.code
            assert plan.sub_area(sub.code) == sub


def test_economy_sub_areas_mention_the_reform_indices(plan):
    economy = plan.area("1.1")
    text = " ".join(s.name + " " + s.note for s in economy.sub_areas)
    for index in ("PCI", "PAR INDEX", "PAPI", "SIPAS"):
        assert index in text


def test_fifteen_targets_numbered_1_to_15(plan):
    assert [t.code for t in plan.targets] == list(range(1, 16))
    assert all(t.text and t.short for t in plan.targets)


def test_target_2_is_kept_verbatim_and_flagged(plan):
    t2 = plan.target(2)
    assert "8.700 - 8.200 USD" in t2.text  # the source's reversed range, not "fixed"
    assert t2.low == "8700" and t2.high == "8200"
    assert t2.flagged
    assert t2.note  # says why, for the officer


def test_only_target_2_is_flagged(plan):
    assert [t.code for t in plan.targets if t.flagged] == [2]


def test_target_1_growth_range(plan):
    t1 = plan.target(1)
    assert (t1.low, t1.high) == ("11", "12")
    assert "12,5 - 13%" in t1.text


def test_periods_interim_and_year(plan):
    assert plan.period_name("H1") == "Sơ kết 6 tháng"
    assert plan.period_name("Y") == "Tổng kết năm"


def test_unknown_lookups_return_none(plan):
    assert plan.area("9.9") is None
    assert plan.target(16) is None
    assert plan.sub_area("1.1.99") is None


def test_duplicate_target_codes_are_refused(tmp_path):
    src = resources_dir() / "plan"
    (tmp_path / "areas.json").write_text((src / "areas.json").read_text(encoding="utf-8"), encoding="utf-8")
    doc = json.loads((src / "targets.json").read_text(encoding="utf-8"))
    doc["targets"].append(dict(doc["targets"][0]))
    (tmp_path / "targets.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValueError, match="duplicate"):
        load_plan(tmp_path)
