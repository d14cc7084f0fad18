"""Every Vietnamese string the window shows goes through the translator.

A string literal with Vietnamese letters in the interface modules must be the argument of tr() or
QT_TR_NOOP(), a docstring, or sit on a line marked ``# i18n: keep`` (text that is not interface:
printed documents, file names, data values, log lines). tr() never takes an f-string: the formatted
text would not be found in the catalogue."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INTERFACE_MODULES = sorted(
    [p for p in (ROOT / "desktop" / "ui").rglob("*.py")
     if p.name != "__init__.py" and p.relative_to(ROOT / "desktop" / "ui").as_posix() != "i18n.py"]  # Qt's own strings
    # the domain, but for the modules whose Vietnamese is data (catalog names, unit names, register codes)
    + [p for p in (ROOT / "desktop" / "core").rglob("*.py")
       if p.name not in ("__init__.py", "acts.py", "catalog.py", "choices.py", "register.py", "units.py")]
    + [ROOT / "desktop" / "app" / "workspace.py", ROOT / "desktop" / "store" / "db.py",
       ROOT / "desktop" / "bundle" / "binding.py", ROOT / "desktop" / "reports" / "xlsx.py"]
)
VIETNAMESE = re.compile(r"[À-ỹĐđ]")
MARKERS = {"tr", "QT_TR_NOOP"}


def _call_name(node: ast.Call) -> str | None:
    f = node.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def unmarked_strings(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    tree = ast.parse(text)
    allowed: set[int] = set()  # ids of Constant nodes that are fine
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _call_name(node) in MARKERS and node.args:
            for sub in ast.walk(node.args[0]):
                allowed.add(id(sub))
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                allowed.add(id(body[0].value))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in allowed \
                and VIETNAMESE.search(node.value):
            span = lines[node.lineno - 1: (node.end_lineno or node.lineno)]
            if not any("i18n: keep" in line for line in span):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:60]!r}")
    return found


def f_strings_in_tr(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [f"{path.relative_to(ROOT)}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and _call_name(node) in MARKERS and node.args
            and isinstance(node.args[0], ast.JoinedStr)]


@pytest.mark.parametrize("path", INTERFACE_MODULES, ids=lambda p: p.name)
def test_interface_strings_are_marked_for_translation(path):
    assert unmarked_strings(path) == []


def test_tr_never_takes_an_f_string():
    bad = [hit for p in sorted((ROOT / "desktop").rglob("*.py")) for hit in f_strings_in_tr(p)]
    assert bad == []


def test_the_checker_finds_an_unmarked_string(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('"""Tài liệu."""\nfrom x import tr\n'
                      'a = tr("Đóng")\nb = "Mở"\nc = "Lưu"  # i18n: keep\nd = tr(f"Có {a}")\n', encoding="utf-8")
    global ROOT
    old, ROOT = ROOT, tmp_path
    try:
        assert unmarked_strings(sample) == ["sample.py:4: 'Mở'"]
        assert f_strings_in_tr(sample) == ["sample.py:6"]
    finally:
        ROOT = old
