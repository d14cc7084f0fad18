"""The English catalogue of the interface: extract, fill, check, compile.

    .venv/bin/python installer/translations.py update [--fill en.json ...]
        Qt's lupdate reads every tr("…") / QT_TR_NOOP("…") in desktop/ and brings
        resources/i18n/thidua_en.ts up to date: new strings come in unfinished, strings no longer in the
        code are dropped, existing translations are kept. --fill takes JSON objects
        {"Vietnamese source": "English"} and writes them in as finished translations.
    .venv/bin/python installer/translations.py missing > todo.json
        The unfinished strings as a JSON object to fill in (values empty).
    .venv/bin/python installer/translations.py check
        Exit 1 if a string is unfinished or a translation lost a {field} or %n of its source.
    .venv/bin/python installer/translations.py coverage FILE.py ... --fill en.json ...
        For a translator working on some modules: which of their strings the given JSON leaves
        untranslated or with different {fields}. Touches nothing in resources/.
    .venv/bin/python installer/translations.py compile [--out DIR]
        lrelease → thidua_en.qm (default beside the .ts; installer/build.py runs this before PyInstaller).

The .ts file is the source of the translation (editable in Qt Linguist, pyside6-linguist); the .qm is
build output and is not committed.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SOURCES = ROOT / "desktop"
I18N = ROOT / "resources" / "i18n"
LANGS = {"en": "en_US"}
FIELD = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:[:!][^{}]*)?\}|%n")


@dataclass(frozen=True)
class Message:
    source: str
    translation: str          # the singular (or only) form
    forms: tuple[str, ...]    # plural forms, when the source has %n
    finished: bool
    disambiguation: str | None


def ts_path(lang: str) -> Path:
    return I18N / f"thidua_{lang}.ts"


def read_ts(path: Path) -> list[Message]:
    out = []
    for msg in ET.parse(path).getroot().iter("message"):
        src = msg.findtext("source") or ""
        comment = msg.findtext("comment")
        tnode = msg.find("translation")
        forms = tuple((f.text or "") for f in tnode.findall("numerusform")) if tnode is not None else ()
        text = forms[0] if forms else ((tnode.text or "") if tnode is not None else "")
        state = tnode.get("type") if tnode is not None else "unfinished"
        finished = state not in ("unfinished", "vanished", "obsolete") and bool(text.strip())
        if state in ("vanished", "obsolete"):
            continue
        out.append(Message(src, text, forms, finished, comment))
    return out


def problems(messages: list[Message]) -> list[str]:
    """What keeps the catalogue from being complete: unfinished strings, lost or invented fields."""
    found = []
    for m in messages:
        if not m.finished:
            found.append(f"unfinished: {m.source!r}")
            continue
        want = sorted(FIELD.findall(m.source))
        for form in m.forms or (m.translation,):
            got = sorted(FIELD.findall(form))
            if "%n" in want and "%n" not in got and len(m.forms) > 1 and form == m.forms[0]:
                got = sorted(got + ["%n"])  # "one record" for n == 1 may spell the number out
            if got != want:
                found.append(f"fields differ: {m.source!r} {want} → {form!r} {got}")
    return found


def lupdate(lang: str, sources: list[Path] | None = None, ts: Path | None = None) -> None:
    from desktop.ui.i18n import qt_tool

    tool = qt_tool("lupdate")
    if tool is None:
        raise SystemExit("lupdate not found (it ships with PySide6)")
    I18N.mkdir(parents=True, exist_ok=True)
    cmd = [tool, "-silent", "-extensions", "py", "-no-obsolete", "-locations", "none",
           "-source-language", "vi_VN", "-target-language", LANGS[lang],
           *[str(p) for p in (sources or [SOURCES])], "-ts", str(ts or ts_path(lang))]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"lupdate failed:\n{proc.stdout}{proc.stderr}")


def fill(lang: str, table: dict[str, str], path: Path | None = None) -> int:
    """Write translations in as finished; returns how many messages were filled."""
    path = path or ts_path(lang)
    tree = ET.parse(path)
    n = 0
    for msg in tree.getroot().iter("message"):
        src = msg.findtext("source") or ""
        if src not in table or not str(table[src]).strip():
            continue
        value = table[src]
        tnode = msg.find("translation")
        if tnode is None:
            tnode = ET.SubElement(msg, "translation")
        tnode.attrib.pop("type", None)
        for child in list(tnode):
            tnode.remove(child)
        if msg.get("numerus") == "yes":
            forms = value if isinstance(value, list) else [value, value]
            tnode.text = None
            for form in forms:
                ET.SubElement(tnode, "numerusform").text = form
        else:
            tnode.text = value
        n += 1
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return n


def compile_qm(lang: str, out_dir: Path | None = None) -> Path:
    from desktop.ui.i18n import compile_ts

    qm = (out_dir or I18N) / f"thidua_{lang}.qm"
    compile_ts(ts_path(lang), qm)
    return qm


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    up = sub.add_parser("update")
    up.add_argument("--fill", nargs="*", default=[], type=Path)
    sub.add_parser("missing")
    sub.add_parser("check")
    cv = sub.add_parser("coverage")
    cv.add_argument("files", nargs="+", type=Path)
    cv.add_argument("--fill", nargs="*", default=[], type=Path)
    co = sub.add_parser("compile")
    co.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    status = 0
    for lang in LANGS:
        if args.cmd == "update":
            lupdate(lang)
            table: dict[str, str] = {}
            for f in args.fill:
                table.update(json.loads(f.read_text(encoding="utf-8")))
            if table:
                print(f"{lang}: filled {fill(lang, table)} of {len(table)} given")
                lupdate(lang)  # back to lupdate's own layout
            msgs = read_ts(ts_path(lang))
            print(f"{lang}: {len(msgs)} strings, {sum(not m.finished for m in msgs)} unfinished")
        elif args.cmd == "missing":
            todo = {m.source: "" for m in read_ts(ts_path(lang)) if not m.finished}
            print(json.dumps(todo, ensure_ascii=False, indent=1))
        elif args.cmd == "check":
            found = problems(read_ts(ts_path(lang)))
            for p in found:
                print(f"{lang}: {p}")
            status = 1 if found else status
        elif args.cmd == "coverage":
            import tempfile

            with tempfile.TemporaryDirectory() as tmp:
                ts = Path(tmp) / "coverage.ts"
                lupdate(lang, [f.resolve() for f in args.files], ts)
                table = {}
                for f in args.fill:
                    table.update(json.loads(f.read_text(encoding="utf-8")))
                fill(lang, table, ts)
                msgs = read_ts(ts)
                found = problems(msgs)
            for p in found:
                print(p)
            print(f"{len(msgs)} strings in {len(args.files)} files, {len(found)} problems")
            status = 1 if found else status
        elif args.cmd == "compile":
            print(compile_qm(lang, args.out))
    return status


if __name__ == "__main__":
    raise SystemExit(main())
