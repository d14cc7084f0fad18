"""Write the bad-file kit for the commune data file (.tdkt) into tests/bundle/corpus/.

    .venv/bin/python -m tests.bundle.make_corpus              # regenerate the kit (keeps its test keys)
    .venv/bin/python -m tests.bundle.make_corpus --new-keys   # ... with new test keys
    .venv/bin/python -m tests.bundle.make_corpus --province DIR
        # build a province data folder from the committed kit, to try the files with the real CLI

The files are regenerated from the recipe in tests/bundle/corpus.py; age encryption is randomised,
so every run gives new bytes (same keys, same meaning). Commit the whole folder afterwards.
See tests/bundle/corpus/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop.bundle.keys import MACHINE_SECRET_ENV  # noqa: E402
from tests.bundle.corpus import CASES, OVERSIZED  # noqa: E402
from tests.bundle.kit import KIT_DIR, KeySet, build_world, province_from_kit, sha256  # noqa: E402


def write_kit(out: Path, new_keys: bool = False) -> dict:
    keys = KeySet.generate() if new_keys or not (out / "keys" / "province-identity.txt").exists() \
        else KeySet.load(out / "keys")
    with tempfile.TemporaryDirectory(prefix="tdkt-kit-") as tmp:
        os.environ.setdefault(MACHINE_SECRET_ENV, str(Path(tmp) / "machine-secret"))
        world = build_world(Path(tmp) / "world", keys)
        for old in list(out.glob("*.tdkt")) + list((out / "setup").glob("*")):
            old.unlink()
        keys.save(out / "keys")
        setup = out / "setup"
        setup.mkdir(parents=True, exist_ok=True)
        steps = []
        for action, name, data, expires in world.steps:
            if action == "enrol":
                (setup / f"enrol-{name}.json").write_bytes(data)
                steps.append({"action": "enrol", "file": f"setup/enrol-{name}.json",
                              "expires_at": expires.isoformat() if expires else None}
                             | ({"replace_active_key": True} if name.endswith(("-rotation", "-lost-key")) else {}))
            else:
                (setup / name).write_bytes(data)
                steps.append({"action": "import", "file": f"setup/{name}"})
        (out / "setup.json").write_text(json.dumps({
            "about": "Replay these steps on a new province (keys in keys/) to reach the state the files "
                     "in this folder are judged against: enrol each request (with its expiry, if any; a "
                     "request marked replace_active_key revokes the key in use, as `province enrol "
                     "--replace-active-key` does) and import each file, in the order listed; every step must succeed.",
            "steps": steps}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        expected: dict[str, dict] = {}
        for name, c in sorted(CASES.items()):
            entry = {"code": c.code, "reason_contains": c.reason, "about": c.about}
            if c.commit:
                data = c.make(world)
                (out / f"{name}.tdkt").write_bytes(data)
                entry.update(file=f"{name}.tdkt", sha256=sha256(data), size=len(data))
            else:
                entry.update(file=None, recipe=f"too big to keep here: made at test time by "
                                                f"tests/bundle/corpus.py::{name}")
            expected[name] = entry
        expected["oversized"] = dict(OVERSIZED)
        (out / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n",
                                           encoding="utf-8")
    return expected


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, default=KIT_DIR)
    p.add_argument("--new-keys", action="store_true", help="make new test keys instead of reusing the kit's")
    p.add_argument("--province", type=Path, metavar="DIR",
                   help="only build a province data folder from the committed kit, at DIR (must not exist)")
    args = p.parse_args(argv)
    if args.province:
        if args.province.exists():
            p.error(f"{args.province} exists")
        secret = args.province / ".machine-secret"
        os.environ[MACHINE_SECRET_ENV] = str(secret)
        province_from_kit(args.province / "data", args.out)
        print(f"Province data folder: {args.province / 'data'}\nBefore using it, in the same shell:\n"
              f"  export {MACHINE_SECRET_ENV}={secret}\n"
              f"  .venv/bin/python -m desktop --data-dir {args.province / 'data'} province import "
              f"{args.out}/*.tdkt")
        return 0
    expected = write_kit(args.out, args.new_keys)
    files = sum(1 for e in expected.values() if e.get("file"))
    print(f"Wrote {files} files and expected.json ({len(expected)} cases) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

