"""What the province keeps of an accepted file: each record whole, plus the columns the consolidated
views filter on (CCCD, title, year, subject) filled from it."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from desktop.app import commune, demo, province
from desktop.shared.paths import Paths
from desktop.store.db import open_database
from desktop.store.models import Person, Registration
from desktop.store.models_bundle import ProvinceRecord
from tests.trust import install_trusted


def test_indexed_columns_follow_the_payload(workspace, paths, tmp_path):
    pp = Paths(tmp_path / "prov")
    pp.ensure()
    pdb = open_database(pp.db_file, pp.backup_dir)
    try:
        province.init_province(pdb, pp)
        commune.create_signing_key(paths)
        install_trusted(paths, province.public_key_file(pp))
        demo.fill(workspace, people=80, seed=11)
        province.enrol(pdb, commune.enrol_request(workspace, paths))
        result = commune.export(workspace, paths, tmp_path, "2026")
        r = province.import_file(pdb, pp, result.path.read_bytes(), result.file_name)
        assert r.status == "accepted"
        with workspace.session() as s:
            with_cccd = s.scalar(select(func.count()).select_from(Person).where(Person.cccd.is_not(None)))
            regs = s.scalars(select(Registration)).all()
        with pdb.session() as s:
            rows = s.scalars(select(ProvinceRecord).where(ProvinceRecord.kind == "person")).all()
            assert sum(1 for x in rows if x.cccd) == with_cccd
            for x in rows:
                payload = json.loads(x.payload)
                assert x.name == payload["full_name"] and x.cccd == payload["cccd"]
            got = s.scalars(select(ProvinceRecord).where(ProvinceRecord.kind == "registration")).all()
            assert sorted((x.title_code, x.year) for x in got) == sorted((g.title_code, g.year) for g in regs)
            assert all(x.subject_uid and x.subject_uid.startswith("09319:") for x in got)
    finally:
        pdb.dispose()
