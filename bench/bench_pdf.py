"""A 5,000-row commendation list in the decree 30 layout against a bare ReportLab table.

    .venv/bin/python bench/bench_pdf.py [--rows 5000] [--repeat 3]

Ours: ``documents.to_pdf`` of a ListDoc (header block, title, repeated header rows, QR code,
signature). Baseline, in the same run: a bare ``Table`` of the same rows with every cell a
Paragraph in the same embedded font, header row repeated, nothing else. Goals: ≤ 3 s, and ≤ 1.5 ×
the baseline.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.reports import documents as D  # noqa: E402
from desktop.reports import layout as L  # noqa: E402

FIRST = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MID = ["Thị", "Văn", "Đức", "Ngọc", "Thu", "Minh", "Xuân"]
LAST = ["Ánh", "Hương", "Đào", "Tuấn", "Phượng", "Nguyệt", "Khánh", "Hải", "Thảo", "Dũng"]
UNITS = ["Trường Tiểu học Tiên Du", "Thôn Đông Sơn", "Công an xã Tiên Du", "Trạm Y tế xã Tiên Du",
         "Hội Liên hiệp Phụ nữ xã Tiên Du", "Văn phòng HĐND và UBND xã", "Công ty Cổ phần Cơ khí Minh Phát"]


def rows(n: int) -> list[list[str]]:
    out = []
    for i in range(1, n + 1):
        name = f"{FIRST[i % 10]} {MID[i % 7]} {LAST[(i // 7) % 10]}"
        out.append([str(i), name, UNITS[i % 7], "Lao động tiên tiến", L.money(702000)])
    return out


COLS = [L.Col("STT", 0.6, "C"), L.Col("Họ và tên", 2.6), L.Col("Đơn vị, địa chỉ", 2.8),
        L.Col("Danh hiệu", 2.0), L.Col("Tiền thưởng (đồng)", 1.4, "R")]


def ours(data: list[list[str]]) -> bytes:
    doc = D.ListDoc("DANH SÁCH", ["Cá nhân đề nghị công nhận danh hiệu “Lao động tiên tiến” năm 2026"], COLS, data,
                    issuer=L.Issuer.commune("Xã Tiên Du"), date=dt.date(2026, 12, 5),
                    signature=L.Signature("CHỦ TỊCH", "Dương Thị Thúy", authority="TM. ỦY BAN NHÂN DÂN"))
    return D.to_pdf(doc)


def bare(data: list[list[str]]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from desktop.reports import fonts

    fonts.register()
    st = ParagraphStyle("c", fontName=fonts.REGULAR, fontSize=12, leading=14)
    table = [[Paragraph(c.label, st) for c in COLS]] + [[Paragraph(v, st) for v in r] for r in data]
    t = Table(table, colWidths=L.col_widths(COLS), repeatRows=1)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONT", (0, 0), (-1, -1), fonts.REGULAR)]))
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=L.MARGIN_LEFT, rightMargin=L.MARGIN_RIGHT,
                      topMargin=L.MARGIN_TOP, bottomMargin=L.MARGIN_BOTTOM).build([t])
    return buf.getvalue()


def timed(fn, data, repeat: int) -> tuple[float, bytes]:
    times, out = [], b""
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn(data)
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    data = rows(a.rows)
    ours(data[:20]), bare(data[:20])  # warm up: fonts, imports
    t_ours, pdf = timed(ours, data, a.repeat)
    t_bare, base = timed(bare, data, a.repeat)
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    ratio = t_ours / t_bare
    print(f"rows: {a.rows}, pages: {pages}, PDF {len(pdf) // 1024} KB (bare {len(base) // 1024} KB)")
    print(f"decree 30 list: {t_ours:.2f} s   bare ReportLab Paragraph table: {t_bare:.2f} s   ratio {ratio:.2f}")
    ok = t_ours <= 3.0 and ratio <= 1.5
    print("goals (≤ 3 s, ≤ 1.5 × bare):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
