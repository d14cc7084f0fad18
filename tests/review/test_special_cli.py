"""The headless commands: ``khen-thuong dot-xuat|chuyen-de|thanh-tich`` and ``plan launch``."""

from __future__ import annotations

import json

from desktop.__main__ import main

from .conftest import YEAR


def _cli(paths, capsys, *args) -> tuple[int, str, str]:
    code = main(["--data-dir", str(paths.data_dir), *[str(a) for a in args]])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_award_then_list_then_refuse_the_same_achievement(commune, paths, capsys, tmp_path):
    p = commune.person("Đỗ Văn Hùng")
    ach = commune.achievement(("person", p))
    code, out, err = _cli(paths, capsys, "khen-thuong", "dot-xuat", "--theme", "cứu người đuối nước",
                          "--award", f"person:{p}={ach}", "--date", f"20/09/{YEAR}", "--signer", "Lê Văn Minh",
                          "--json")
    assert code == 0, err
    doc = json.loads(out)["document"]
    assert doc["number_text"] == "01/QĐ-UBND" and doc["title"] == "Về việc khen thưởng đột xuất: cứu người đuối nước"
    code, out, err = _cli(paths, capsys, "khen-thuong", "thanh-tich", f"person:{p}")
    assert code == 0 and "đã khen: Quyết định 01/QĐ-UBND" in out
    code, out, err = _cli(paths, capsys, "khen-thuong", "chuyen-de", "--theme", "Dân vận khéo",
                          "--award", f"person:{p}={ach}", "--signer", "Lê Văn Minh")
    assert code == 1 and "một thành tích chỉ khen một hình thức" in err
    code, out, err = _cli(paths, capsys, "khen-thuong", "chuyen-de", "--theme", "Dân vận khéo",
                          "--award", f"person:{p}", "--signer", "Lê Văn Minh")
    assert code == 1 and "person:12=5,6" in err
    code, out, err = _cli(paths, capsys, "print", doc["id"], "--out", tmp_path / "qd.pdf")
    assert code == 0, err


def test_plan_launch_issues_the_plan(commune, paths, capsys):
    code, out, err = _cli(paths, capsys, "plan", "launch", "--year", YEAR, "--date", f"10/02/{YEAR}",
                          "--deadline", f"28/02/{YEAR}", "--target", 3, "--section", "aims=Thi đua lập thành tích",
                          "--signer", "Lê Văn Minh")
    assert code == 0, err
    assert "01/KH-UBND" in out and "hạn đăng ký thi đua 28/02/2026" in out
    code, out, err = _cli(paths, capsys, "plan", "launch", "--year", YEAR, "--deadline", f"28/02/{YEAR}",
                          "--section", "muc-dich=x", "--signer", "Lê Văn Minh")
    assert code == 1 and "aims, contents" in err
