"""The printed annual report's indicator table: values shown the Vietnamese way, right-aligned."""

from __future__ import annotations

from desktop.app import sources
from desktop.core.records import Records
from desktop.reports import documents as D


def _right_edges(data: bytes, *texts: str) -> dict[str, float]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        out = {}
        for i in range(len(doc)):
            tp = doc[i].get_textpage()
            for t in texts:
                hit = tp.search(t, match_whole_word=True).get_next()
                if hit and t not in out:
                    start, count = hit
                    out[t] = tp.get_charbox(start + count - 1)[2]
        return out
    finally:
        doc.close()


def test_indicator_values_right_aligned_in_the_annual_report(workspace):
    rec = Records(workspace.session, "Nguyễn Thị Hoa")
    rec.create("indicator", {"year": 2026, "target_code": "8", "period": "Y", "name": "Thu ngân sách",
                             "unit": "triệu đồng", "target_value": "45000,5", "actual_value": "9,75"})
    rec.create("indicator", {"year": 2026, "target_code": "4", "period": "Y", "name": "Vốn đầu tư",
                             "unit": "%", "target_value": "36 - 41", "actual_value": "1234"})
    doc = sources.movement_report(workspace, 2026, "Y")
    data = D.to_pdf(doc)
    edges = _right_edges(data, "45.000,5", "36 - 41", "1.234", "9,75")
    assert set(edges) == {"45.000,5", "36 - 41", "1.234", "9,75"}   # stored canonically, printed as such
    # each column's figures end at the same x whatever their width (centred ones would not)
    assert abs(edges["45.000,5"] - edges["36 - 41"]) < 1.0
    assert abs(edges["1.234"] - edges["9,75"]) < 1.0
    assert edges["1.234"] > edges["45.000,5"] + 20           # the "Thực hiện" column is the next one
