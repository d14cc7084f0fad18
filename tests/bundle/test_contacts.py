"""The officer's contact in the data file's manifest and in the enrolment request (docs/bundle-format.md):
optional (a file or request without it reads as before), strictly checked (a hostile value is refused
with a Vietnamese reason and changes nothing at the province), and the commune's form refuses what the
province would refuse."""

from __future__ import annotations

import pytest

from desktop.app import enrolment
from desktop.app.workspace import set_contact
from desktop.bundle import statements
from desktop.bundle.errors import BundleRefused
from desktop.bundle.keys import SigningKey, b64
from desktop.shared.contacts import email_problem, phone_problem
from desktop.shared.errors import ValidationError
from tests.bundle.conftest import assert_vietnamese_reason
from tests.bundle.kit import CODE_B, Inner, World, db_digest, enrol_request_for

HOSTILE = {
    "esc_in_name": {"name": "Hoa\x1b[2J", "phone": "", "email": ""},
    "rlo_in_name": {"name": "Hoa \u202eaoH", "phone": "", "email": ""},
    "formula_phone": {"name": "Hoa", "phone": "=HYPERLINK(\"x\")", "email": ""},
    "letters_in_phone": {"name": "Hoa", "phone": "0912abc678", "email": ""},
    "short_phone": {"name": "Hoa", "phone": "113", "email": ""},
    "long_phone": {"name": "Hoa", "phone": "0" * 21, "email": ""},
    "newline_in_email": {"name": "Hoa", "phone": "", "email": "a@b.vn\nBcc: x@y.vn"},
    "quote_in_email": {"name": "Hoa", "phone": "", "email": "\"a\"@b.vn"},
    "accent_in_email": {"name": "Hoa", "phone": "", "email": "hoà@b.vn"},
    "long_name": {"name": "H" * 101, "phone": "", "email": ""},
    "number_phone": {"name": "Hoa", "phone": 912345678, "email": ""},
    "unknown_member": {"name": "Hoa", "phone": "", "email": "", "note": "x"},
    "not_an_object": "Hoa 0912345678",
}


def _with_contact(w: World, contact) -> bytes:
    i = Inner.open(w, w.good[3])
    i.manifest["contact"] = contact
    return i.seal(w)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_contact_in_the_manifest_is_refused(world, tmp_path, name):
    db, paths = world.open_province(tmp_path / "province")
    try:
        before = db_digest(db)
        with pytest.raises(BundleRefused) as info:
            world.import_(db, paths, _with_contact(world, HOSTILE[name]), f"{name}.tdkt")
        assert info.value.code == "bad_manifest"
        assert_vietnamese_reason(info.value, "Mục “contact” trong bản kê không hợp lệ")
        assert not any(ch in info.value.message for ch in ("\x1b", "\u202e", "\n"))
        assert db_digest(db) == before
    finally:
        db.dispose()


def test_a_file_without_a_contact_still_reads_and_a_good_one_is_kept(world, tmp_path):
    from desktop.app.contacts import contact_of

    db, paths = world.open_province(tmp_path / "province")
    try:
        i = Inner.open(world, world.good[3])
        i.manifest.pop("contact", None)
        assert world.import_(db, paths, i.seal(world), "old.tdkt").status == "accepted"
        known = contact_of(db, "09319")
        assert known.sequence == 2  # a file without one keeps what was known (file 2's)
    finally:
        db.dispose()
    db, paths = world.open_province(tmp_path / "province2")
    try:
        good = {"name": "Nguyễn Thị Hoa", "phone": "0912 345 678", "email": "hoa@tiendu.bacninh.gov.vn"}
        assert world.import_(db, paths, _with_contact(world, good), "new.tdkt").status == "accepted"
        known = contact_of(db, "09319")
        assert known.source == "file" and known.sequence == 3 and known.contact.as_json() == good
    finally:
        db.dispose()


def _request(contact) -> bytes:
    import json

    doc = json.loads(enrol_request_for(CODE_B, SigningKey.generate()))
    doc.pop("signature")
    key = SigningKey.generate()
    doc.update(public_key=b64(key.public_raw),
               key_id=key.key_id, fingerprint=key.fingerprint)
    if contact is not None:
        doc["contact"] = contact
    return statements.sign_enrol_request(doc, key)


@pytest.mark.parametrize("name", ["esc_in_name", "formula_phone", "newline_in_email", "unknown_member"])
def test_a_hostile_contact_in_the_enrolment_request_is_refused(name):
    with pytest.raises(BundleRefused) as info:
        enrolment._checked_request(_request(HOSTILE[name]))
    assert info.value.code == "bad_enrolment"
    assert_vietnamese_reason(info.value, "Thông tin liên hệ trong tệp đăng ký không hợp lệ")


def test_an_enrolment_request_with_or_without_a_contact_reads():
    doc, _ = enrolment._checked_request(_request(None))
    assert doc["_contact"] is None
    good = {"name": "Cán bộ thử nghiệm", "phone": "+84 912 345 678", "email": "a.b@c.gov.vn"}
    doc, _ = enrolment._checked_request(_request(good))
    assert doc["_contact"].as_json() == good


@pytest.mark.parametrize("phone,email", [("0912abc678", ""), ("", "a b@c.vn"), ("12", ""), ("", "x@y")])
def test_the_commune_form_refuses_what_the_province_would(com, phone, email):
    db, _ = com
    with pytest.raises(ValidationError) as info:
        set_contact(db, phone, email)
    assert set(info.value.errors) == ({"phone"} if phone else {"email"})


def test_the_commune_keeps_a_good_contact_trimmed(com):
    db, _ = com
    set_contact(db, "  0912   345 678 ", " hoa@tiendu.bacninh.gov.vn ")
    ws = db.workspace()
    assert (ws.officer_phone, ws.officer_email) == ("0912 345 678", "hoa@tiendu.bacninh.gov.vn")
    assert phone_problem(ws.officer_phone) is None and email_problem(ws.officer_email) is None
