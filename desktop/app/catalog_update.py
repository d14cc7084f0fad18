"""A catalog update from the province (docs/bundle-format.md §5, catalog), both ends.

Province: ``make_catalog_update`` loads a catalog folder with desktop.core.catalog (a broken catalog is
refused before anything is signed) and signs its two documents. Commune: ``apply_catalog`` (through
desktop.app.receive) checks the catalog the same way, keeps it in ``<data dir>/catalogs/<version>/``
and names it the catalog in use (desktop.app.catalogs). Issued documents are never touched: they are
frozen records citing the version they were made under, which stays in the archive."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.app.catalogs import archive_dir, in_use_version, resolve, set_in_use
from desktop.app.results import Written, last_applied, next_made_at, write_logged
from desktop.bundle import results
from desktop.bundle.keys import SigningKey
from desktop.bundle.strictjson import StrictJSONError, loads
from desktop.core.catalog import SALARY_FILE, TITLES_FILE, CatalogError, load_catalog, parse_catalog
from desktop.shared.errors import UserError
from desktop.shared.fsio import write_atomic
from desktop.shared.paths import Paths
from desktop.store.db import Database
from desktop.store.models_bundle import ReceivedStatement


def _document(folder: Path, name: str) -> dict:
    try:
        doc = loads((folder / name).read_bytes(), max_bytes=results.CATALOG_MAX_BYTES)
    except (OSError, StrictJSONError) as exc:
        raise UserError(f"Không đọc được {folder / name}: {exc}.") from None
    if not isinstance(doc, dict):
        raise UserError(f"{folder / name} không phải một đối tượng JSON.")
    return doc


def make_catalog_update(db: Database, paths: Paths, catalog_dir: Path | str, out: Path | str,
                        signer: SigningKey | None = None) -> Written:
    """Sign the catalog of ``catalog_dir`` (titles.json, base_salary.json) for every commune into ``out``
    (a file, or a folder: ``DanhMuc_<version>.json`` in it), logged in province_statement_log."""
    folder = Path(catalog_dir)
    cat = load_catalog(folder)  # CatalogError (a UserError naming the file and the defect): nothing signed
    titles, salary = _document(folder, TITLES_FILE), _document(folder, SALARY_FILE)
    target = Path(out)
    if target.is_dir() or not target.suffix:
        target = target / f"DanhMuc_{cat.version}.json"
    if signer is None:
        from desktop.app.province import signing_key

        signer = signing_key(paths)
    with db.session() as s, s.begin():
        made_at = next_made_at(s, "catalog", "", None)
        body = {"type": results.CATALOG, "version": 1, "catalog_version": cat.version, "made_at": made_at,
                "titles": titles, "base_salary": salary}
        results.check_catalog(dict(body))
        data = results.sign(body, signer)
        if len(data) > results.CATALOG_MAX_BYTES:
            raise UserError(f"Danh mục quá lớn để gửi ({len(data)} byte, tối đa {results.CATALOG_MAX_BYTES}).")
        return write_logged(s, "catalog", "", None, made_at, len(cat.titles), data, target)


def _same(doc: dict, folder: Path) -> bool:
    """Whether ``folder`` holds exactly the catalog documents of ``doc``."""
    try:
        return (json.loads((folder / TITLES_FILE).read_bytes()) == doc["titles"]
                and json.loads((folder / SALARY_FILE).read_bytes()) == doc["base_salary"])
    except (OSError, ValueError):
        return False


def apply_catalog(s: Session, paths: Paths, doc: dict, digest: str) -> str:
    """Inside the caller's transaction: check the catalog, archive it, make it the catalog in use.
    Refused: a malformed body or catalog, an older version than the one in use (or the same version
    with other content), an older file than the last catalog update applied."""
    doc = results.check_catalog(doc)
    version = doc["catalog_version"]
    folder = archive_dir(paths.data_dir, version)
    if folder is None:
        raise UserError("Phiên bản danh mục trong tệp không hợp lệ. Hãy đề nghị Sở Nội vụ gửi lại.")
    try:
        new = parse_catalog(doc["titles"], doc["base_salary"], folder)
    except CatalogError as exc:
        raise UserError(f"Danh mục trong tệp của Sở Nội vụ không dùng được: {exc.message} Không cập nhật gì; hãy "
                        "đề nghị Sở Nội vụ gửi lại.") from None
    current = resolve(in_use_version(s), paths.data_dir)
    last = last_applied(s, "catalog", None)
    if last is not None and doc["made_at"] <= last.made_at:
        raise UserError(f"Tệp cập nhật danh mục này (phiên bản {version}) không mới hơn tệp cập nhật đã nhập. "
                        "Không cập nhật, để danh mục không bị lùi lại.")
    if results.version_key(version) < results.version_key(current.version):
        raise UserError(f"Danh mục phiên bản {version} cũ hơn danh mục đang dùng (phiên bản {current.version}). "
                        "Không cập nhật.")
    if version == current.version and not _same(doc, current.directory):
        raise UserError(f"Danh mục phiên bản {version} đang dùng có nội dung khác với tệp này. Một phiên bản "
                        "không được sửa lại; hãy đề nghị Sở Nội vụ gửi danh mục với số phiên bản mới.")
    if (folder / TITLES_FILE).exists() and not _same(doc, folder):
        raise UserError(f"Máy này đã lưu danh mục phiên bản {version} với nội dung khác (các văn bản đã ban hành "
                        "dẫn chiếu bản đó). Không cập nhật; hãy đề nghị Sở Nội vụ gửi danh mục với số phiên bản mới.")
    if version != load_catalog().version:  # the shipped catalog is never copied into the archive
        for name, part in ((TITLES_FILE, doc["titles"]), (SALARY_FILE, doc["base_salary"])):
            write_atomic(folder / name, json.dumps(part, ensure_ascii=False, indent=2).encode("utf-8"), verify=True)
        load_catalog(folder)  # read back as the workspace will read it
    set_in_use(s, version)
    s.add(ReceivedStatement(kind="catalog", made_at=doc["made_at"], file_sha256=digest, year=None,
                            summary=json.dumps({"catalog_version": version, "titles": len(new.titles)})))
    was = f" (thay phiên bản {current.version})" if current.version != version else ""
    return (f"Đã cập nhật danh mục danh hiệu, hình thức khen thưởng phiên bản {version}{was}: {len(new.titles)} "
            "danh hiệu, hình thức; lương cơ sở phiên bản "
            f"{new.salary_version}. Các văn bản đã ban hành giữ nguyên danh mục đã dùng khi lập.")


__all__ = ["make_catalog_update", "apply_catalog"]
