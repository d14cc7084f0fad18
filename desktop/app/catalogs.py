"""Which catalog (titles, rules, base salary: resources/catalog) a version names.

The shipped catalog is always known. A workspace also keeps every catalog version it has used or
received in ``<data dir>/catalogs/<version>/`` (titles.json and base_salary.json), so that a proposal
citing an older version is checked against the rules it was made under, and a catalog update from
the province (desktop.app.results, ``receive``) can be applied without touching the issued documents."""

from __future__ import annotations

import re
from pathlib import Path

from desktop.core.catalog import Catalog, CatalogError, load_catalog

ARCHIVE = "catalogs"
_SAFE = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,39}\Z", re.ASCII)


def archive_dir(data_dir: Path, version: str) -> Path | None:
    """The folder of ``version`` in the workspace's archive; None for a version that cannot be a
    folder name (a hostile version string never becomes a path)."""
    if not _SAFE.match(version) or ".." in version:
        return None
    return Path(data_dir) / ARCHIVE / version


def catalog_for(version: str, data_dir: Path | None = None) -> Catalog | None:
    """The catalog of ``version``: the shipped one when it is that version, else the archived copy in
    ``data_dir``; None when neither is known."""
    shipped = load_catalog()
    if shipped.version == version:
        return shipped
    if data_dir is None:
        return None
    folder = archive_dir(data_dir, version)
    if folder is None or not (folder / "titles.json").is_file():
        return None
    try:
        cat = load_catalog(folder)
    except CatalogError:
        return None
    return cat if cat.version == version else None


__all__ = ["ARCHIVE", "archive_dir", "catalog_for"]
