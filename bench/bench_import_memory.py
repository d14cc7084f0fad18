"""Peak memory of a province import against the size of the data file (issue 11: the streaming
verifier). One commune's full file of N person records (10,000, 100,000, 1,000,000 by default) is
imported into a fresh province workspace, each in a fresh child process, beside a floor measured in
the same run: a child that does the unavoidable part only — opens the same workspace and decrypts the
same file — and never looks at a record.

    .venv/bin/python bench/bench_import_memory.py [--sizes 10000,100000,1000000] [--keep DIR]

Goal: the import's peak resident set for 1,000,000 records within 1.5x of the one for 10,000
(memory flat in the size of the data); printed with the floor, so a noisy machine shows as a noisy
floor. Before the streaming verifier, 1,000,000 records (a 5.9 MB file) peaked at 2.8 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_province import _build_file, _enrol_request, peak_rss_mb, reset_peak, run_child  # noqa: E402

CODE, NAME = "09319", "Xã Tiên Du"


def make_file(folder: Path, n: int) -> tuple[Path, Path, Path]:
    """A signed, encrypted full file of ``n`` valid person records, its enrolment request, and the
    throwaway province identity it is encrypted to (benchmark keys only)."""
    from desktop.bundle.keys import AgeIdentity, SigningKey
    from desktop.core.records import KINDS

    identity = AgeIdentity.generate()
    signer = SigningKey.generate()
    template = {f.name: None for f in KINDS["person"].fields}
    template.update(full_name="Nguyễn Văn An", sex="nam", birth_date="1980-01-01", category="can_bo")
    people = []
    for i in range(1, n + 1):
        rec = dict(template, uid=f"{CODE}:person:{i}", full_name=f"Nguyễn Văn An {i}", cccd=f"{27080000000 + i:012d}")
        people.append(rec)
    data = _build_file({"person": people}, CODE, NAME, signer, identity.recipient)
    out = folder / f"n{n}"
    out.mkdir(parents=True, exist_ok=True)
    (out / "file.tdkt").write_bytes(data)
    (out / "enrol.json").write_bytes(_enrol_request(signer, CODE, NAME))
    (out / "identity.txt").write_text(str(identity.identity), encoding="utf-8")
    return out / "file.tdkt", out / "enrol.json", out / "identity.txt"


def _workspace(data_dir: str):
    os.environ["DESKTOP_MACHINE_SECRET_DIR"] = str(Path(data_dir) / "machine-secret")
    os.environ.pop("DESKTOP_PASSPHRASE", None)
    from desktop.app import province
    from desktop.app.workspace import open_workspace
    from desktop.shared.paths import Paths

    paths = Paths(Path(data_dir))
    db = open_workspace(paths)
    province.init_province(db, paths)
    return db, paths


def _identity(path: str):
    from pyrage import x25519

    from desktop.bundle.keys import AgeIdentity

    return AgeIdentity(x25519.Identity.from_str(Path(path).read_text(encoding="utf-8").strip()))


def _ready(data_dir: str, file: str, enrol: str, identity_file: str):
    """A fresh province workspace with the commune enrolled, the identity open and the file read: what
    both phases share before the measured part."""
    from desktop.app import province

    db, paths = _workspace(data_dir)
    province.enrol(db, Path(enrol).read_bytes())
    return db, paths, _identity(identity_file), Path(file).read_bytes()


def phase_import(*args: str) -> dict:
    from desktop.app import province

    db, paths, identity, data = _ready(*args)
    reset_peak()
    t = time.perf_counter()
    try:
        r = province.import_file(db, paths, data, "file.tdkt", identity=identity)
    except Exception as exc:  # noqa: BLE001 - a refusal does not pickle back to the parent
        raise RuntimeError(f"{getattr(exc, 'code', type(exc).__name__)}: {exc}") from None
    seconds = time.perf_counter() - t
    db.dispose()
    return {"peak_mb": peak_rss_mb(), "seconds": seconds, "records": sum(r.counts.values()), "status": r.status}


def phase_floor(*args: str) -> dict:
    from desktop.app import province

    db, paths, identity, data = _ready(*args)
    reset_peak()
    t = time.perf_counter()
    size = len(province._decrypt(data, identity))
    seconds = time.perf_counter() - t
    db.dispose()
    return {"peak_mb": peak_rss_mb(), "seconds": seconds, "inner_bytes": size}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--keep", type=Path, help="keep the made files and workspaces here")
    args = ap.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",")]
    root = args.keep or Path(tempfile.mkdtemp(prefix="thidua-bench-import-memory-"))
    rows = []
    for n in sizes:
        t = time.perf_counter()
        file, enrol, ident = make_file(root / "files", n)
        made = time.perf_counter() - t
        floor = run_child(phase_floor, str(root / f"floor-{n}"), str(file), str(enrol), str(ident))
        app = run_child(phase_import, str(root / f"app-{n}"), str(file), str(enrol), str(ident))
        assert app["status"] == "accepted" and app["records"] == n, app
        rows.append({"records": n, "file_mb": file.stat().st_size / 1e6, "made_s": made, "floor": floor, "app": app})
        print(f"{n:>9,} records  file {file.stat().st_size / 1e6:6.1f} MB  import peak {app['peak_mb']:7.1f} MB "
              f"({app['seconds']:6.1f} s)  floor peak {floor['peak_mb']:7.1f} MB  "
              f"app/floor {app['peak_mb'] / floor['peak_mb']:.2f}", flush=True)
    base = rows[0]["app"]["peak_mb"]
    print()
    for r in rows:
        print(f"{r['records']:>9,} records: import peak {r['app']['peak_mb'] / base:.2f}x "
              f"the {rows[0]['records']:,}-record import's (goal <= 1.5x)")
    (root / "result.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")
    print(f"\nfigures in {root / 'result.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
