"""``print certificates ID --out F.pdf [--blank] [--offset-x MM --offset-y MM]`` and
``print certificates --test-page --out F.pdf``: the Giấy khen of an issued award decision, one page
per award (desktop.app.certificates), on plain paper or on the province's pre-printed blanks.

Declared as a kind of the ``print`` command (desktop.cli.printing): ``add_arguments`` adds its options
to that command's parser, ``dispatch`` runs it, or refuses its options with another kind."""

from __future__ import annotations

import sys

KIND = "certificates"


def _mm(text: str) -> float:
    import argparse

    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text[:20]}” không phải số mm (ví dụ 1,5 hoặc -2)") from None


def add_arguments(p) -> None:
    p.add_argument("target", nargs="?", metavar="MÃ_QĐ",
                   help="với LOẠI certificates: mã quyết định khen thưởng đã ban hành (xem: documents list)")
    p.add_argument("--blank", action="store_true",
                   help="certificates: in trên phôi in sẵn của tỉnh (chỉ in nội dung); mặc định in trên giấy trắng "
                        "đủ mẫu")
    p.add_argument("--offset-x", type=_mm, default=0.0, metavar="MM",
                   help="certificates --blank: độ lệch ngang của máy in, mm (dương: sang phải)")
    p.add_argument("--offset-y", type=_mm, default=0.0, metavar="MM",
                   help="certificates --blank: độ lệch dọc của máy in, mm (dương: xuống dưới)")
    p.add_argument("--test-page", action="store_true",
                   help="certificates: trang thử có dấu chữ thập và thước mm để đo độ lệch của máy in")


def _usage(text: str) -> int:
    print(text, file=sys.stderr)
    return 2


def dispatch(args, ws) -> int | None:
    """The exit code of ``print certificates …``; None for another kind (whose arguments must not
    carry this kind's options)."""
    offsets = args.offset_x != 0 or args.offset_y != 0
    if args.kind != KIND:
        if args.target is not None or args.blank or args.test_page or offsets:
            return _usage("MÃ_QĐ, --blank, --offset-x, --offset-y, --test-page chỉ dùng với: print certificates.")
        return None
    from pathlib import Path

    from desktop.app import certificates

    out = Path(args.out)
    if args.test_page:
        if args.target is not None or args.blank:
            return _usage("Trang thử không theo quyết định nào: print certificates --test-page --out F.pdf "
                          "[--offset-x MM --offset-y MM].")
        certificates.test_page((args.offset_x, args.offset_y), out=out)
        print(f"Đã ghi trang thử {out} (1 trang).")
        return 0
    if args.target is None or not (args.target.isascii() and args.target.isdigit()):
        return _usage("Hãy ghi mã quyết định khen thưởng đã ban hành: print certificates MÃ_QĐ --out F.pdf "
                      "(xem mã: documents list).")
    if offsets and not args.blank:
        return _usage("--offset-x, --offset-y chỉ dùng khi in trên phôi (--blank).")
    _title, _data, pages = certificates.pdf(ws.db, int(args.target), blank=args.blank,
                                            offset_mm=(args.offset_x, args.offset_y), out=out)
    where = "trên phôi" if args.blank else "trên giấy trắng"
    print(f"Đã ghi {out}: {pages} giấy khen {where} ({pages} trang).")
    return 0


__all__ = ["KIND", "add_arguments", "dispatch"]
