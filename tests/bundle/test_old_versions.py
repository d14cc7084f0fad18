"""Files of earlier format versions still import: a real version-1 file and the version-2 file that
follows it (no part of the review's acts), committed with the test keys that read them
(tests/fixtures/bundle_v1/, written by its make_v1.py), taken by a province of today."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop import __version__
from desktop.app import province
from desktop.bundle import container
from desktop.bundle.envelope import decrypt
from desktop.bundle.errors import BundleRefused
from desktop.bundle.keys import Protection, SigningKey
from desktop.shared.paths import Paths
from desktop.store.db import open_database
from desktop.store.models import Workspace
from tests.bundle.kit import Inner, enrol_request_for, sha256
from tests.fixtures.bundle_v1.make_v1 import CODE, FILES, HERE, V1_KINDS, load_keys

ABOUT = json.loads((HERE / "about.json").read_text(encoding="utf-8"))


@pytest.fixture
def today(tmp_path, _machine_secret_outside_home):
    """A province of today holding the fixture's age identity, the commune's key enrolled."""
    identity, signer = load_keys()
    paths = Paths(tmp_path / "province")
    paths.ensure()
    db = open_database(paths.db_file, paths.backup_dir)
    with db.session() as s, s.begin():
        s.add(Workspace(kind="province", unit_code="24", unit_name=province.PROVINCE_NAME, officer_name="Sở Nội vụ",
                        created_by_version=__version__))
    folder = province.keys_dir(paths)
    identity.save(folder / province.IDENTITY_FILE, Protection.for_new_key())
    SigningKey.generate().save(folder, province.SIGNING_NAME, Protection.for_new_key())
    assert province.enrol(db, enrol_request_for(CODE, signer)).action == "new"
    yield db, paths, identity
    db.dispose()


def _file(seq: int) -> bytes:
    data = (HERE / FILES[seq]).read_bytes()
    assert sha256(data) == ABOUT["files"][str(seq)]["sha256"], "regenerate with tests/fixtures/bundle_v1/make_v1.py"
    return data


def _manifest(data: bytes, identity) -> dict:
    return json.loads(container.decode_sections(decrypt(data, identity))[0][1])


def test_the_committed_files_are_of_versions_1_and_2(today):
    _, _, identity = today
    m1, m2 = _manifest(_file(1), identity), _manifest(_file(2), identity)
    assert (m1["format_version"], m2["format_version"]) == (1, 2)
    assert "resume_token" not in m1 and m2["resume_token"] is None
    assert [p["kind"] for p in m1["parts"]] == [p["kind"] for p in m2["parts"]] == list(V1_KINDS)


def test_a_version_1_file_then_a_version_2_file_import_today(today):
    db, paths, identity = today
    r1 = province.import_file(db, paths, _file(1), FILES[1], identity=identity)
    assert r1.status == "accepted" and r1.sequence == 1 and r1.counts["person"] > 0
    r2 = province.import_file(db, paths, _file(2), FILES[2], identity=identity)
    assert r2.status == "accepted" and r2.sequence == 2
    assert r2.changes["person"]["changed"] == 1 and r2.changes["person"]["removed"] == 0
    with db.engine.connect() as c:
        kinds = {k for (k,) in c.exec_driver_sql("SELECT DISTINCT kind FROM province_record")}
    assert kinds <= set(V1_KINDS) and "person" in kinds


class _W:
    """What kit.Inner needs of a world: the province identity and a signer."""

    def __init__(self, identity, signer):
        self.identity = identity
        self.keys = type("K", (), {"a": signer})()


def test_a_version_2_file_may_not_carry_the_acts(today, tmp_path):
    """A part of a version-3 kind, or an underscore kind in ``removed``, in a version-2 manifest."""
    db, paths, identity = today
    _, signer = load_keys()
    assert province.import_file(db, paths, _file(1), FILES[1], identity=identity).status == "accepted"
    w = _W(identity, signer)
    i = Inner.open(w, _file(2))
    i.manifest["parts"][-1]["kind"] = "proposal_row"
    with pytest.raises(BundleRefused) as ei:
        province.import_file(db, paths, i.seal(w, signer=signer), "x.tdkt", identity=identity)
    assert ei.value.code == "bad_manifest" and "kind" in ei.value.message
    i = Inner.open(w, _file(2))
    i.manifest.update(kind="correction", removed={"person": [f"{CODE}:proposal_row:1"]})
    with pytest.raises(BundleRefused) as ei:
        province.import_file(db, paths, i.seal(w, signer=signer), "x.tdkt", identity=identity)
    assert ei.value.code == "bad_manifest"
    assert Path(HERE / "keys" / "province-identity.txt").read_text(encoding="ascii").startswith("# TEST KEY ONLY")
