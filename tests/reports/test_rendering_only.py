"""reports/ renders plain data: importing every reports module loads no database layer (issue 13)."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import desktop.reports

CHILD = r"""
import importlib, json, pkgutil, sys
import desktop.reports
for info in pkgutil.walk_packages(desktop.reports.__path__, "desktop.reports."):
    importlib.import_module(info.name)
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("desktop", "sqlalchemy"))))
"""


def test_reports_import_no_store_and_no_application_layer():
    names = [i.name for i in pkgutil.walk_packages(desktop.reports.__path__, "desktop.reports.")]
    assert {"desktop.reports.review_docs", "desktop.reports.xlsx", "desktop.reports.documents"} <= set(names)
    out = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, check=True).stdout
    loaded = json.loads(out)
    assert not [m for m in loaded if m.startswith(("desktop.store", "desktop.app", "desktop.cli", "desktop.ui",
                                                   "sqlalchemy"))], loaded
