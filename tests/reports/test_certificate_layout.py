"""The certificate's layout is data (resources/awards/certificate.json) with its sources and notes; a
long line is wrapped, then set smaller, inside its field's width and line count, never over it."""

from __future__ import annotations

import json

from desktop.app.certificates import load_rules
from desktop.reports import certificates as R
from desktop.reports import fonts
from desktop.shared.paths import resources_dir

KEYS = {"nation", "motto", "give", "decider", "heading", "name", "unit", "reason", "decision", "date_line",
        "signer_title", "signer_name"}


def test_the_data_names_its_sources_and_says_what_was_not_read():
    doc = json.loads((resources_dir() / "awards" / "certificate.json").read_text(encoding="utf-8"))
    assert doc["sources"] and all(s["url"].startswith("http") and s["text"] for s in doc["sources"])
    assert "Chưa đọc được" in doc["note"] and doc["paper"]["blank"]["note"] and doc["paper"]["plain"]["note"]
    rules = load_rules()
    for sheet in (rules.blank, rules.plain):
        assert {f.key for f in sheet.fields} <= KEYS
        for f in sheet.fields:  # every field inside the sheet
            left = f.x_mm - (f.width_mm / 2 if f.align == "center" else f.width_mm if f.align == "right" else 0)
            assert left >= 0 and left + f.width_mm <= sheet.width_mm, f
            assert 0 < f.y_mm < sheet.height_mm, f
    assert {"name", "unit", "reason", "decision", "date_line", "signer_title", "signer_name"} <= {
        f.key for f in rules.blank.fields}
    assert all(0 <= x <= rules.blank.width_mm and 0 <= y <= rules.blank.height_mm for x, y in rules.crosses_mm)


def test_a_long_line_stays_inside_its_field():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    fonts.register()
    f = R.Field("reason", 100, 50, 120, 16, style="italic", max_lines=2)
    short = R.fit(f, "Đạt danh hiệu “Lao động tiên tiến” năm 2026.")
    assert short == (16, ["Đạt danh hiệu “Lao động tiên tiến” năm 2026."])
    long = "Đã có thành tích " + "dũng cảm cứu người bị nạn trong cơn lũ lớn " * 4
    size, lines = R.fit(f, long)
    assert size < 16 and len(lines) <= 2
    assert all(stringWidth(x, fonts.ITALIC, size) <= 120 * R.MM + 0.01 for x in lines)
    huge = "x" * 2000
    size, lines = R.fit(f, huge)
    assert size == R.MIN_SIZE_PT and len(lines) <= 2 and lines[-1].endswith("…")
    assert all(stringWidth(x, fonts.ITALIC, size) <= 120 * R.MM + 0.01 for x in lines)
    size, lines = R.fit(f, "y" * 500 + " ngắn")  # a word longer than the field, then a short one
    assert all(stringWidth(x, fonts.ITALIC, size) <= 120 * R.MM + 0.01 for x in lines)
    # a centred line is placed around its x, an offset moves it
    cert = R.Certificate({"reason": "Đạt danh hiệu"})
    sheet = R.Sheet(297, 210, (f,))
    (p,), (q,) = R.place(sheet, cert), R.place(sheet, cert, (3, 4))
    width = stringWidth("Đạt danh hiệu", fonts.ITALIC, 16) / R.MM
    assert abs(p.x_mm + width / 2 - 100) < 1e-6 and p.y_mm == 50
    assert (q.x_mm - p.x_mm, q.y_mm - p.y_mm) == (3, 4)
