"""The province's public key file (province-key.json) is signed by the province signing key it
carries. The fingerprint covers the two keys only, so the signature is what keeps the rest of the
file as the province wrote it: a file whose name was changed, whose signature was damaged, or which was
signed by another key is refused at the commune, and nothing is installed."""

from __future__ import annotations

import base64
import json

import pytest

from desktop.app import commune
from desktop.bundle.errors import KeyProblem
from desktop.bundle.keys import AgeIdentity, ProvinceKey, SigningKey
from desktop.shared.paths import Paths

NAME = "Sở Nội vụ tỉnh Bắc Ninh"


@pytest.fixture(scope="module")
def genuine() -> tuple[ProvinceKey, SigningKey]:
    signer = SigningKey.generate()
    return ProvinceKey(NAME, AgeIdentity.generate().recipient, signer.public_raw), signer


def _edit(data: bytes, **fields) -> bytes:
    doc = json.loads(data)
    doc.update(fields)
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


def _flip_signature(data: bytes) -> bytes:
    sig = bytearray(base64.b64decode(json.loads(data)["signature"]))
    sig[10] ^= 0x01
    return _edit(data, signature=base64.b64encode(bytes(sig)).decode("ascii"))


def test_a_genuine_file_installs(tmp_path, genuine):
    pk, signer = genuine
    paths = Paths(tmp_path / "xa")
    paths.ensure()
    got = commune.install_province_key(paths, pk.to_file(signer), pk.fingerprint)
    assert got == pk and got.name == NAME


@pytest.mark.parametrize("tamper", ["renamed", "signature-damaged", "signed-by-another-key"])
def test_a_file_not_signed_by_its_own_key_is_refused_and_nothing_installed(tmp_path, genuine, tamper):
    pk, signer = genuine
    data = pk.to_file(signer)
    if tamper == "renamed":  # same keys, same fingerprint: only the signature sees it
        data = _edit(data, name="Sở Nội vụ tỉnh Bắc Ninh (khóa mới, hãy dùng khóa này)")
    elif tamper == "signature-damaged":
        data = _flip_signature(data)
    else:  # a well-formed signature, by a key other than the one the file carries
        data = pk.to_file(SigningKey.generate())
    with pytest.raises(KeyProblem) as err:
        ProvinceKey.from_file(data)
    assert "không hợp lệ hoặc đã bị sửa" in str(err.value)
    paths = Paths(tmp_path / "xa")
    paths.ensure()
    with pytest.raises(KeyProblem):
        commune.install_province_key(paths, data, pk.fingerprint)  # even with the right fingerprint typed
    assert not (commune.keys_dir(paths) / commune.PROVINCE_KEY_FILE).exists()
