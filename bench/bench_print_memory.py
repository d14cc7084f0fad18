"""Peak memory of printing from the documents' preview against the page count (issue 12, item 3).

    .venv/bin/python bench/bench_print_memory.py [--pages 10,150] [--before] [--keep DIR]

A commendation list in the decree 30 layout (bench_pdf's rows, cut to exactly N pages) is opened in
the preview window (offscreen) and printed, all pages, to a PDF-file QPrinter at high resolution
(1200 dpi, so pages are rendered at the 300 dpi cap), each in a fresh child process. Floor, in the
same run: the same child printing page 1 only — what any print costs (one page at 300 dpi, the
printer, Qt). ``--before`` also runs the former way (every page rasterised first, then painted) for
the smallest document only: at 150 pages it would need several gigabytes.

Goal: the peak resident set printing 150 pages within 1.2x of printing 10 (flat in the page count).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_province import peak_rss_mb, reset_peak, run_child  # noqa: E402


def make_pdf(pages: int) -> bytes:
    """A decree-30 list of exactly ``pages`` A4 pages (made a little longer, then cut)."""
    from pypdf import PdfReader, PdfWriter

    from bench_pdf import ours, rows

    pdf = ours(rows(pages * 22 + 30))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= pages, (len(reader.pages), pages)
    writer = PdfWriter()
    for page in reader.pages[:pages]:
        writer.add_page(page)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _before_paint_to(pdf: bytes, printer) -> int:
    """What the preview did before issue 12: every page to an image first, then painted."""
    import pypdfium2 as pdfium
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QImage, QPainter

    dpi = min(300, printer.resolution())
    doc = pdfium.PdfDocument(pdf)
    images = []
    for i in range(len(doc)):
        pil = doc[i].render(scale=dpi / 72).to_pil().convert("RGB")
        data = pil.tobytes("raw", "RGB")
        images.append(QImage(data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888).copy())
    doc.close()
    painter = QPainter(printer)
    for i, img in enumerate(images):
        if i:
            printer.newPage()
        size = img.size().scaled(painter.viewport().size(), Qt.AspectRatioMode.KeepAspectRatio)
        painter.drawImage(QRectF(0, 0, size.width(), size.height()), img)
    painter.end()
    return len(images)


def phase_print(pdf_file: str, out: str, how: str) -> dict:
    """Open the preview on the document, then print it: ``all``, ``first`` (the floor) or ``before``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication

    from desktop.ui.preview import PreviewDialog

    app = QApplication.instance() or QApplication([])
    pdf = Path(pdf_file).read_bytes()
    dlg = PreviewDialog("bench", pdf, "bench.pdf")
    dlg.show()
    app.processEvents()
    dlg.grab()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(out)
    if how == "first":
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(1, 1)
    before = peak_rss_mb()
    reset_peak()
    t = time.perf_counter()
    n = _before_paint_to(pdf, printer) if how == "before" else dlg.paint_to(printer)
    seconds = time.perf_counter() - t
    peak = peak_rss_mb()
    dlg.close()
    from pypdf import PdfReader

    return {"peak_mb": peak, "start_mb": before, "seconds": seconds, "printed": n,
            "out_pages": len(PdfReader(out).pages), "dpi": min(300, printer.resolution())}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", default="10,150")
    ap.add_argument("--before", action="store_true", help="also the former way, on the smallest document")
    ap.add_argument("--keep", type=Path, help="keep the documents and the printed files here")
    args = ap.parse_args(argv)
    counts = sorted(int(x) for x in args.pages.split(","))
    root = args.keep or Path(tempfile.mkdtemp(prefix="thidua-bench-print-memory-"))
    root.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in counts:
        src = root / f"list-{n}.pdf"
        src.write_bytes(make_pdf(n))
        floor = run_child(phase_print, str(src), str(root / f"floor-{n}.pdf"), "first")
        app = run_child(phase_print, str(src), str(root / f"printed-{n}.pdf"), "all")
        assert app["out_pages"] == n and floor["out_pages"] == 1, (app, floor)
        row = {"pages": n, "pdf_mb": src.stat().st_size / 1e6, "app": app, "floor": floor}
        if args.before and n == counts[0]:
            row["before"] = run_child(phase_print, str(src), str(root / f"before-{n}.pdf"), "before")
        rows.append(row)
        print(f"{n:>4} pages  print peak {app['peak_mb']:7.1f} MB ({app['seconds']:5.1f} s, "
              f"{app['seconds'] / n * 1000:4.0f} ms a page)  floor (page 1 only) {floor['peak_mb']:7.1f} MB  "
              f"print/floor {app['peak_mb'] / floor['peak_mb']:.2f}"
              + (f"  before: {row['before']['peak_mb']:7.1f} MB ({row['before']['seconds']:.1f} s)"
                 if "before" in row else ""), flush=True)
    base = rows[0]["app"]["peak_mb"]
    print()
    for r in rows:
        print(f"{r['pages']:>4} pages: print peak {r['app']['peak_mb'] / base:.2f}x the {rows[0]['pages']}-page "
              f"print's (goal <= 1.2x); {r['app']['start_mb']:.1f} MB before printing")
    (root / "result.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")
    print(f"\nfigures in {root / 'result.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
