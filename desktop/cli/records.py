"""Headless commands on the commune's records as a whole: ``demo``, ``stats``."""

from __future__ import annotations

import json
import sys

from desktop.cli.registry import Command
from desktop.shared.fmt import group

AREA = "Dữ liệu"


def _demo_arguments(p) -> None:
    p.add_argument("--people", type=int, default=500)
    p.add_argument("--seed", type=int, default=1)


def _people_in_range(args) -> int | None:
    if args.people < 0 or args.people > 1_000_000:
        print("Số người phải từ 0 đến 1.000.000.", file=sys.stderr)
        return 2
    return None


def cmd_demo(args, ws) -> int:
    from desktop.app import demo
    from desktop.core.labels import KIND_LABELS

    counts = demo.fill(ws.db, people=args.people, seed=args.seed)
    print("Đã tạo dữ liệu mẫu:")
    for k, v in counts.items():
        print(f"  {KIND_LABELS.get(k, k)}: {group(v)}")
    return 0


def cmd_stats(args, ws) -> int:
    from desktop.core.records import KINDS, NAV_ORDER, counts

    row = ws.row
    c = counts(ws.db.session)
    if args.json:
        payload = {
            "unit_code": row.unit_code if row else None,
            "unit_name": row.unit_name if row else None,
            "counts": c,
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(f"{row.unit_name if row else '(chưa khởi tạo)'}")
        for key in NAV_ORDER:
            print(f"  {KINDS[key].label}: {c[key]}")
    return 0


COMMANDS = [
    Command("demo", AREA, "tạo dữ liệu mẫu để thử", cmd_demo, needs="commune", arguments=_demo_arguments,
            validate=_people_in_range),
    Command("stats", AREA, "thống kê số bản ghi", cmd_stats, needs="any",
            arguments=lambda p: p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")),
]
