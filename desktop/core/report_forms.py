"""The official forms the printed documents follow, as data (resources/forms/): each form's number and
the text it comes from. The achievement report's forms (individual, collective) are read here."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from desktop.shared.paths import resources_dir

FORMS_FILE = "achievement_report.json"


@dataclass(frozen=True)
class FormRef:
    number: str       # "Mẫu số 02", printed at the top right of the document
    title: str
    source: str       # the act and appendix the form comes from


@cache
def achievement_forms() -> dict[str, FormRef]:
    """Subject type ("person", "collective") -> the achievement report form it is printed on."""
    path = resources_dir() / "forms" / FORMS_FILE
    doc = json.loads(path.read_text(encoding="utf-8"))
    out = {}
    for subject_type, f in (doc.get("forms") or {}).items():
        if not all(isinstance(f.get(k), str) and f[k].strip() for k in ("number", "title", "source")):
            raise ValueError(f"resources/forms/{FORMS_FILE}: form “{subject_type}” needs number, title and source")
        out[subject_type] = FormRef(f["number"], f["title"], f["source"])
    return out


__all__ = ["FormRef", "achievement_forms"]
