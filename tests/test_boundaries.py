"""Nothing outside desktop/ui may import Qt: checked in the source (AST) and at run time (a fresh
interpreter that imports the headless modules and runs commands, then looks at sys.modules)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "desktop"
UI = PACKAGE / "ui"
QT_MODULES = {"PySide6", "shiboken6", "PyQt5", "PyQt6", "PySide2", "shiboken2", "pytestqt", "qtpy"}


def _resolve(module: str | None, level: int, file: Path) -> str:
    if level == 0:
        return module or ""
    parts = list(file.relative_to(ROOT).with_suffix("").parts)
    base = parts[:-level]  # a module's package is its parent; each extra dot goes one level up
    return ".".join(base + ([module] if module else []))


def qt_imports(source: str, file: Path) -> list[tuple[int, str, bool]]:
    """(line, imported module, at module level?) for imports of Qt or of desktop.ui in ``source``."""
    tree = ast.parse(source, filename=str(file))
    top_level = {id(n) for n in tree.body}
    found: list[tuple[int, str, bool]] = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            mod = _resolve(node.module, node.level, file)
            names = [mod] + [f"{mod}.{a.name}" for a in node.names]
        elif (isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute))
              and (getattr(node.func, "id", None) == "__import__" or getattr(node.func, "attr", None) == "import_module")
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            names = [node.args[0].value]
        for name in names:
            if name.split(".")[0] in QT_MODULES or name == "desktop.ui" or name.startswith("desktop.ui."):
                found.append((node.lineno, name, id(node) in top_level))
                break
    return sorted(found)


def headless_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if UI not in p.parents)


def test_the_scan_sees_every_form_of_import():
    src = textwrap.dedent("""
        import os
        import PySide6.QtCore
        from shiboken6 import isValid
        import importlib
        def later():
            from desktop.ui.app import run
            importlib.import_module("PySide6.QtWidgets")
            __import__("PyQt6")
        from ..ui import main_window
    """)
    hits = qt_imports(src, PACKAGE / "core" / "example.py")
    assert [(line, name.split(".")[0] if not name.startswith("desktop") else name) for line, name, _ in hits] == [
        (3, "PySide6"), (4, "shiboken6"), (7, "desktop.ui.app"), (8, "PySide6"), (9, "PyQt6"), (10, "desktop.ui")]
    assert [top for _, _, top in hits] == [True, True, False, False, False, True]
    assert qt_imports("import os\nfrom desktop.core import text\nimport qtawesome_free\n", PACKAGE / "x.py") == []


def test_scan_covers_the_headless_packages():
    rel = {p.relative_to(PACKAGE).as_posix() for p in headless_files()}
    assert {"__main__.py", "core/records.py", "store/db.py", "store/migrations/env.py"} <= rel
    assert not any(r.startswith("ui/") for r in rel)


def test_no_qt_import_outside_ui_in_the_source():
    problems = []
    for path in headless_files():
        for line, name, top in qt_imports(path.read_text(encoding="utf-8"), path):
            rel = path.relative_to(ROOT).as_posix()
            # the entry point may open the window, lazily, only when no subcommand is given
            if rel == "desktop/__main__.py" and name.startswith("desktop.ui") and not top:
                continue
            problems.append(f"{rel}:{line} imports {name}")
    assert not problems, "Qt must stay inside desktop/ui:\n" + "\n".join(problems)


CHILD = r"""
import io, json, pkgutil, importlib, sys, contextlib
import desktop, desktop.core, desktop.store

imported = []
for pkg in (desktop.core, desktop.store):
    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
        if info.name.startswith("desktop.store.migrations"):
            continue  # Alembic scripts, loaded by Alembic itself (scanned statically)
        importlib.import_module(info.name)
        imported.append(info.name)
import desktop.shared.paths
import desktop.__main__ as entry
imported += ["desktop.shared.paths", "desktop.__main__"]

data_dir = sys.argv[1]
out = io.StringIO()
codes = []
with contextlib.redirect_stdout(out):
    codes.append(entry.main(["--data-dir", data_dir, "init", "--commune", "09319", "--officer", "Nguyễn Thị Hoa"]))
    codes.append(entry.main(["--data-dir", data_dir, "stats", "--json"]))
    codes.append(entry.main(["--data-dir", data_dir, "backup"]))
    codes.append(entry.main(["--data-dir", data_dir, "check"]))
    codes.append(entry.main(["--data-dir", data_dir, "restore"]))
    codes.append(entry.main(["units"]))
from desktop.core.records import Records
from desktop.store.db import open_database
from desktop.shared.paths import Paths
p = Paths(__import__("pathlib").Path(data_dir))
db = open_database(p.db_file, p.backup_dir)
Records(db.session, "x").create("person", {"full_name": "Nguyễn Văn Ánh", "sex": "nam", "category": "nhan_dan"})
db.dispose()
qt = sorted(m for m in sys.modules if m.split(".")[0] in {"PySide6", "shiboken6", "PyQt5", "PyQt6"}
            or m.startswith("desktop.ui"))
print(json.dumps({"codes": codes, "qt": qt, "imported": imported, "stdout": out.getvalue()}))
"""


def test_headless_modules_and_commands_do_not_load_qt(tmp_path):
    proc = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path / "data")], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["codes"] == [0, 0, 0, 0, 0, 0], proc.stderr
    assert {"desktop.core.records", "desktop.store.db", "desktop.store.backup", "desktop.__main__"} <= set(
        report["imported"])
    assert '"unit_code": "09319"' in report["stdout"]
    assert report["qt"] == [], f"Qt loaded by headless code: {report['qt']}"


def test_the_runtime_check_would_notice_qt(tmp_path):
    # the child's sys.modules test is real: importing the UI package does load PySide6
    pytest.importorskip("PySide6")
    if not (UI / "__init__.py").exists() and not any(UI.glob("*.py")):
        pytest.skip("no UI modules yet")
    code = ("import sys, importlib, pkgutil, desktop.ui as ui\n"
            "for i in pkgutil.iter_modules(ui.__path__, 'desktop.ui.'): importlib.import_module(i.name)\n"
            "print('PySide6' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "True"


# --------------------------------------------------------------------------- the layers
# ui, cli -> app -> core (domain), bundle, reports -> store -> shared. Each package may import only the
# packages listed for it (and itself); README "Layers" says what each one owns.
LAYER_OF_PACKAGE = {"shared": "shared", "store": "store", "core": "core", "bundle": "bundle",
                    "reports": "reports", "app": "app", "cli": "cli", "ui": "ui"}
ALLOWED_EDGES: dict[str, set[str]] = {
    "shared": set(),
    "store": {"shared"},
    "core": {"store", "shared"},
    "bundle": {"core", "store", "shared"},                 # the file format and crypto: no use case
    "reports": {"core", "shared"},                         # rendering only: never opens a database
    "app": {"core", "bundle", "reports", "store", "shared"},
    "cli": {"app", "core", "bundle", "reports", "shared"},  # opens the workspace only through desktop.app
    "ui": {"app", "core", "bundle", "reports", "store", "shared"},
    "entry": {"cli", "app", "shared", "ui"},               # desktop/__main__.py (the window lazily)
}
# Edges still to remove (file, imported package), shrinking to nothing: issue 13.
KNOWN_VIOLATIONS: set[tuple[str, str]] = {
    ("desktop/__main__.py", "bundle"), ("desktop/__main__.py", "core"), ("desktop/__main__.py", "store"),
    ("desktop/app/batch.py", "cli"),
    ("desktop/cli/printing.py", "store"), ("desktop/cli/review.py", "store"),
    ("desktop/reports/review_docs.py", "app"), ("desktop/reports/review_docs.py", "store"),
    ("desktop/reports/xlsx.py", "store"),
    ("desktop/ui/intake/receipts.py", "cli"), ("desktop/ui/reports_ui.py", "cli"),
}


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "desktop":
        return None
    if len(parts) == 1 or parts[1] == "__init__":
        return "shared"  # the package itself: its name and version
    if parts[1] == "__main__":
        return "entry"
    return LAYER_OF_PACKAGE.get(parts[1], "unknown:" + parts[1])


def desktop_imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            mod = _resolve(node.module, node.level, path)
            found += [(node.lineno, f"{mod}.{a.name}" if mod == "desktop" and (
                a.name in LAYER_OF_PACKAGE or a.name == "__main__") else mod) for a in node.names]
    return [(line, m) for line, m in found if layer_of(m) is not None]


def layer_violations() -> list[tuple[str, int, str, str]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        mine = layer_of(".".join(path.relative_to(ROOT).with_suffix("").parts))
        for line, module in desktop_imports(path):
            theirs = layer_of(module)
            if theirs != mine and theirs not in ALLOWED_EDGES.get(mine, set()):
                out.append((rel, line, module, theirs))
    return out


def test_every_module_belongs_to_a_layer():
    strays = sorted({p.relative_to(ROOT).as_posix() for p in PACKAGE.rglob("*.py")
                     if layer_of(".".join(p.relative_to(ROOT).with_suffix("").parts)) not in ALLOWED_EDGES})
    assert not strays, f"modules outside the layers (README 'Layers'): {strays}"


def test_dependencies_run_one_way():
    found = layer_violations()
    new = [f"{rel}:{line} imports {module} ({theirs})" for rel, line, module, theirs in found
           if (rel, theirs) not in KNOWN_VIOLATIONS]
    assert not new, "imports against the layers (tests/test_boundaries.py ALLOWED_EDGES):\n" + "\n".join(new)
    fixed = KNOWN_VIOLATIONS - {(rel, theirs) for rel, _, _, theirs in found}
    assert not fixed, f"remove these from KNOWN_VIOLATIONS, they are fixed: {sorted(fixed)}"


def test_the_layer_check_sees_an_upward_import(tmp_path, monkeypatch):
    src = "from desktop.app import workspace\nfrom ..ui import main_window\nimport desktop.shared.text\n"
    probe = tmp_path / "desktop" / "store" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text(src, encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path / "desktop")
    assert [(m, t) for _, _, m, t in layer_violations()] == [("desktop.app", "app"), ("desktop.ui", "ui")]
