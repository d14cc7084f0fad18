"""A catalog update from the province (docs/bundle-format.md §5, catalog): signed after the catalog
loads, archived at the commune and used from then on; never older, never rewriting a version, never
touching the documents issued under the old one."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from sqlalchemy import select

from desktop.app.catalog_update import make_catalog_update
from desktop.app.catalogs import catalog_in_use
from desktop.app.receive import receive
from desktop.app.workspace import Workspace
from desktop.core.catalog import CatalogError, default_catalog_dir, load_catalog
from desktop.shared.errors import UserError
from desktop.store.models_bundle import ProvinceStatementLog
from desktop.store.models_reports import IssuedDocument
from tests.bundle.kit import data_digest, wal_checkpoint


def catalog_folder(tmp_path, version: str, amount: int = 2_530_000):
    """The shipped catalog as ``version``, with a new base salary from 2026-07-01."""
    folder = tmp_path / f"catalog-{version}"
    shutil.copytree(default_catalog_dir(), folder)
    titles = json.loads((folder / "titles.json").read_text(encoding="utf-8"))
    titles["version"] = version
    (folder / "titles.json").write_text(json.dumps(titles, ensure_ascii=False), encoding="utf-8")
    salary = json.loads((folder / "base_salary.json").read_text(encoding="utf-8"))
    salary["version"] = version
    salary["values"].append({"from": "2026-07-01", "amount": amount, "source": "Nghị định thử nghiệm",
                             "verified": True})
    (folder / "base_salary.json").write_text(json.dumps(salary, ensure_ascii=False), encoding="utf-8")
    return folder


def _update(pair, tmp_path, version: str, **kw) -> bytes:
    w = make_catalog_update(pair.pdb, pair.ppaths, catalog_folder(tmp_path, version, **kw), tmp_path / "out",
                            signer=pair.signer)
    assert w.path.name == f"DanhMuc_{version}.json"
    return w.path.read_bytes()


def _issue_document(pair) -> None:
    with pair.cdb.session() as s, s.begin():
        s.add(IssuedDocument(kind="decision", year=2026, issue_year=2026, type_code="QĐ", number=7,
                             number_text="7/QĐ-UBND", issued_on=dt.date(2026, 12, 20), title="Khen thưởng",
                             signer_name="Nguyễn Văn An", signer_title="Chủ tịch", authority_prefix="TM.",
                             legal_bases="[]", rows="[]", row_count=0, total_amount=0, catalog_version="2026.1",
                             base_salary=2_340_000, source_kind="decision", content="{}", sha256="0" * 64,
                             change_kind="", change_reason="", created_by="Nguyễn Thị Hoa"))


def _documents(pair) -> list[tuple]:
    with pair.cdb.session() as s:
        return [(d.id, d.catalog_version, d.base_salary, d.sha256, d.content)
                for d in s.scalars(select(IssuedDocument))]


def test_catalog_update_is_applied_and_used(pair, tmp_path):
    _issue_document(pair)
    documents = _documents(pair)
    data = _update(pair, tmp_path, "2027.1")
    r = receive(pair.cdb, pair.cpaths, data)
    assert r.applied and r.kind == "catalog" and "phiên bản 2027.1" in r.message
    assert (pair.cpaths.data_dir / "catalogs" / "2027.1" / "titles.json").is_file()
    cat = catalog_in_use(pair.cdb, pair.cpaths.data_dir)
    assert cat.version == "2027.1" and cat.base_salary(dt.date(2026, 12, 1)).amount == 2_530_000
    with Workspace(pair.cpaths) as ws:  # what every command and the review use
        assert ws.catalog.version == "2027.1"
    assert _documents(pair) == documents  # issued documents are frozen records
    with pair.pdb.session() as s:
        (log,) = s.scalars(select(ProvinceStatementLog)).all()
        assert (log.kind, log.commune_code, log.year) == ("catalog", "", None)
    again = receive(pair.cdb, pair.cpaths, data)
    assert not again.applied and "đã nhận trước đó" in again.message


def test_an_older_catalog_is_refused(pair, tmp_path):
    receive(pair.cdb, pair.cpaths, _update(pair, tmp_path / "a", "2027.2"))
    older = _update(pair, tmp_path / "b", "2027.1")  # signed later, but an older version
    wal_checkpoint(pair.cpaths.db_file)
    before = data_digest(pair.cpaths.db_file, skip=())
    with pytest.raises(UserError, match="cũ hơn danh mục đang dùng"):
        receive(pair.cdb, pair.cpaths, older)
    wal_checkpoint(pair.cpaths.db_file)
    assert data_digest(pair.cpaths.db_file, skip=()) == before
    assert not (pair.cpaths.data_dir / "catalogs" / "2027.1").exists()
    assert catalog_in_use(pair.cdb, pair.cpaths.data_dir).version == "2027.2"


def test_the_same_version_with_other_content_is_refused(pair, tmp_path):
    receive(pair.cdb, pair.cpaths, _update(pair, tmp_path / "a", "2027.1"))
    other = _update(pair, tmp_path / "b", "2027.1", amount=2_600_000)
    with pytest.raises(UserError, match="không được sửa lại"):
        receive(pair.cdb, pair.cpaths, other)
    assert catalog_in_use(pair.cdb, pair.cpaths.data_dir).base_salary(dt.date(2026, 12, 1)).amount == 2_530_000


def test_a_broken_catalog_is_refused_before_signing(pair, tmp_path):
    folder = catalog_folder(tmp_path, "2027.1")
    titles = json.loads((folder / "titles.json").read_text(encoding="utf-8"))
    titles["titles"][0]["decided_by"] = "khong_co"
    (folder / "titles.json").write_text(json.dumps(titles, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CatalogError):
        make_catalog_update(pair.pdb, pair.ppaths, folder, tmp_path / "out", signer=pair.signer)
    assert not (tmp_path / "out").exists()
    with pair.pdb.session() as s:
        assert s.scalars(select(ProvinceStatementLog)).all() == []


def test_a_missing_archive_falls_back_to_the_shipped_catalog(pair, tmp_path):
    receive(pair.cdb, pair.cpaths, _update(pair, tmp_path, "2027.1"))
    shutil.rmtree(pair.cpaths.data_dir / "catalogs" / "2027.1")
    assert catalog_in_use(pair.cdb, pair.cpaths.data_dir).version == load_catalog().version
