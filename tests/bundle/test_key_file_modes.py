"""On POSIX every secret file is its user's alone from the moment it exists, whatever the umask: the
signing key envelope and its metadata (the age identity goes through the same writer), and the per-user secret that protects keys
saved without a passphrase (Paths.ensure tightens files at the next open, but only inside the data
folder, and only later). A leftover temporary with an open mode does not pass it on."""

from __future__ import annotations

import os
import stat

import pytest

from desktop.bundle import keys
from desktop.bundle.keys import Protection, SigningKey

pytestmark = pytest.mark.skipif(os.name == "nt", reason="file modes are POSIX")


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    old = os.umask(0o022)  # what most desktops use: new files 0644
    yield
    os.umask(old)


def test_key_files_are_created_private(tmp_path, open_umask):
    folder = tmp_path / "keys"
    folder.mkdir()
    (folder / "commune-signing.key.tmp").write_bytes(b"left by a killed save")
    os.chmod(folder / "commune-signing.key.tmp", 0o644)
    SigningKey.generate().save(folder, "commune-signing", Protection("passphrase", "một câu đủ dài để nhớ".encode()))
    files = sorted(folder.iterdir())
    assert {f.name for f in files} == {"commune-signing.key", "commune-signing.json"}
    assert {f.name: oct(mode(f)) for f in files} == {f.name: oct(0o600) for f in files}


def test_the_per_user_secret_is_created_private(tmp_path, monkeypatch, open_umask):
    monkeypatch.setenv(keys.MACHINE_SECRET_ENV, str(tmp_path / "cfg"))
    secret = keys.machine_secret()
    path = tmp_path / "cfg" / "machine-secret"
    assert len(secret) >= 40 and path.read_bytes().strip() == secret
    assert oct(mode(path)) == oct(0o600)
    assert keys.machine_secret() == secret  # read back, not made again
