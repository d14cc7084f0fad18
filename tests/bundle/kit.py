"""Building blocks for the data file (.tdkt) tests and the bad-file kit.

A *world* is a province with enrolled communes and two accepted files, built through the real code
(init, enrolment, rotation, export, import), plus the keys needed to forge files on purpose:

* commune A (09319 Xã Tiên Du): real workspace with sample data; first key ``a_old``, then rotated to
  ``a`` (so ``a_old`` is revoked); files 1 and 2 accepted at the province, file 3 exported but not
  imported (the next valid file: every content case is file 3 with one defect).
* commune B (09187 Phường Kinh Bắc): key ``b`` enrolled, no files.
* commune C (07210 Phường Bắc Giang): key ``c`` enrolled with an expiry in the past.
* ``unknown``: a signing key never enrolled; ``other``: somebody else's age identity.

``Inner`` opens a file with the province identity and lets a test alter the manifest, the records or
the raw sections, then signs (with a chosen key) and encrypts again, so a forged file is refused for
exactly the defect under test and not for a stale signature or hash.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import pyrage
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pyrage import x25519

from desktop import __version__
from desktop.app import commune, demo, province
from desktop.app.workspace import init_workspace
from desktop.bundle import container, statements
from desktop.bundle.container import MANIFEST_TYPE
from desktop.bundle.keys import AgeIdentity, Protection, ProvinceKey, SigningKey, b64, key_id, now_iso
from desktop.bundle.strictjson import dumps
from desktop.core.units import find_unit
from desktop.shared.paths import Paths
from desktop.store.db import Database, open_database
from desktop.store.models import Workspace
from tests.trust import install_trusted

CODE_A, CODE_B, CODE_C = "09319", "09187", "07210"
# D re-enrolled after a lost key (its first file needs the province's resume token); E sent a file,
# then rotated its key (the new key's first full file may not silently remove most of the records)
CODE_D, CODE_E = "07738", "07525"
PEOPLE, SEED = 20, 7
PERIOD = "2026"
EXPIRED = dt.datetime(2020, 1, 1)
KEY_NAMES = ("a_old", "a", "b", "c", "unknown", "d_old", "d", "e", "e_new")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- keys


@dataclass
class KeySet:
    province_identity: AgeIdentity
    province_signer: SigningKey
    a_old: SigningKey
    a: SigningKey
    b: SigningKey
    c: SigningKey
    unknown: SigningKey
    d_old: SigningKey
    d: SigningKey
    e: SigningKey
    e_new: SigningKey
    other: AgeIdentity

    @classmethod
    def generate(cls) -> KeySet:
        return cls(AgeIdentity.generate(), SigningKey.generate(),
                   *(SigningKey.generate() for _ in KEY_NAMES), AgeIdentity.generate())

    # Plain-text test keys (never do this with real keys): age identity files and unencrypted PKCS#8.
    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        note = "# TEST KEY ONLY - published with the tdkt test kit, never use it for real data\n"
        for name, ident in (("province-identity.txt", self.province_identity), ("other-identity.txt", self.other)):
            (folder / name).write_text(f"{note}# public key: {ident.recipient}\n{ident.identity}\n",
                                       encoding="ascii")
        for name, key in [("province-signing", self.province_signer)] + [(n, getattr(self, n)) for n in KEY_NAMES]:
            pem = key.private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                            serialization.NoEncryption())
            (folder / f"{name.replace('_', '-')}.pem").write_bytes(pem)
        (folder / "province-key.json").write_bytes(self.province_key().to_file(self.province_signer))

    @classmethod
    def load(cls, folder: Path) -> KeySet:
        def ident(name: str) -> AgeIdentity:
            lines = [x for x in (folder / name).read_text(encoding="ascii").splitlines() if x and x[0] != "#"]
            return AgeIdentity(x25519.Identity.from_str(lines[0].strip()))

        def signer(name: str) -> SigningKey:
            key = serialization.load_pem_private_key((folder / f"{name.replace('_', '-')}.pem").read_bytes(), None)
            assert isinstance(key, Ed25519PrivateKey)
            return SigningKey(key)

        return cls(ident("province-identity.txt"), signer("province-signing"),
                   *(signer(n) for n in KEY_NAMES), ident("other-identity.txt"))

    def province_key(self) -> ProvinceKey:
        return ProvinceKey(province.PROVINCE_NAME, self.province_identity.recipient, self.province_signer.public_raw)


def province_from_keys(db: Database, paths: Paths, keys: KeySet) -> None:
    """What ``province.init_province`` does, with given keys instead of new ones."""
    with db.session() as s, s.begin():
        s.add(Workspace(kind="province", unit_code="24", unit_name=province.PROVINCE_NAME,
                        officer_name="Sở Nội vụ", created_by_version=__version__))
    protection = Protection.for_new_key()
    folder = province.keys_dir(paths)
    keys.province_identity.save(folder / province.IDENTITY_FILE, protection)
    keys.province_signer.save(folder, province.SIGNING_NAME, protection)
    (folder / province.PUBLIC_FILE).write_bytes(keys.province_key().to_file(keys.province_signer))


def enrol_request_for(code: str, key: SigningKey, officer: str = "Cán bộ thử nghiệm",
                      rotate_from: SigningKey | None = None) -> bytes:
    """An enrolment request written from the specification (docs/bundle-format.md §5), for communes
    that have no workspace in the test world."""
    unit = find_unit(code)
    body = {"type": "tdkt-enrol-request", "version": 1, "commune_code": code,
            "commune_name": unit.name if unit else "Xã Không Có",
            "officer": officer, "public_key": b64(key.public_raw), "key_id": key.key_id,
            "fingerprint": key.fingerprint, "created_at": now_iso(), "app_version": __version__,
            "last_export": None, "rotation_from": rotate_from.key_id if rotate_from else None}
    payload = dumps(body)
    doc = {**body, "signature": b64(key.sign(statements.ENROL_TYPE, payload))}
    if rotate_from is not None:
        doc["old_signature"] = b64(rotate_from.sign(statements.ENROL_TYPE, payload))
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


# --------------------------------------------------------------------------- database state


def wal_checkpoint(path: Path) -> None:
    """Fold the write-ahead log into the main file and empty it, so the main file alone is the state."""
    con = sqlite3.connect(str(path), timeout=5)
    try:
        busy, _, _ = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        assert busy == 0, "a reader or writer still holds the database"
    finally:
        con.close()
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def db_digest(db: Database | Path) -> str:
    """SHA-256 of the database file after a checkpoint: two equal digests mean not one page changed.

    Stronger than comparing a logical dump (which would miss e.g. a rolled-back-but-checkpointed
    free-list change or a rewritten page with equal rows)."""
    path = db.path if isinstance(db, Database) else db
    wal_checkpoint(path)
    return sha256(path.read_bytes())


def data_digest(path: Path, skip: tuple[str, ...] = ("province_attempt",)) -> str:
    """SHA-256 of the schema and every row of every table but ``skip``: the province's data unchanged
    by a refused import, which the record of import attempts (province_attempt) does write to."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    h = hashlib.sha256()
    try:
        for kind, name, sql in con.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name"):
            h.update(f"{kind}\0{name}\0{sql}\0".encode())
            if kind == "table" and name not in skip:
                for row in con.execute(f'SELECT * FROM "{name}" ORDER BY rowid'):
                    h.update(repr(row).encode())
    finally:
        con.close()
    return h.hexdigest()


def attempts(path: Path) -> list[dict]:
    """The province's record of import attempts, oldest first."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute("SELECT * FROM province_attempt ORDER BY id")]
    finally:
        con.close()


def table_counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("province_key", "province_bundle", "province_record")}
    finally:
        con.close()


# --------------------------------------------------------------------------- the world


@dataclass
class World:
    root: Path
    keys: KeySet
    province: Paths                    # base state, database closed: copy it with open_province()
    commune: Paths                     # commune A (its own data folder, database closed)
    requests: list[tuple[str, bytes, dt.datetime | None]]  # enrolment requests in the order enrolled
    good: dict[int, bytes]             # commune A's real files by sequence
    good_names: dict[int, str]
    extra: dict[str, bytes] = field(default_factory=dict)  # other communes' accepted files, by name
    steps: list[tuple] = field(default_factory=list)       # (action, name, data, expires) as replayed
    _copies: int = field(default=0, repr=False)

    @property
    def identity(self) -> AgeIdentity:
        return self.keys.province_identity

    @property
    def recipient_id(self) -> str:
        return key_id(self.identity.recipient)

    def open_province(self, dest: Path | None = None) -> tuple[Database, Paths]:
        """A private copy of the province in its base state (files 1 and 2 of commune A accepted)."""
        if dest is None:
            self._copies += 1
            dest = self.root / "copies" / str(self._copies)
        shutil.copytree(self.province.data_dir, dest, ignore=shutil.ignore_patterns("backups", "logs"))
        paths = Paths(dest)
        paths.ensure()
        return open_database(paths.db_file, paths.backup_dir), paths

    def import_(self, db: Database, paths: Paths, data: bytes, name: str = "", dry_run: bool = False,
                confirm_held: bool = False):
        return province.import_file(db, paths, data, name, dry_run=dry_run, identity=self.identity,
                                    confirm_held=confirm_held)


def _open(paths: Paths) -> Database:
    paths.ensure()
    return open_database(paths.db_file, paths.backup_dir)


def build_world(root: Path, keys: KeySet | None = None) -> World:
    """Without ``keys``: the real key-making code runs (init_province, create_signing_key, rotate_key).
    With ``keys`` (the committed kit): the same steps with those keys put in place."""
    root.mkdir(parents=True, exist_ok=True)
    ppaths, cpaths = Paths(root / "province"), Paths(root / "commune-09319")
    pdb, cdb = _open(ppaths), _open(cpaths)
    try:
        if keys is None:
            province.init_province(pdb, ppaths)
            pkeys = province.keys_dir(ppaths)
            identity = AgeIdentity.load(pkeys / province.IDENTITY_FILE)
            province_signer = SigningKey.load(pkeys, province.SIGNING_NAME)
        else:
            province_from_keys(pdb, ppaths, keys)
        init_workspace(cdb, CODE_A, "Nguyễn Thị Hoa")
        install_trusted(cpaths, province.public_key_file(ppaths))
        ckeys = commune.keys_dir(cpaths)
        if keys is None:
            commune.create_signing_key(cpaths)
        else:
            keys.a_old.save(ckeys, commune.SIGNING_NAME, Protection.for_new_key())
        demo.fill(cdb, people=PEOPLE, seed=SEED)
        requests: list[tuple[str, bytes, dt.datetime | None]] = [
            ("09319-first", commune.enrol_request(cdb, cpaths), None)]
        assert province.enrol(pdb, requests[0][1]).action == "new"
        if keys is None:
            a_old = commune.load_signing_key(cpaths)
            rotation = commune.rotate_key(cdb, cpaths)
            keys = KeySet(identity, province_signer, a_old, commune.load_signing_key(cpaths),
                          *(SigningKey.generate() for _ in KEY_NAMES[2:]), AgeIdentity.generate())
        else:
            for suffix in (".key", ".json"):
                os.replace(ckeys / f"{commune.SIGNING_NAME}{suffix}", ckeys / f"{commune.SIGNING_NAME}.cu{suffix}")
            keys.a.save(ckeys, commune.SIGNING_NAME, Protection.for_new_key())
            rotation = commune.enrol_request(cdb, cpaths, rotate_from=keys.a_old)
        requests.append(("09319-rotation", rotation, None))
        assert province.enrol(pdb, rotation, replace_active=True).action == "rotation"
        requests.append(("09187", enrol_request_for(CODE_B, keys.b), None))
        requests.append(("07210-expired", enrol_request_for(CODE_C, keys.c), EXPIRED))
        requests.append(("07738-first", enrol_request_for(CODE_D, keys.d_old), None))
        requests.append(("07525-first", enrol_request_for(CODE_E, keys.e), None))
        for _, data, expires in requests[2:]:
            assert province.enrol(pdb, data, expires_at=expires).action == "new"
        requests.append(("07738-lost-key", enrol_request_for(CODE_D, keys.d), None))
        assert province.enrol(pdb, requests[-1][1], replace_active=True).action == "re-enrolment"

        out = root / "usb"
        out.mkdir(exist_ok=True)
        good, names = {}, {}
        extra: dict[str, bytes] = {}
        for seq in (1, 2, 3):
            if seq > 1:
                demo.fill(cdb, people=2, seed=SEED + seq)  # a little new work between two files
            r = commune.export(cdb, cpaths, out, PERIOD)
            assert r.sequence == seq
            good[seq], names[seq] = r.path.read_bytes(), r.file_name
        for seq in (1, 2):
            r = province.import_file(pdb, ppaths, good[seq], names[seq], identity=keys.province_identity)
            assert r.status == "accepted", r
        # E: its first file (A's file 1 presented as E's), then a rotation to a new key
        w = World(root, keys, ppaths, cpaths, requests, good, names)
        e_first = Inner.open(w, good[1])
        e_first.as_commune(CODE_E)
        e_first.manifest["signer_key_id"] = keys.e.key_id
        extra["07525-so1"] = e_first.seal(w, signer=keys.e)
        r = province.import_file(pdb, ppaths, extra["07525-so1"], "07525-so1", identity=keys.province_identity)
        assert r.status == "accepted", r
        requests.append(("07525-rotation", enrol_request_for(CODE_E, keys.e_new, rotate_from=keys.e), None))
        assert province.enrol(pdb, requests[-1][1], replace_active=True).action == "rotation"
    finally:
        pdb.dispose()
        cdb.dispose()
    wal_checkpoint(ppaths.db_file)
    # the province's history, in the order it happened (tests/bundle/make_corpus.py writes it as setup.json)
    by_name = {n: (d, e) for n, d, e in requests}
    steps = [("enrol", n, *by_name[n]) for n in ("09319-first", "09319-rotation", "09187", "07210-expired",
                                                "07738-first", "07525-first", "07738-lost-key")]
    steps += [("import", names[1], good[1], None), ("import", names[2], good[2], None),
              ("import", "ThiDua_07525_so0001.tdkt", extra["07525-so1"], None),
              ("enrol", "07525-rotation", *by_name["07525-rotation"])]
    return World(root, keys, ppaths, cpaths, requests, good, names, extra, steps)


# --------------------------------------------------------------------------- forging files


def encrypt(inner: bytes, recipient: str) -> bytes:
    return pyrage.encrypt(inner, [x25519.Recipient.from_str(recipient)])


def gz(raw: bytes) -> bytes:
    return gzip.compress(raw, compresslevel=6, mtime=0)


def jsonl(records: list[dict]) -> bytes:
    return b"".join(dumps(r) + b"\n" for r in records)


@dataclass
class Inner:
    """A decrypted file, open for alteration."""

    manifest: dict
    parts: list[tuple[str, bytes]]

    @classmethod
    def open(cls, world: World, data: bytes) -> Inner:
        sections = container.decode_sections(pyrage.decrypt(data, [world.identity.identity]))
        assert [n for n, _ in sections[:2]] == ["manifest", "signature"]
        return cls(json.loads(sections[0][1]), list(sections[2:]))

    def _index(self, kind: str) -> int:
        return next(i for i, p in enumerate(self.manifest["parts"]) if p["kind"] == kind)

    def raw(self, kind: str) -> bytes:
        return gzip.decompress(self.parts[self._index(kind)][1])

    def records(self, kind: str) -> list[dict]:
        return [json.loads(line) for line in self.raw(kind).splitlines()]

    def set_raw(self, kind: str, raw: bytes, stored: bytes | None = None, records: int | None = None) -> None:
        """Replace a part and describe it truthfully in the manifest (unless told otherwise)."""
        i = self._index(kind)
        stored = gz(raw) if stored is None else stored
        name = self.parts[i][0]
        self.parts[i] = (name, stored)
        self.manifest["parts"][i].update(size=len(stored), raw_size=len(raw), sha256=sha256(stored),
                                         records=raw.count(b"\n") if records is None else records)

    def set_records(self, kind: str, records: list[dict]) -> None:
        self.set_raw(kind, jsonl(records))

    def replace_text(self, old: str, new: str) -> None:
        """Rewrite every part's JSON text (e.g. every uid's commune code)."""
        for p in self.manifest["parts"]:
            self.set_raw(p["kind"], self.raw(p["kind"]).replace(old.encode(), new.encode()))

    def as_commune(self, code: str) -> None:
        """The same data, presented as another commune's (its code in the manifest and every uid),
        the first file of that commune."""
        unit = find_unit(code)
        assert unit is not None
        self.replace_text(f'"{CODE_A}:', f'"{code}:')
        self.manifest.update(commune_code=code, commune_name=unit.name, sequence=1, previous_hash=None)

    def manifest_bytes(self) -> bytes:
        return dumps(self.manifest)

    def sections(self, manifest_bytes: bytes, signature: bytes) -> list[tuple[str, bytes]]:
        return [("manifest", manifest_bytes), ("signature", signature)] + self.parts

    def seal(self, world: World, signer: SigningKey | None = None, manifest_bytes: bytes | None = None,
             signature: bytes | None = None, sections: list[tuple[str, bytes]] | None = None,
             inner: bytes | None = None, recipient: str | None = None) -> bytes:
        """Sign (by default with commune A's current key) and encrypt (by default to the province)."""
        if inner is None:
            if sections is None:
                mb = self.manifest_bytes() if manifest_bytes is None else manifest_bytes
                if signature is None:
                    signature = (signer or world.keys.a).sign(MANIFEST_TYPE, mb)
                sections = self.sections(mb, signature)
            inner = container.encode_sections(sections)
        return encrypt(inner, recipient or world.identity.recipient)

    def sign(self, world: World, manifest_bytes: bytes, signer: SigningKey | None = None) -> bytes:
        return (signer or world.keys.a).sign(MANIFEST_TYPE, manifest_bytes)


def decrypt(world: World, data: bytes) -> bytes:
    return pyrage.decrypt(data, [world.identity.identity])


# --------------------------------------------------------------------------- the committed kit


KIT_DIR = Path(__file__).resolve().parent / "corpus"


def province_from_kit(dest: Path, kit: Path = KIT_DIR) -> tuple[Paths, KeySet]:
    """Rebuild the province the kit's files were made against: its keys (kit/keys), the enrolments and
    imports listed in kit/setup.json, replayed through the real code. The database is left closed."""
    keys = KeySet.load(kit / "keys")
    paths = Paths(dest)
    db = _open(paths)
    try:
        province_from_keys(db, paths, keys)
        for step in json.loads((kit / "setup.json").read_text(encoding="utf-8"))["steps"]:
            data = (kit / step["file"]).read_bytes()
            if step["action"] == "enrol":
                expires = dt.datetime.fromisoformat(step["expires_at"]) if step.get("expires_at") else None
                province.enrol(db, data, expires_at=expires, replace_active=bool(step.get("replace_active_key")))
            else:
                r = province.import_file(db, paths, data, Path(step["file"]).name, identity=keys.province_identity)
                assert r.status == "accepted", (step, r.status)
    finally:
        db.dispose()
    return paths, keys


# --------------------------------------------------------------------------- province statements
# What the province sends back to a commune besides receipts: a year's results (tdkt-results) and a
# catalog update (tdkt-catalog), docs/bundle-format.md §5. ``StatementPair`` is a province and one
# commune (09319) with a proposal of YEAR of two rows; ``STATEMENT_CASES`` are the files a commune must
# refuse, each for one stated reason, leaving its database unchanged.

RESULTS_YEAR = 2026


@dataclass
class StatementPair:
    pdb: Database
    ppaths: Paths
    cdb: Database
    cpaths: Paths
    signer: SigningKey
    rows: list[int]              # the commune's proposal rows (review_decision_row.id)
    decision_row: int            # a row of the commune's own decision (not a proposal row)
    people: list[int]

    def outcome(self, row_id: int, status: str = "accepted", number: str = "12/QĐ-UBND",
                date: dt.date | None = dt.date(2027, 1, 15), reason: str = "", code: str = CODE_A,
                year: int = RESULTS_YEAR) -> None:
        """Record (or change) the province's outcome on one row, as the clerk's screen will."""
        from sqlalchemy import select

        from desktop.store.models_bundle import ProvinceOutcome

        uid = f"{code}:proposal_row:{row_id}"
        with self.pdb.session() as s, s.begin():
            o = s.scalar(select(ProvinceOutcome).where(ProvinceOutcome.commune_code == code,
                                                       ProvinceOutcome.row_uid == uid))
            if o is None:
                o = ProvinceOutcome(commune_code=code, year=year, row_uid=uid, status=status)
                s.add(o)
            o.status, o.decision_number, o.decision_date, o.reason = status, number, date, reason

    def results_file(self, out: Path, code: str = CODE_A, year: int = RESULTS_YEAR) -> bytes:
        from desktop.app.results import make_results

        return make_results(self.pdb, self.ppaths, code, year, out, signer=self.signer).path.read_bytes()

    def body(self, outcomes: list[dict] | None = None, **changes) -> dict:
        """A well-formed results body for the commune's first row (to forge from)."""
        return {"type": "tdkt-results", "version": 1, "commune_code": CODE_A, "year": RESULTS_YEAR,
                "made_at": now_iso(),
                "outcomes": outcomes if outcomes is not None else [
                    {"row": f"{CODE_A}:proposal_row:{self.rows[0]}", "status": "accepted",
                     "decision_number": "12/QĐ-UBND", "decision_date": "2027-01-15", "reason": ""}],
                **changes}

    def dispose(self) -> None:
        self.pdb.dispose()
        self.cdb.dispose()


def copy_pair(template: StatementPair, root: Path) -> StatementPair:
    """A private copy of ``template`` (made once a module: the province's keys take seconds)."""
    ppaths, cpaths = Paths(root / "province"), Paths(root / "commune")
    for src, dest in ((template.ppaths, ppaths), (template.cpaths, cpaths)):
        wal_checkpoint(src.db_file)
        shutil.copytree(src.data_dir, dest.data_dir, ignore=shutil.ignore_patterns("backups", "logs"))
    return StatementPair(_open(ppaths), ppaths, _open(cpaths), cpaths, template.signer, template.rows,
                         template.decision_row, template.people)


def statement_pair(root: Path, province_paths: Paths | None = None) -> StatementPair:
    """A province (its keys made by init_province) and commune 09319 trusting its key, with a proposal
    to the province of RESULTS_YEAR (two people proposed for the Bằng khen of the province chairman) and
    a commune decision of one row."""
    from desktop.core.records import Records
    from desktop.store.db import open_url
    from desktop.store.models_review import ReviewDecision, ReviewDecisionRow

    ppaths, cpaths = province_paths or Paths(root / "province"), Paths(root / "commune")
    ppaths.ensure()
    cpaths.ensure()
    pdb = open_url(ppaths.db_url) if ppaths.db_url else _open(ppaths)
    province.init_province(pdb, ppaths)
    signer = province.signing_key(ppaths)
    cdb = _open(cpaths)
    init_workspace(cdb, CODE_A, "Nguyễn Thị Hoa")
    install_trusted(cpaths, province.public_key_file(ppaths))
    rec = Records(cdb.session, "Nguyễn Thị Hoa")
    people = [rec.create("person", {"full_name": name, "sex": "nu", "category": "vien_chuc"})
              for name in ("Trần Thị Lan", "Lê Văn Hùng", "Phạm Thị Mai")]
    ids = []
    with cdb.session() as s, s.begin():
        for kind, number, who in (("proposal", 3, people[:2]), ("decision", 7, people[2:])):
            d = ReviewDecision(kind=kind, year=RESULTS_YEAR, number=number,
                               number_text=f"{number}/{'TTr' if kind == 'proposal' else 'QĐ'}-UBND",
                               signed_on=dt.date(RESULTS_YEAR, 12, 20), signer_name="Nguyễn Văn An",
                               catalog_version="2026.1")
            s.add(d)
            s.flush()
            for i, pid in enumerate(who, start=1):
                r = ReviewDecisionRow(decision_id=d.id, sort_order=i,
                                      title_code="BK_TINH" if kind == "proposal" else "LDTT",
                                      subject_name=rec.get("person", pid)["full_name"], person_id=pid)
                s.add(r)
                s.flush()
                ids.append(r.id)
    return StatementPair(pdb, ppaths, cdb, cpaths, signer, ids[:2], ids[2], people)


def _signed(body: dict, key: SigningKey) -> bytes:
    from desktop.bundle import results

    return results.sign(body, key)


def _tampered(p: StatementPair) -> bytes:
    data = _signed(p.body(), p.signer)
    return data.replace(b"12/Q", b"13/Q", 1)


def _unsigned(p: StatementPair) -> bytes:
    return json.dumps(p.body(), ensure_ascii=False).encode()


# name -> (reason fragment, what is wrong, forge(pair) -> bytes)
STATEMENT_CASES: dict[str, tuple[str, str, object]] = {
    "results_unsigned": ("không phải do Sở Nội vụ ký", "a results body without a signature", _unsigned),
    "results_tampered": ("đã bị sửa", "a decision number changed after signing", _tampered),
    "results_wrong_key": ("không phải do Sở Nội vụ ký", "signed by a key that is not the installed province key",
                          lambda p: _signed(p.body(), SigningKey.generate())),
    "results_other_commune": ("dành cho đơn vị mã 09187", "signed for another commune",
                              lambda p: _signed(p.body(commune_code=CODE_B, outcomes=[]), p.signer)),
    "results_unknown_row": ("không có trong tờ trình", "names a proposal row the commune does not have",
                            lambda p: _signed(p.body([{"row": f"{CODE_A}:proposal_row:99999", "status": "returned",
                                                       "decision_number": "", "decision_date": None,
                                                       "reason": "Không rõ"}]), p.signer)),
    "results_decision_row": ("không phải tờ trình", "names a row of the commune's own decision",
                             lambda p: _signed(p.body([{"row": f"{CODE_A}:proposal_row:{p.decision_row}",
                                                        "status": "returned", "decision_number": "",
                                                        "decision_date": None, "reason": "Không rõ"}]), p.signer)),
    "results_accepted_without_number": ("phải có số và ngày quyết định", "an accepted row without its decision",
                                        lambda p: _signed(p.body([{"row": f"{CODE_A}:proposal_row:{p.rows[0]}",
                                                                   "status": "accepted", "decision_number": "",
                                                                   "decision_date": None, "reason": ""}]),
                                                          p.signer)),
    "results_unknown_member": ("trường lạ", "a member the format does not have",
                               lambda p: _signed(p.body(extra=1), p.signer)),
    "results_bad_made_at": ("made_at", "made_at not in UTC …Z form",
                            lambda p: _signed(p.body(made_at="2027-01-15 08:00"), p.signer)),
    "results_too_large": ("quá lớn", "one byte over the 8 MiB limit (refused before parsing)",
                          lambda p: b'{"type": "tdkt-results"' + b" " * (8 * 1024 * 1024 - 22)),
    "results_too_many_items": ("quá nhiều dòng", "20,001 outcomes (refused before parsing)",
                               lambda p: b'{"type": "tdkt-results", "outcomes": [' + b"{}," * 20_001 + b"]}"),
    "catalog_unsigned": ("không phải do Sở Nội vụ ký", "a catalog update without a signature",
                         lambda p: json.dumps({"type": "tdkt-catalog", "version": 1}).encode()),
    "catalog_broken": ("không dùng được", "a catalog whose titles.json has no titles",
                       lambda p: _signed({"type": "tdkt-catalog", "version": 1, "catalog_version": "2027.1",
                                          "made_at": now_iso(), "titles": {"format": 2, "version": "2027.1",
                                                                           "titles": []},
                                          "base_salary": {"version": "x", "values": []}}, p.signer)),
    "catalog_version_mismatch": ("khác phiên bản", "titles.json says another version than the statement",
                                 lambda p: _signed({"type": "tdkt-catalog", "version": 1, "catalog_version": "2027.1",
                                                    "made_at": now_iso(), "titles": {"version": "2026.9"},
                                                    "base_salary": {}}, p.signer)),
    "catalog_hostile_version": ("phiên bản danh mục", "a version that would be a path (../)",
                                lambda p: _signed({"type": "tdkt-catalog", "version": 1, "catalog_version": "../x",
                                                   "made_at": now_iso(), "titles": {"version": "../x"},
                                                   "base_salary": {}}, p.signer)),
}
