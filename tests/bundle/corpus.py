"""The recipe of the bad-file kit: every case is a named function that makes one file from a test
world (see kit.py), with the refusal code the province must give and a fragment of its Vietnamese
reason. ``make_corpus.py`` writes the files; ``test_corpus.py`` checks them.

Unless a case says otherwise it starts from file 3 of commune A, the next valid file (the control
case ``accepted_next_file`` shows it is accepted), changes one thing, and — when the case is about
content — signs again with commune A's key and encrypts to the province, so the only thing wrong
with the file is the defect named.

Codes: a ``BundleRefused.code`` (docs/bundle-format.md §6), or ``duplicate`` / ``accepted`` for the
two control cases (the CLI prints "đã được nhập" / "ĐÃ NHẬN" for those).
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass

from desktop.bundle import container, statements
from desktop.bundle.container import MAGIC
from desktop.bundle.keys import key_id
from tests.bundle.kit import CODE_A, CODE_B, CODE_C, CODE_D, Inner, World, decrypt, encrypt, gz, sha256


@dataclass(frozen=True)
class Case:
    name: str
    code: str
    reason: str          # a fragment of the message (BundleRefused.message, or the CLI line)
    about: str
    make: Callable[[World], bytes]
    commit: bool = True  # False: too big to keep in the repository; made at test time only


CASES: dict[str, Case] = {}

# made at test time only (a file of this size is never read: the size alone refuses it)
OVERSIZED = {"code": "too_large", "reason_contains": "quá lớn",
             "about": "a file larger than 64 MiB (container.MAX_FILE) is refused before it is read",
             "file": None, "recipe": f"any file of {container.MAX_FILE + 1} bytes, e.g. a sparse one: "
                                     f"truncate -s {container.MAX_FILE + 1} oversized.tdkt"}


def case(code: str, reason: str, about: str, commit: bool = True):
    def register(fn: Callable[[World], bytes]) -> Callable[[World], bytes]:
        name = fn.__name__
        assert name not in CASES
        CASES[name] = Case(name, code, reason, about, fn, commit)
        return fn
    return register


def nxt(w: World) -> Inner:
    """File 3 of commune A, opened: the next valid file."""
    return Inner.open(w, w.good[3])


def first_line_edit(w: World, edit: Callable[[bytes], bytes], kind: str = "person") -> bytes:
    """File 3 with the first record of a part rewritten as raw bytes, the manifest describing the part
    truthfully and signed again."""
    i = nxt(w)
    lines = i.raw(kind).split(b"\n")
    lines[0] = edit(lines[0])
    i.set_raw(kind, b"\n".join(lines))
    return i.seal(w)


def first_record_edit(w: World, edit: Callable[[dict], None], kind: str = "person") -> bytes:
    i = nxt(w)
    recs = i.records(kind)
    edit(recs[0])
    i.set_records(kind, recs)
    return i.seal(w)


def manifest_edit(w: World, edit: Callable[[bytes], bytes]) -> bytes:
    """File 3 with the manifest bytes rewritten, then signed (so the signature is not the problem)."""
    i = nxt(w)
    mb = edit(i.manifest_bytes())
    return i.seal(w, manifest_bytes=mb)


def inner_edit(w: World, edit: Callable[[bytes], bytes]) -> bytes:
    """File 3's plaintext container rewritten, then encrypted to the province."""
    return encrypt(edit(decrypt(w, w.good[3])), w.identity.recipient)


def flip(data: bytes, pos: int, mask: int = 0x01) -> bytes:
    b = bytearray(data)
    b[pos] ^= mask
    return bytes(b)


# --------------------------------------------------------------------------- controls


@case("accepted", "ĐÃ NHẬN", "control: file 3 of commune A, the next in its chain, is accepted")
def accepted_next_file(w: World) -> bytes:
    return w.good[3]


@case("duplicate", "đã được nhập", "the same file again (file 2, already imported): nothing changes, exit 0")
def duplicate_same_file(w: World) -> bytes:
    return w.good[2]


# --------------------------------------------------------------------------- chain


@case("rollback", "cũ hơn tệp số 2", "file 1 again, re-encrypted (other bytes, same content): a lower sequence")
def rollback_lower_sequence(w: World) -> bytes:
    return encrypt(decrypt(w, w.good[1]), w.identity.recipient)


@case("gap", "Thiếu tệp số 3", "sequence 4 while the province holds 1–2: file 3 is missing")
def gap_one_missing(w: World) -> bytes:
    i = nxt(w)
    i.manifest.update(sequence=4, previous_hash=sha256(w.good[3]))
    return i.seal(w)


@case("gap", "từ số 3 đến số 5", "sequence 6 while the province holds 1–2: files 3 to 5 are missing")
def gap_several_missing(w: World) -> bytes:
    i = nxt(w)
    i.manifest.update(sequence=6, previous_hash=sha256(b"file 5"))
    return i.seal(w)


@case("fork", "Hai tệp cùng số thứ tự", "a second, different file number 2 (e.g. a second machine with the key)")
def fork_same_sequence_other_content(w: World) -> bytes:
    i = nxt(w)
    i.manifest.update(sequence=2, previous_hash=sha256(w.good[1]))
    return i.seal(w)


@case("fork", "RẼ NHÁNH", "file 2 re-encrypted: same sequence as the last accepted file, different file hash")
def fork_reencrypted_copy(w: World) -> bytes:
    return encrypt(decrypt(w, w.good[2]), w.identity.recipient)


@case("fork", "mã băm trước không khớp", "sequence 3 but previous_hash is not the hash of file 2: a broken chain")
def fork_broken_chain(w: World) -> bytes:
    i = nxt(w)
    i.manifest["previous_hash"] = sha256(b"another file 2")
    return i.seal(w)


@case("fork", "mã băm trước không khớp", "sequence 3 with previous_hash null (allowed only for file 1)")
def fork_null_previous_hash(w: World) -> bytes:
    i = nxt(w)
    i.manifest["previous_hash"] = None
    return i.seal(w)


# --------------------------------------------------------------------------- keys


@case("unknown_key", "khóa chưa đăng ký", "signed by a key the province never enrolled")
def key_unknown(w: World) -> bytes:
    i = nxt(w)
    i.manifest["signer_key_id"] = w.keys.unknown.key_id
    return i.seal(w, signer=w.keys.unknown)


@case("revoked_key", "đã bị thu hồi", "signed by commune A's old key, revoked when A rotated its key")
def key_revoked(w: World) -> bytes:
    i = nxt(w)
    i.manifest["signer_key_id"] = w.keys.a_old.key_id
    return i.seal(w, signer=w.keys.a_old)


@case("expired_key", "đã hết hạn", "commune C's first file, signed by C's key, enrolled with an expiry in 2020")
def key_expired(w: World) -> bytes:
    i = nxt(w)
    i.as_commune(CODE_C)
    i.manifest["signer_key_id"] = w.keys.c.key_id
    return i.seal(w, signer=w.keys.c)


@case("wrong_commune_key", "Khóa ký thuộc đơn vị mã 09319",
      "commune A's (valid, active) key signs a file that says it is commune B's")
def key_of_a_signs_for_b(w: World) -> bytes:
    i = nxt(w)
    i.as_commune(CODE_B)
    return i.seal(w)


@case("wrong_commune_key", "Khóa ký thuộc đơn vị mã 09187",
      "commune B's key signs a file that says it is commune A's next file")
def key_of_b_signs_for_a(w: World) -> bytes:
    i = nxt(w)
    i.manifest["signer_key_id"] = w.keys.b.key_id
    return i.seal(w, signer=w.keys.b)


@case("resume_required", "mã nối tiếp",
      "commune D re-enrolled after a lost key (not signed by its old key); D's first file, signed by the new "
      "key, carries no resume token (what an outsider who had a key of their own enrolled would send)")
def resume_token_missing_after_re_enrolment(w: World) -> bytes:
    i = nxt(w)
    i.as_commune(CODE_D)
    i.manifest["signer_key_id"] = w.keys.d.key_id
    return i.seal(w, signer=w.keys.d)


@case("resume_required", "mã nối tiếp", "the same file with a resume token the province never issued")
def resume_token_forged_after_re_enrolment(w: World) -> bytes:
    i = nxt(w)
    i.as_commune(CODE_D)
    i.manifest.update(signer_key_id=w.keys.d.key_id, resume_token="ab" * 32)
    return i.seal(w, signer=w.keys.d)


@case("held", "giữ lại",
      "commune E rotated its key after file 1; file 2, the new key's first, is full and removes every record "
      "the province holds for E: held for the clerk's confirmation")
def held_first_file_of_a_new_key_removes_most(w: World) -> bytes:
    i = Inner.open(w, w.extra["07525-so1"])
    for p in i.manifest["parts"]:
        i.set_records(p["kind"], [])
    i.manifest.update(signer_key_id=w.keys.e_new.key_id, sequence=2, previous_hash=sha256(w.extra["07525-so1"]))
    return i.seal(w, signer=w.keys.e_new)


@case("tampered", "Chữ ký của tệp không khớp", "says it is signed by B's key (and is B's), but A's key signed it")
def signature_impersonating_b(w: World) -> bytes:
    i = nxt(w)
    i.as_commune(CODE_B)
    i.manifest["signer_key_id"] = w.keys.b.key_id
    return i.seal(w, signer=w.keys.a)


@case("tampered", "Chữ ký của tệp không khớp", "manifest changed (the commune name) after it was signed")
def signature_manifest_edited_after_signing(w: World) -> bytes:
    i = nxt(w)
    sig = i.sign(w, i.manifest_bytes())
    i.manifest["commune_name"] = "Xã Tiên Du (sửa)"
    return i.seal(w, signature=sig)


@case("tampered", "Chữ ký của tệp không khớp",
      "a valid signature by A's key but over another document type (PAE type of an enrolment request)")
def signature_for_another_document_type(w: World) -> bytes:
    i = nxt(w)
    mb = i.manifest_bytes()
    return i.seal(w, manifest_bytes=mb, signature=w.keys.a.sign(statements.ENROL_TYPE, mb))


@case("tampered", "Chữ ký của tệp không khớp", "signature of 64 zero bytes")
def signature_zeroed(w: World) -> bytes:
    return nxt(w).seal(w, signature=bytes(64))


@case("tampered", "Chữ ký của tệp không khớp", "signature one byte short (63 bytes)")
def signature_short(w: World) -> bytes:
    i = nxt(w)
    return i.seal(w, signature=i.sign(w, i.manifest_bytes())[:63])


# --------------------------------------------------------------------------- recipient


@case("wrong_recipient", "mã hóa cho khóa khác", "encrypted to another age recipient, not the province")
def recipient_other_age_key(w: World) -> bytes:
    return encrypt(decrypt(w, w.good[3]), w.keys.other.recipient)


@case("extra_recipients", "2 người nhận", "encrypted to the province and to a second key (someone else could read it)")
def recipient_province_and_another(w: World) -> bytes:
    import pyrage
    from pyrage import x25519

    return pyrage.encrypt(decrypt(w, w.good[3]), [x25519.Recipient.from_str(w.keys.province_identity.recipient),
                                                  x25519.Recipient.from_str(w.keys.other.recipient)])


@case("wrong_recipient", "Bản kê ghi tệp dành cho khóa khác",
      "encrypted to the province, but the signed manifest names another recipient key")
def recipient_other_in_manifest(w: World) -> bytes:
    i = nxt(w)
    i.manifest["recipient_key_id"] = key_id(w.keys.other.recipient)
    return i.seal(w)


# --------------------------------------------------------------------------- outer bytes (age layer)


@case("bad_magic", "không đúng định dạng", "first byte flipped ('a' -> '`')")
def flipped_first_byte(w: World) -> bytes:
    return flip(w.good[3], 0)


@case("tampered", "không giải mã được", "a character of the header MAC changed")
def flipped_header_mac(w: World) -> bytes:
    data = w.good[3]
    pos = data.index(b"\n--- ") + 10
    return data[:pos] + (b"B" if data[pos:pos + 1] == b"A" else b"A") + data[pos + 1:]


@case("tampered", "không giải mã được", "one byte flipped in the middle of the encrypted payload")
def flipped_payload_byte(w: World) -> bytes:
    return flip(w.good[3], len(w.good[3]) * 2 // 3)


@case("tampered", "không giải mã được", "last byte flipped (the final chunk's authentication tag)")
def flipped_last_byte(w: World) -> bytes:
    return flip(w.good[3], len(w.good[3]) - 1, 0x80)


@case("tampered", "không giải mã được", "cut in half")
def truncated_half(w: World) -> bytes:
    return w.good[3][: len(w.good[3]) // 2]


@case("tampered", "không giải mã được", "last byte missing")
def truncated_last_byte(w: World) -> bytes:
    return w.good[3][:-1]


@case("tampered", "không giải mã được", "cut inside the age header, after the recipient stanza")
def truncated_in_header(w: World) -> bytes:
    data = w.good[3]
    return data[: data.index(b"\n--- ")]


@case("truncated", "cắt cụt", "only the first 10 bytes of the age magic line")
def truncated_in_magic(w: World) -> bytes:
    return w.good[3][:10]


@case("truncated", "cắt cụt", "an empty file (0 bytes)")
def truncated_empty(w: World) -> bytes:
    return b""


@case("tampered", "không giải mã được", "16 zero bytes appended after the age payload")
def trailing_bytes_outer(w: World) -> bytes:
    return w.good[3] + bytes(16)


@case("tampered", "không giải mã được", "file 3 and file 2 concatenated")
def trailing_second_file(w: World) -> bytes:
    return w.good[3] + w.good[2]


@case("bad_magic", "không đúng định dạng", "a ZIP file renamed .tdkt")
def not_age_zip(w: World) -> bytes:
    return b"PK\x03\x04" + bytes(60)


@case("bad_magic", "không đúng định dạng", "the age file in ASCII armor (PEM), which the format does not use")
def not_age_armored(w: World) -> bytes:
    import base64
    body = base64.encodebytes(w.good[3]).decode("ascii")
    return f"-----BEGIN AGE ENCRYPTED FILE-----\n{body}-----END AGE ENCRYPTED FILE-----\n".encode("ascii")


@case("not_encrypted", "chưa được mã hóa", "the plaintext container of file 3, not encrypted")
def not_encrypted_plain_inner(w: World) -> bytes:
    return decrypt(w, w.good[3])


# --------------------------------------------------------------------------- INNER structure


@case("bad_magic", "sai dấu hiệu nhận dạng", "INNER begins with TDKT-BUNDLX instead of TDKT-BUNDLE")
def inner_bad_magic(w: World) -> bytes:
    return inner_edit(w, lambda b: b"TDKT-BUNDLX\n" + b[len(MAGIC):])


@case("bad_version", "phiên bản 2", "INNER format version 2")
def inner_version_2(w: World) -> bytes:
    return inner_edit(w, lambda b: MAGIC + struct.pack(">H", 2) + b[len(MAGIC) + 2:])


@case("trailing_bytes", "byte thừa", "one byte after the last section of INNER")
def inner_trailing_bytes(w: World) -> bytes:
    return inner_edit(w, lambda b: b + b"\x00")


@case("truncated", "cắt cụt", "INNER missing its last 10 bytes (cut inside the last part)")
def inner_truncated(w: World) -> bytes:
    return inner_edit(w, lambda b: b[:-10])


@case("truncated", "cắt cụt", "INNER of only 8 bytes (part of the magic)")
def inner_truncated_in_magic(w: World) -> bytes:
    return inner_edit(w, lambda b: b[:8])


@case("truncated", "cắt cụt", "a section whose length field claims 2^63 bytes")
def inner_section_length_overflow(w: World) -> bytes:
    def edit(b: bytes) -> bytes:
        pos = len(MAGIC) + 4 + 1 + len(b"manifest")
        return b[:pos] + struct.pack(">Q", 2**63) + b[pos + 8:]
    return inner_edit(w, edit)


@case("bad_structure", "số phần không hợp lệ (1)", "INNER with one section (the count says 1)")
def inner_one_section(w: World) -> bytes:
    i = nxt(w)
    return i.seal(w, inner=container.encode_sections([("manifest", i.manifest_bytes())]))


@case("bad_structure", "số phần không hợp lệ (41)", "INNER with 41 sections")
def inner_too_many_sections(w: World) -> bytes:
    i = nxt(w)
    mb = i.manifest_bytes()
    extra = [(f"x{n}", b"") for n in range(41 - 2 - len(i.parts))]
    return i.seal(w, sections=i.sections(mb, i.sign(w, mb)) + extra)


@case("bad_structure", "xuất hiện hai lần", "two sections with the same name")
def inner_duplicate_section(w: World) -> bytes:
    i = nxt(w)
    mb = i.manifest_bytes()
    s = i.sections(mb, i.sign(w, mb))
    return i.seal(w, sections=s + [s[2]])


@case("bad_structure", "thiếu bản kê hoặc chữ ký", "the signature section left out")
def inner_missing_signature(w: World) -> bytes:
    i = nxt(w)
    return i.seal(w, sections=[("manifest", i.manifest_bytes())] + i.parts)


@case("bad_structure", "thiếu bản kê hoặc chữ ký", "signature before manifest")
def inner_signature_first(w: World) -> bytes:
    i = nxt(w)
    mb = i.manifest_bytes()
    return i.seal(w, sections=[("signature", i.sign(w, mb)), ("manifest", mb)] + i.parts)


@case("bad_structure", "không khớp với bản kê", "two part sections swapped (the manifest lists another order)")
def inner_parts_reordered(w: World) -> bytes:
    i = nxt(w)
    i.parts[0], i.parts[1] = i.parts[1], i.parts[0]
    return i.seal(w)


@case("bad_structure", "không khớp với bản kê", "an extra section not listed in the manifest")
def inner_extra_section(w: World) -> bytes:
    i = nxt(w)
    i.parts.append(("extra.jsonl.gz", gz(b"")))
    return i.seal(w)


@case("bad_structure", "Tên một phần", "a section name that is not ASCII")
def inner_non_ascii_section_name(w: World) -> bytes:
    def edit(b: bytes) -> bytes:
        pos = len(MAGIC) + 4 + 1
        return b[:pos] + b"m\xe1nifest" + b[pos + 8:]
    return inner_edit(w, edit)


# --------------------------------------------------------------------------- manifest


def _utf8_broken(mb: bytes) -> bytes:
    return mb.replace("Xã Tiên Du".encode("utf-8"), "Xã Tiên Du".encode("latin-1"))


@case("bad_json", "UTF-8", "manifest not valid UTF-8 (the commune name in Latin-1)")
def manifest_invalid_utf8(w: World) -> bytes:
    return manifest_edit(w, _utf8_broken)


@case("bad_json", "BOM", "manifest begins with a UTF-8 byte order mark")
def manifest_bom(w: World) -> bytes:
    return manifest_edit(w, lambda mb: b"\xef\xbb\xbf" + mb)


@case("bad_json", "xuất hiện hai lần", "manifest with the key \"sequence\" twice")
def manifest_duplicate_key(w: World) -> bytes:
    return manifest_edit(w, lambda mb: mb[:-1] + b',"sequence":3}')


@case("bad_json", "NaN", "manifest with sequence NaN")
def manifest_nan(w: World) -> bytes:
    return manifest_edit(w, lambda mb: mb.replace(b'"sequence":3', b'"sequence":NaN'))


@case("bad_json", "Infinity", "manifest with sequence Infinity")
def manifest_infinity(w: World) -> bytes:
    return manifest_edit(w, lambda mb: mb.replace(b'"sequence":3', b'"sequence":Infinity'))


@case("bad_json", "-Infinity", "manifest with sequence -Infinity")
def manifest_minus_infinity(w: World) -> bytes:
    return manifest_edit(w, lambda mb: mb.replace(b'"sequence":3', b'"sequence":-Infinity'))


@case("bad_json", "số thực quá lớn", "manifest with sequence 1e400 (a number that overflows to infinity)")
def manifest_float_overflow(w: World) -> bytes:
    return manifest_edit(w, lambda mb: mb.replace(b'"sequence":3', b'"sequence":1e400'))


@case("bad_json", "số nguyên quá lớn", "manifest with sequence 10^30")
def manifest_huge_integer(w: World) -> bytes:
    return manifest_edit(w, lambda mb: mb.replace(b'"sequence":3', b'"sequence":1' + b"0" * 30))


@case("bad_json", "số nguyên quá lớn", "manifest with sequence 2^53 + 1 (beyond exact JSON numbers)")
def manifest_integer_beyond_2_53(w: World) -> bytes:
    return manifest_edit(w, lambda mb: mb.replace(b'"sequence":3', b'"sequence":%d' % (2**53 + 1)))


@case("bad_json", "lồng nhau quá sâu", "manifest with a value nested 20 levels deep")
def manifest_deep_nesting(w: World) -> bytes:
    return manifest_edit(w, lambda mb: mb.replace(b'"removed":{}', b'"removed":' + b"[" * 20 + b"]" * 20))


@case("bad_json", "lồng nhau quá sâu", "manifest with 20 000 nested arrays (a parser stack bomb)")
def manifest_nesting_bomb(w: World) -> bytes:
    return manifest_edit(w, lambda mb: mb.replace(b'"removed":{}', b'"removed":' + b"[" * 20_000 + b"]" * 20_000))


@case("bad_json", "JSON không hợp lệ", "manifest without its closing brace")
def manifest_syntax_error(w: World) -> bytes:
    return manifest_edit(w, lambda mb: mb[:-1])


@case("bad_json", "ký tự không hợp lệ", "manifest commune name with a lone UTF-16 surrogate escape (\\ud800)")
def manifest_lone_surrogate(w: World) -> bytes:
    return manifest_edit(w, lambda mb: mb.replace("Xã Tiên Du".encode(), b"X\\ud800"))


@case("bad_manifest", "không hợp lệ", "manifest is a JSON array, not an object")
def manifest_not_object(w: World) -> bytes:
    return manifest_edit(w, lambda mb: b"[" + mb + b"]")


@case("bad_manifest", "mục lạ", "manifest with an unknown member")
def manifest_unknown_member(w: World) -> bytes:
    i = nxt(w)
    i.manifest["extra"] = True
    return i.seal(w)


@case("bad_manifest", "thiếu mục “period”", "manifest without the member \"period\"")
def manifest_missing_member(w: World) -> bytes:
    i = nxt(w)
    del i.manifest["period"]
    return i.seal(w)


@case("bad_manifest", "commune_name", "manifest commune name of 101 characters (limit 100)")
def manifest_over_long_commune_name(w: World) -> bytes:
    i = nxt(w)
    i.manifest["commune_name"] = "X" * 101
    return i.seal(w)


@case("bad_manifest", "app_version", "manifest app_version of 33 characters (limit 32)")
def manifest_over_long_app_version(w: World) -> bytes:
    i = nxt(w)
    i.manifest["app_version"] = "9" * 33
    return i.seal(w)


@case("bad_manifest", "sequence", "manifest sequence 0")
def manifest_sequence_zero(w: World) -> bytes:
    i = nxt(w)
    i.manifest["sequence"] = 0
    return i.seal(w)


@case("bad_manifest", "sequence", "manifest sequence true (a boolean is not an integer)")
def manifest_sequence_boolean(w: World) -> bytes:
    i = nxt(w)
    i.manifest["sequence"] = True
    return i.seal(w)


@case("bad_manifest", "previous_hash", "manifest previous_hash in upper-case hex")
def manifest_bad_previous_hash(w: World) -> bytes:
    i = nxt(w)
    i.manifest["previous_hash"] = i.manifest["previous_hash"].upper()
    return i.seal(w)


@case("bad_manifest", "period", "manifest period 2026-H2 (only YYYY or YYYY-H1)")
def manifest_bad_period(w: World) -> bytes:
    i = nxt(w)
    i.manifest["period"] = "2026-H2"
    return i.seal(w)


@case("bad_manifest", "name", "a part named ../../x.jsonl.gz")
def manifest_bad_part_name(w: World) -> bytes:
    i = nxt(w)
    i.manifest["parts"][0]["name"] = "../../x.jsonl.gz"
    i.parts[0] = ("../../x.jsonl.gz", i.parts[0][1])
    return i.seal(w)


@case("bad_manifest", "kind", "a part of an unknown record kind")
def manifest_unknown_part_kind(w: World) -> bytes:
    i = nxt(w)
    i.manifest["parts"][0]["kind"] = "salary"
    return i.seal(w)


@case("bad_manifest", "danh sách phần", "a part description with an extra member")
def manifest_part_extra_member(w: World) -> bytes:
    i = nxt(w)
    i.manifest["parts"][0]["path"] = "/etc/passwd"
    return i.seal(w)


@case("bad_version", "phiên bản định dạng 4", "manifest format_version 4 (this verifier reads 1, 2 and 3)")
def manifest_format_version_4(w: World) -> bytes:
    i = nxt(w)
    i.manifest["format_version"] = 4
    return i.seal(w)


@case("bad_manifest", "resume_token", "manifest format_version 2 without its resume_token member")
def manifest_v2_without_resume_token(w: World) -> bytes:
    i = nxt(w)
    i.manifest.pop("resume_token", None)
    i.manifest["format_version"] = 2
    return i.seal(w)


@case("bad_manifest", "resume_token", "a format_version 1 manifest carrying resume_token (a member version 1 does not have)")
def manifest_v1_with_resume_token(w: World) -> bytes:
    i = nxt(w)
    i.manifest["format_version"] = 1
    i.manifest["resume_token"] = None
    return i.seal(w)


@case("too_large", "Bản kê của gói dữ liệu quá lớn", "a manifest over 1 MiB", commit=False)
def manifest_too_large(w: World) -> bytes:
    return manifest_edit(w, lambda mb: mb[:-1] + b',"pad":"' + b"x" * (1024 * 1024) + b'"}')


@case("bomb", "khai kích thước giải nén quá lớn", "parts declare more than 512 MiB uncompressed in total")
def manifest_declares_over_512_mib(w: World) -> bytes:
    i = nxt(w)
    for p in i.manifest["parts"][:2]:
        p["raw_size"] = 300 * 1024 * 1024
    return i.seal(w)


@case("too_large", "vượt giới hạn 2000000 bản ghi", "parts declare more than 2,000,000 records in total")
def manifest_declares_too_many_records(w: World) -> bytes:
    i = nxt(w)
    for p in i.manifest["parts"][:3]:
        p["records"] = 700_000
    return i.seal(w)


@case("bad_manifest", "có hai phần", "two parts of the same record kind")
def manifest_two_parts_of_one_kind(w: World) -> bytes:
    i = nxt(w)
    i.manifest["parts"][1]["kind"] = i.manifest["parts"][0]["kind"]
    return i.seal(w)


# --------------------------------------------------------------------------- parts


@case("tampered", "không khớp mã băm", "a byte of a part changed after signing (manifest untouched)")
def part_edited_after_signing(w: World) -> bytes:
    i = nxt(w)
    name, stored = i.parts[0]
    i.parts[0] = (name, flip(stored, len(stored) // 2))
    return i.seal(w)


@case("bomb", "giải nén ra nhiều hơn",
      "decompression bomb: 16 MiB of zeros in a part that declares 1 000 bytes uncompressed")
def part_decompression_bomb(w: World) -> bytes:
    i = nxt(w)
    i.set_raw("person", b"0" * (16 * 1024 * 1024))
    i.manifest["parts"][0].update(raw_size=1000, records=1)
    return i.seal(w)


@case("bomb", "giải nén ra nhiều hơn", "a part that inflates one byte more than it declares")
def part_one_byte_over(w: World) -> bytes:
    i = nxt(w)
    i.manifest["parts"][0]["raw_size"] -= 1
    return i.seal(w)


@case("tampered", "bị hỏng", "a part that is not gzip at all")
def part_not_gzip(w: World) -> bytes:
    i = nxt(w)
    i.set_raw("person", b"", stored=b"this is not gzip data")
    i.manifest["parts"][0].update(raw_size=10, records=0)
    return i.seal(w)


@case("tampered", "bị hỏng", "a gzip part followed by garbage (described truthfully in the manifest)")
def part_gzip_trailing_garbage(w: World) -> bytes:
    i = nxt(w)
    raw = i.raw("person")
    i.set_raw("person", raw, stored=gz(raw) + b"garbage")
    return i.seal(w)


@case("count_mismatch", "nhưng bản kê khai", "declared record count one more than the lines in the part")
def count_records_mismatch(w: World) -> bytes:
    i = nxt(w)
    i.manifest["parts"][0]["records"] += 1
    return i.seal(w)


@case("count_mismatch", "kích thước khác", "declared uncompressed size larger than the part inflates to")
def count_raw_size_mismatch(w: World) -> bytes:
    i = nxt(w)
    i.manifest["parts"][0]["raw_size"] += 10
    return i.seal(w)


# --------------------------------------------------------------------------- records


@case("bad_json", "UTF-8", "a record (line 1 of person) that is not valid UTF-8")
def record_invalid_utf8(w: World) -> bytes:
    return first_line_edit(w, lambda ln: ln.replace(b'"note":""', b'"note":"\xff\xfe"'))


@case("bad_json", "xuất hiện hai lần", "a record with the key \"note\" twice")
def record_duplicate_key(w: World) -> bytes:
    return first_line_edit(w, lambda ln: ln[:-1] + b',"note":"x"}')


@case("bad_json", "NaN", "a record with a NaN value")
def record_nan(w: World) -> bytes:
    return first_line_edit(w, lambda ln: ln.replace(b'"note":""', b'"note":NaN'))


@case("bad_json", "số nguyên quá lớn", "a record with an integer of 400 digits")
def record_huge_integer(w: World) -> bytes:
    return first_line_edit(w, lambda ln: ln.replace(b'"note":""', b'"note":' + b"9" * 400))


@case("bad_json", "lồng nhau quá sâu", "a record with a value nested 17 levels deep")
def record_deep_nesting(w: World) -> bytes:
    return first_line_edit(w, lambda ln: ln.replace(b'"note":""', b'"note":' + b"[" * 17 + b"]" * 17))


@case("bad_json", "ký tự không hợp lệ", "a record with a lone UTF-16 surrogate escape (\\udc00)")
def record_lone_surrogate(w: World) -> bytes:
    return first_line_edit(w, lambda ln: ln.replace(b'"note":""', b'"note":"a\\udc00"'))


@case("bad_json", "không phải một đối tượng", "a record that is a JSON array")
def record_not_object(w: World) -> bytes:
    return first_line_edit(w, lambda ln: b"[" + ln + b"]")


@case("bad_json", "dòng cuối", "the last line of a part without its newline")
def record_missing_final_newline(w: World) -> bytes:
    i = nxt(w)
    raw = i.raw("person")
    i.set_raw("person", raw[:-1], records=raw.count(b"\n"))
    return i.seal(w)


@case("bad_json", "không hợp lệ", "an empty line inside a part (counted as a record)")
def record_empty_line(w: World) -> bytes:
    i = nxt(w)
    i.set_raw("person", b"\n" + i.raw("person"))
    return i.seal(w)


@case("too_large", "quá dài", "a record line over 256 KiB")
def record_line_too_long(w: World) -> bytes:
    return first_record_edit(w, lambda r: r.update(note="x" * (300 * 1024)))


@case("bad_field", "vượt quá", "a person's full name of 5 000 characters")
def record_over_long_field(w: World) -> bytes:
    return first_record_edit(w, lambda r: r.update(full_name="A" * 5000))


@case("bad_field", "trường lạ", "a record with a member the kind does not have")
def record_unknown_field(w: World) -> bytes:
    return first_record_edit(w, lambda r: r.update(salary=1))


@case("bad_field", "thiếu trường", "a record without one of its members")
def record_missing_field(w: World) -> bytes:
    return first_record_edit(w, lambda r: r.pop("phone"))


@case("bad_field", "phải là chuỗi", "a text member given as a number")
def record_wrong_type(w: World) -> bytes:
    return first_record_edit(w, lambda r: r.update(full_name=123))


@case("bad_field", "không phải ngày hợp lệ", "a birth date of 30 February")
def record_bad_date(w: World) -> bytes:
    return first_record_edit(w, lambda r: r.update(birth_date="1990-02-30"))


@case("bad_field", "không có trong danh mục", "a choice code not in the catalogue")
def record_bad_choice(w: World) -> bytes:
    return first_record_edit(w, lambda r: r.update(sex="xyz"))


@case("bad_field", "trỏ sai loại", "a person whose uid says household")
def record_uid_wrong_kind(w: World) -> bytes:
    return first_record_edit(w, lambda r: r.update(uid=f"{CODE_A}:household:999999"))


@case("bad_field", "xuất hiện hai lần trong tệp", "two records with the same uid")
def record_duplicate_uid(w: World) -> bytes:
    i = nxt(w)
    recs = i.records("person")
    recs[1]["uid"] = recs[0]["uid"]
    i.set_records("person", recs)
    return i.seal(w)


@case("foreign_record", "thuộc đơn vị mã 09187", "a record whose uid belongs to commune B")
def record_foreign_uid(w: World) -> bytes:
    return first_record_edit(w, lambda r: r.update(uid=f"{CODE_B}:person:1"))


@case("foreign_record", "thuộc đơn vị mã 09187", "a record referring to a household of commune B")
def record_foreign_reference(w: World) -> bytes:
    return first_record_edit(w, lambda r: r.update(household_id=f"{CODE_B}:household:1"))


@case("foreign_record", "thuộc đơn vị mã 09187", "a correction that deletes a record of commune B")
def correction_removes_foreign_record(w: World) -> bytes:
    i = nxt(w)
    i.manifest.update(kind="correction", removed={"person": [f"{CODE_B}:person:1"]})
    return i.seal(w)


@case("dangling_reference", "không có trong tệp",
      "a full file without the person a registration is about (the subject deleted, its record left live)")
def record_subject_missing(w: World) -> bytes:
    i = nxt(w)
    regs = i.records("registration")
    subject = next(r["subject"]["uid"] for r in regs if r["subject"]["type"] == "person")
    i.set_records("person", [p for p in i.records("person") if p["uid"] != subject])
    return i.seal(w)


@case("dangling_reference", "không có trong tệp", "a full file with a person whose unit is not in the file")
def record_unit_missing(w: World) -> bytes:
    i = nxt(w)
    people = i.records("person")
    unit = next(p["collective_id"] for p in people if p["collective_id"])
    i.set_records("collective", [c for c in i.records("collective") if c["uid"] != unit])
    return i.seal(w)


# the review's acts (format version 3): tests/bundle/corpus_acts.py registers its cases here
from tests.bundle import corpus_acts  # noqa: E402,F401
