"""A copy of the shipped catalog with some titles' criteria replaced, for tests of one rule."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from desktop.core.catalog import default_catalog_dir


def edited_catalog(folder: Path, criteria: dict[str, list[dict]]) -> Path:
    """The shipped catalog copied into ``folder`` with the criteria of each title code in ``criteria``
    replaced; returns the folder (load it with desktop.core.catalog.load_catalog)."""
    shutil.copytree(default_catalog_dir(), folder)
    doc = json.loads((folder / "titles.json").read_text(encoding="utf-8"))
    for t in doc["titles"]:
        if t["code"] in criteria:
            t["criteria"] = criteria[t["code"]]
    (folder / "titles.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return folder
