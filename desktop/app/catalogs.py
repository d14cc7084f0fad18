"""Which catalog (titles, rules, base salary: resources/catalog) a version names.

The shipped catalog is always known. A workspace also keeps every catalog version it has used or
received in ``<data dir>/catalogs/<version>/`` (titles.json and base_salary.json), so that a proposal
citing an older version is checked against the rules it was made under, and a catalog update from
the province (desktop.app.results, ``receive``) can be applied without touching the issued documents."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.core.catalog import Catalog, CatalogError, load_catalog
from desktop.store.db import Database
from desktop.store.models import Setting

ARCHIVE = "catalogs"
IN_USE = "catalog.in_use"  # setting: the archived version the workspace uses ("" or absent: the shipped one)
log = logging.getLogger(__name__)
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


def in_use_version(db: Database | Session) -> str:
    """The version named by the workspace's setting, "" when it names none (the shipped catalog)."""
    if isinstance(db, Session):
        row = db.get(Setting, IN_USE)
        return row.value if row is not None else ""
    with db.session() as s:
        return in_use_version(s)


def set_in_use(s: Session, version: str) -> None:
    """Name ``version`` as the catalog in use, inside the caller's transaction."""
    row = s.get(Setting, IN_USE)
    if row is None:
        s.add(Setting(key=IN_USE, value=version))
    else:
        row.value = version


def catalog_in_use(db: Database | None, data_dir: Path | None) -> Catalog:
    """The catalog the workspace uses: the archived version its setting names (a catalog update from
    the province, applied by ``receive``), else the shipped one. An archived copy that went missing or
    is damaged falls back to the shipped catalog (logged), never to no catalog."""
    if db is None or data_dir is None:
        return load_catalog()
    return resolve(in_use_version(db), data_dir)


def resolve(version: str, data_dir: Path) -> Catalog:
    """The catalog of ``version`` as the catalog in use ("" or unknown: the shipped one)."""
    shipped = load_catalog()
    if not version or version == shipped.version:
        return shipped
    cat = catalog_for(version, data_dir)
    if cat is None:
        log.warning("catalog %r named in use is not in %s; using the shipped %s", version, data_dir, shipped.version)
        return shipped
    return cat


__all__ = ["ARCHIVE", "IN_USE", "archive_dir", "catalog_for", "catalog_in_use", "in_use_version", "resolve",
           "set_in_use"]
