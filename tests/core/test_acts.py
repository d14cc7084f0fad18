"""The legal frame as data (resources/documents): the texts each act cites and who signs it."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from desktop.core import acts
from desktop.shared.errors import UserError
from desktop.shared.paths import resources_dir


def test_the_award_decision_cites_each_text_in_full():
    lines = acts.frame().bases("award_decision", dt.date(2026, 12, 15))
    assert lines[0] == "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025;"
    assert ("Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân cấp, "
            "phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn thi hành một số điều của "
            "Luật Thi đua, khen thưởng;") in lines
    assert ("Căn cứ Quyết định số 86/2025/QĐ-UBND ngày 03 tháng 12 năm 2025 của Ủy ban nhân dân tỉnh Bắc Ninh ban "
            "hành Quy định về công tác thi đua, khen thưởng tỉnh Bắc Ninh;") in lines


def test_a_text_not_yet_in_force_is_not_cited():
    # Bắc Ninh's 86/2025 is in force from 15/12/2025: a decision signed on 10/12/2025 does not cite it
    before = acts.frame().bases("award_decision", dt.date(2025, 12, 10))
    assert not any("86/2025/QĐ-UBND" in x for x in before)
    assert any("86/2025/QĐ-UBND" in x for x in acts.frame().bases("award_decision", dt.date(2025, 12, 15)))


def test_cultural_titles_cite_decree_86_2023():
    lines = acts.frame().bases("culture_decision", dt.date(2026, 12, 1))
    assert any(x.startswith("Căn cứ Nghị định số 86/2023/NĐ-CP ngày 07 tháng 12 năm 2023 của Chính phủ") for x in lines)
    assert not any("152/2025" in x for x in lines)


@pytest.mark.parametrize("act, prefix, title, ok", [
    ("decision", "", "Chủ tịch", True),
    ("decision", "KT.", "Phó Chủ tịch", True),
    ("decision", "TM.", "Chủ tịch", False),     # the chairman's own competence: never TM.
    ("decision", "KT.", "Chủ tịch", False),     # KT. is the vice-chairman signing for him
    ("decision", "", "Phó Chủ tịch", False),
    ("decision", "TL.", "Chánh Văn phòng", False),
    ("proposal", "TM.", "Chủ tịch", True),
    ("proposal", "KT.", "Phó Chủ tịch", True),
    ("proposal", "", "Chủ tịch", False),
])
def test_who_signs_what(act, prefix, title, ok):
    assert (acts.prefix_problem(act, prefix, title) is None) is ok


def test_signature_lines():
    assert acts.signature_lines("decision", "", "Chủ tịch") == ([], "CHỦ TỊCH")
    assert acts.signature_lines("decision", "KT.", "Phó Chủ tịch") == (["KT. CHỦ TỊCH"], "PHÓ CHỦ TỊCH")
    assert acts.signature_lines("proposal", "TM.", "Chủ tịch") == (["TM. ỦY BAN NHÂN DÂN"], "CHỦ TỊCH")
    assert acts.signature_lines("proposal", "KT.", "Phó Chủ tịch") == (
        ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"], "PHÓ CHỦ TỊCH")
    assert acts.resolve_prefix("decision", None) == "" and acts.resolve_prefix("proposal", None) == "TM."
    assert acts.effective_prefix("repeal", "TM.") == ""  # an older act signed TM., repealed by the chairman


def test_a_malformed_file_is_refused_naming_the_entry(tmp_path):
    folder = tmp_path / "documents"
    shutil.copytree(resources_dir() / "documents", folder)
    data = json.loads((folder / acts.BASES_FILE).read_text(encoding="utf-8"))
    data["acts"]["proposal"]["cites"].append("nd_khong_co")
    (folder / acts.BASES_FILE).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(UserError, match="acts.proposal.cites: không có văn bản nd_khong_co"):
        acts.load(folder)
    data = json.loads((resources_dir() / "documents" / acts.SIGNING_FILE).read_text(encoding="utf-8"))
    data["acts"]["decision"]["default"] = "TUQ."
    (folder / acts.SIGNING_FILE).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (folder / acts.BASES_FILE).write_text((resources_dir() / "documents" / acts.BASES_FILE).read_text("utf-8"), "utf-8")
    with pytest.raises(UserError, match="acts.decision.default"):
        acts.load(folder)
