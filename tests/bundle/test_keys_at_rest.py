"""Signing keys at rest: the scrypt + ChaCha20-Poly1305 envelope, its parameter floor and ceiling,
keys of earlier versions (PKCS#8 PEM) still loading and rewritten, the minimum passphrase length for
new keys (Protection, the headless init, the first-run window), rotation with the new file set."""

from __future__ import annotations

import base64
import json
import os
import stat
import sys
import unicodedata
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from desktop.app import commune
from desktop.app.workspace import init_workspace, open_workspace
from desktop.bundle import keys
from desktop.bundle.binding import bind_signing_key
from desktop.bundle.errors import KeyProblem
from desktop.bundle.keys import Protection, SigningKey
from desktop.shared.paths import Paths
from desktop.store import db as store_db
from desktop.store.db import open_database
from tests.bundle.conftest import VIETNAMESE

PHRASE = "một câu đủ dài để nhớ"
NAME = "commune-signing"
posix_only = pytest.mark.skipif(os.name == "nt", reason="file modes are POSIX")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def saved(folder: Path, phrase: str | None = PHRASE) -> SigningKey:
    key = SigningKey.generate()
    key.save(folder, NAME, Protection.for_new_key(phrase))
    return key


def envelope(folder: Path) -> dict:
    return json.loads((folder / f"{NAME}.key").read_text(encoding="utf-8"))


def rewrite(folder: Path, doc: dict) -> None:
    (folder / f"{NAME}.key").write_text(json.dumps(doc), encoding="utf-8")


def legacy_save(key: SigningKey, folder: Path, phrase: str) -> None:
    """What SigningKey.save wrote before the envelope: PKCS#8 PEM (PBKDF2) and the metadata, 0644."""
    folder.mkdir(parents=True, exist_ok=True)
    pem = key.private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.BestAvailableEncryption(phrase.encode("utf-8")))
    (folder / f"{NAME}.pem").write_bytes(pem)
    meta = {"public_key": keys.b64(key.public_raw), "key_id": key.key_id, "fingerprint": key.fingerprint,
            "protection": "passphrase", "created_at": "2024-05-01T08:00:00Z"}
    (folder / f"{NAME}.json").write_text(json.dumps(meta), encoding="utf-8")
    if os.name != "nt":
        for f in folder.iterdir():
            os.chmod(f, 0o644)


# --------------------------------------------------------------------------- the envelope


def test_the_key_file_states_its_kdf_and_holds_no_pem(tmp_path):
    key = saved(tmp_path)
    doc = envelope(tmp_path)
    assert doc["type"] == "tdkt-private-key" and doc["version"] == 1 and doc["algorithm"] == "Ed25519"
    assert doc["kdf"]["name"] == "scrypt"
    assert (doc["kdf"]["n"], doc["kdf"]["r"], doc["kdf"]["p"]) == (keys.SCRYPT_N, 8, 1)
    assert keys.SCRYPT_N == 2**14  # tests/conftest.py lowers the cost; the CLI test sees the default
    assert len(base64.b64decode(doc["kdf"]["salt"])) == 16 and len(base64.b64decode(doc["nonce"])) == 12
    assert len(base64.b64decode(doc["ciphertext"])) == 32 + 16
    assert doc["cipher"] == "ChaCha20-Poly1305" and doc["key_id"] == key.key_id
    assert not (tmp_path / f"{NAME}.pem").exists()
    raw = key.private_raw
    assert raw not in (tmp_path / f"{NAME}.key").read_bytes()
    assert SigningKey.load(tmp_path, NAME, PHRASE).key_id == key.key_id
    meta = keys.read_key_meta(tmp_path, NAME)
    assert set(meta) >= {"public_key", "key_id", "fingerprint", "protection", "created_at"}


def test_two_saves_of_one_key_share_no_salt_or_nonce(tmp_path):
    key = SigningKey.generate()
    key.save(tmp_path / "a", NAME, Protection.for_new_key(PHRASE))
    key.save(tmp_path / "b", NAME, Protection.for_new_key(PHRASE))
    a, b = envelope(tmp_path / "a"), envelope(tmp_path / "b")
    assert a["kdf"]["salt"] != b["kdf"]["salt"] and a["nonce"] != b["nonce"]


def test_wrong_or_missing_passphrase_is_refused(tmp_path, monkeypatch):
    saved(tmp_path)
    with pytest.raises(KeyProblem, match="Mật khẩu khóa không đúng"):
        SigningKey.load(tmp_path, NAME, "một câu sai nhưng dài")
    monkeypatch.delenv(keys.PASSPHRASE_ENV, raising=False)
    with pytest.raises(KeyProblem, match="bảo vệ bằng mật khẩu"):
        SigningKey.load(tmp_path, NAME)


def test_a_key_without_passphrase_uses_the_per_user_secret(tmp_path, monkeypatch):
    monkeypatch.delenv(keys.PASSPHRASE_ENV, raising=False)
    key = saved(tmp_path, None)
    assert keys.read_key_meta(tmp_path, NAME)["protection"] == "machine"
    assert SigningKey.load(tmp_path, NAME).key_id == key.key_id


@pytest.mark.parametrize("n, r", [(2**13, 8), (2**14, 4)])
def test_a_key_sealed_below_the_floor_is_refused(tmp_path, monkeypatch, n, r):
    monkeypatch.setattr(keys, "SCRYPT_N", n)
    monkeypatch.setattr(keys, "SCRYPT_R", r)
    saved(tmp_path)  # a genuine envelope: only the floor can refuse it
    with pytest.raises(KeyProblem) as info:
        SigningKey.load(tmp_path, NAME, PHRASE)
    assert "quá yếu" in info.value.message and f"n={n}" in info.value.message
    assert VIETNAMESE.search(info.value.message)


@pytest.mark.parametrize("change", [{"n": 2**30}, {"n": 2**19}, {"r": 1024}, {"p": 2**20}, {"n": 2**18, "r": 16}])
def test_a_hostile_cost_is_refused_before_any_work(tmp_path, change):
    saved(tmp_path)
    doc = envelope(tmp_path)
    doc["kdf"].update(change)
    rewrite(tmp_path, doc)
    with pytest.raises(KeyProblem, match="quá lớn"):  # at once: 2**30 would need 1 TiB of memory
        SigningKey.load(tmp_path, NAME, PHRASE)


@pytest.mark.parametrize("field, value", [
    ("key_id", "0" * 32), ("nonce", base64.b64encode(b"\0" * 12).decode()),
    ("kdf.salt", base64.b64encode(b"\0" * 16).decode()), ("kdf.n", 2**15),
])
def test_the_header_is_bound_to_the_ciphertext(tmp_path, field, value):
    saved(tmp_path)
    doc = envelope(tmp_path)
    if field.startswith("kdf."):
        doc["kdf"][field[4:]] = value
    else:
        doc[field] = value
    rewrite(tmp_path, doc)
    with pytest.raises(KeyProblem, match="không đúng, hoặc tệp khóa đã bị hỏng"):
        SigningKey.load(tmp_path, NAME, PHRASE)


@pytest.mark.parametrize("damage", [
    lambda d: d.pop("nonce"), lambda d: d.update(cipher="AES-GCM"), lambda d: d["kdf"].update(n=3000),
    lambda d: d["kdf"].update(n=True), lambda d: d.update(extra=1), lambda d: d.update(ciphertext="!!"),
])
def test_a_malformed_envelope_is_refused_as_damaged(tmp_path, damage):
    saved(tmp_path)
    doc = envelope(tmp_path)
    damage(doc)
    rewrite(tmp_path, doc)
    with pytest.raises(KeyProblem, match="bị hỏng hoặc không đúng định dạng"):
        SigningKey.load(tmp_path, NAME, PHRASE)


def test_an_envelope_of_another_key_than_its_metadata_is_refused(tmp_path):
    saved(tmp_path / "a")
    saved(tmp_path / "b")
    (tmp_path / "a" / f"{NAME}.key").write_bytes((tmp_path / "b" / f"{NAME}.key").read_bytes())
    with pytest.raises(KeyProblem, match="không khớp"):
        SigningKey.load(tmp_path / "a", NAME, PHRASE)


def test_the_passphrase_counts_in_nfc(tmp_path):
    composed = "mật khẩu của xã"
    key = saved(tmp_path, composed)
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert SigningKey.load(tmp_path, NAME, decomposed).key_id == key.key_id


# --------------------------------------------------------------------------- keys of earlier versions


@posix_only
def test_an_old_pkcs8_key_still_loads_and_is_rewritten(tmp_path):
    key = SigningKey.generate()
    legacy_save(key, tmp_path, "1")  # earlier versions accepted any passphrase, even "1"
    with pytest.raises(KeyProblem, match="Mật khẩu khóa không đúng"):
        SigningKey.load(tmp_path, NAME, "2")
    assert (tmp_path / f"{NAME}.pem").exists() and not (tmp_path / f"{NAME}.key").exists()  # untouched
    loaded = SigningKey.load(tmp_path, NAME, "1")  # the minimum length is for new keys only
    assert loaded.key_id == key.key_id
    assert not (tmp_path / f"{NAME}.pem").exists()
    doc = envelope(tmp_path)
    assert doc["kdf"]["name"] == "scrypt" and doc["kdf"]["n"] == keys.SCRYPT_N and doc["key_id"] == key.key_id
    assert mode(tmp_path / f"{NAME}.key") == 0o600
    assert SigningKey.load(tmp_path, NAME, "1").key_id == key.key_id
    assert keys.read_key_meta(tmp_path, NAME)["created_at"] == "2024-05-01T08:00:00Z"  # metadata kept


def test_a_migration_cut_short_finishes_at_the_next_load(tmp_path):
    key = SigningKey.generate()
    legacy_save(key, tmp_path, PHRASE)
    key.save(tmp_path / "new", NAME, Protection.for_new_key(PHRASE))
    (tmp_path / f"{NAME}.key").write_bytes((tmp_path / "new" / f"{NAME}.key").read_bytes())
    assert SigningKey.load(tmp_path, NAME, PHRASE).key_id == key.key_id
    assert not (tmp_path / f"{NAME}.pem").exists()


def test_a_pem_of_another_key_beside_the_envelope_is_kept(tmp_path):
    key = saved(tmp_path)
    other = tmp_path / "other"
    legacy_save(SigningKey.generate(), other, PHRASE)
    (tmp_path / f"{NAME}.pem").write_bytes((other / f"{NAME}.pem").read_bytes())
    assert SigningKey.load(tmp_path, NAME, PHRASE).key_id == key.key_id
    assert (tmp_path / f"{NAME}.pem").exists()


# --------------------------------------------------------------------------- minimum passphrase length


def test_a_short_passphrase_is_refused_for_a_new_key(monkeypatch):
    with pytest.raises(KeyProblem) as info:
        Protection.for_new_key("123456789")
    msg = info.value.message
    assert "ít nhất 10 ký tự" in msg and "nên dùng một câu dễ nhớ" in msg.lower() and unicodedata.is_normalized("NFC", msg)
    monkeypatch.setenv(keys.PASSPHRASE_ENV, "1")
    with pytest.raises(KeyProblem, match="ít nhất 10 ký tự"):
        Protection.for_new_key()
    assert Protection.for_new_key("1234567890").kind == "passphrase"
    assert Protection.for_new_key("mật khẩu12").kind == "passphrase"  # ten characters
    nfd = unicodedata.normalize("NFD", "mật khẩu")
    assert len(nfd) >= 10
    with pytest.raises(KeyProblem):  # eight characters, however the keyboard composed them
        Protection.for_new_key(nfd)


def test_headless_init_refuses_a_short_passphrase_and_writes_nothing(tmp_path):
    data = tmp_path / "data"
    env = {**os.environ, keys.PASSPHRASE_ENV: "1"}
    proc = _cli(env, "init", "--commune", "09319", "--officer", "X", data_dir=data)
    assert proc.returncode == 1, proc.stderr
    assert "ít nhất 10 ký tự" in proc.stderr and "câu dễ nhớ" in proc.stderr
    assert not (data / "thidua.sqlite3").exists() and not (data / "keys" / f"{NAME}.json").exists()
    env[keys.PASSPHRASE_ENV] = PHRASE
    proc = _cli(env, "init", "--commune", "09319", "--officer", "X", data_dir=data)
    assert proc.returncode == 0, proc.stderr
    doc = envelope(data / "keys")
    assert (doc["kdf"]["n"], doc["kdf"]["r"], doc["kdf"]["p"]) == (2**17, 8, 1)  # a new key's full cost
    assert keys.read_key_meta(data / "keys", NAME)["unit_code"] == "09319"


def _cli(env: dict, *args: str, data_dir: Path):
    import subprocess

    root = Path(__file__).resolve().parents[2]
    return subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(data_dir), *args], cwd=root,
                          capture_output=True, text=True, encoding="utf-8", stdin=subprocess.DEVNULL,
                          timeout=120, env={k: v for k, v in env.items() if k != "PYTHONIOENCODING"})


def test_the_first_run_window_refuses_a_short_passphrase(qtbot, tmp_path):
    from PySide6.QtCore import Qt

    from desktop.ui.app import create_app
    from desktop.ui.first_run import FirstRunDialog

    create_app()
    cp = Paths(tmp_path / "c")
    cp.ensure()
    db = open_database(cp.db_file, cp.backup_dir)
    try:
        dlg = FirstRunDialog(db, cp)
        qtbot.addWidget(dlg)
        dlg.show()
        assert dlg.choose_unit("09319")
        qtbot.keyClicks(dlg.officer, "Nguyen Thi Hoa")  # QTest types ASCII only
        qtbot.keyClicks(dlg.passphrase, "1")
        qtbot.keyClicks(dlg.passphrase2, "1")
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
        text = dlg.error_label.text()
        assert "ít nhất 10 ký tự" in text and "câu dễ nhớ" in text
        assert dlg.result() != dlg.DialogCode.Accepted
        assert db.workspace() is None and not commune.has_signing_key(cp)  # nothing was created
        for field in (dlg.passphrase, dlg.passphrase2):
            field.clear()
            qtbot.keyClicks(field, "thi dua xa toi")
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
        assert dlg.result() == dlg.DialogCode.Accepted, dlg.error_label.text()
        assert SigningKey.load(cp.keys_dir, NAME, "thi dua xa toi").key_id == commune.signing_key_info(cp)["key_id"]
        with db.session() as s:
            from desktop.store.models import Setting

            assert s.get(Setting, store_db.SIGNING_KEY_SETTING).value == commune.signing_key_info(cp)["key_id"]
    finally:
        db.dispose()


# --------------------------------------------------------------------------- rotation


def test_rotation_moves_the_new_file_set_aside_and_rebinds(tmp_path, monkeypatch):
    monkeypatch.delenv(keys.PASSPHRASE_ENV, raising=False)
    cp = Paths(tmp_path / "c")
    cp.ensure()
    db = open_workspace(cp)
    try:
        init_workspace(db, "09319", "Nguyễn Thị Hoa")
        old = commune.create_signing_key(cp)
        bind_signing_key(db, cp)
        before = sorted(p.name for p in cp.keys_dir.iterdir())
        with pytest.raises(KeyProblem, match="ít nhất 10 ký tự"):
            commune.rotate_key(db, cp, None, "ngắn")
        assert sorted(p.name for p in cp.keys_dir.iterdir()) == before  # refused before anything moved
        commune.rotate_key(db, cp, None, PHRASE)
        new = commune.load_signing_key(cp, PHRASE)
        assert new.key_id != old.key_id
        aside = sorted(p.name for p in cp.keys_dir.glob(f"{NAME}.cu-*"))
        assert [n.rsplit(".", 1)[1] for n in aside] == ["json", "key"]
        assert not list(cp.keys_dir.glob("*.pem"))
        assert keys.read_key_meta(cp.keys_dir, NAME)["unit_code"] == "09319"
        with db.session() as s:
            from desktop.store.models import Setting

            assert s.get(Setting, store_db.SIGNING_KEY_SETTING).value == new.key_id
    finally:
        db.dispose()


def test_rotation_of_an_old_format_key(tmp_path, monkeypatch):
    monkeypatch.delenv(keys.PASSPHRASE_ENV, raising=False)
    cp = Paths(tmp_path / "c")
    cp.ensure()
    db = open_database(cp.db_file, cp.backup_dir)
    try:
        init_workspace(db, "09319", "Nguyễn Thị Hoa")
        old = SigningKey.generate()
        legacy_save(old, cp.keys_dir, "1")
        commune.rotate_key(db, cp, "1", PHRASE)
        aside = next(cp.keys_dir.glob(f"{NAME}.cu-*.key"))
        assert json.loads(aside.read_text())["key_id"] == old.key_id
        assert not list(cp.keys_dir.glob("*.pem"))
    finally:
        db.dispose()


def test_the_store_names_the_commune_key_as_the_bundle_does(paths):
    assert store_db.COMMUNE_KEY_NAME == commune.SIGNING_NAME
    assert paths.keys_dir == commune.keys_dir(paths) and paths.exports_dir == commune.exports_dir(paths)
