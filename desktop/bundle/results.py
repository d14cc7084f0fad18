"""The two larger statements the province signs for communes (docs/bundle-format.md §5): the results of
a year's proposal (``tdkt-results``) and a catalog update (``tdkt-catalog``). Signed like every province
statement (desktop.bundle.statements), but with their own size limits, and checked here member by
member so that the commune applies only a well-formed body. Each refusal is a ``BundleRefused`` with a
stable code and a Vietnamese reason."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from desktop.bundle import container
from desktop.bundle.errors import BundleRefused
from desktop.bundle.keys import SigningKey, b64, unb64, verify
from desktop.bundle.statements import STATEMENT_TYPE, _document
from desktop.bundle.strictjson import StrictJSONError, dumps, loads
from desktop.shared.text import one_line, text_problem

RESULTS, CATALOG = "tdkt-results", "tdkt-catalog"
RESULTS_MAX_BYTES = 8 * 1024 * 1024     # a results file: about 20,000 rows of 400 bytes
RESULTS_MAX_ITEMS = 20_000              # outcomes in one results file
CATALOG_MAX_BYTES = 2 * 1024 * 1024     # the catalog today is about 40 KiB
MAX_BYTES = max(RESULTS_MAX_BYTES, CATALOG_MAX_BYTES)  # what ``receive`` reads of any statement at most

RESULTS_MEMBERS = {"type", "version", "commune_code", "year", "made_at", "outcomes"}
OUTCOME_MEMBERS = {"row", "status", "decision_number", "decision_date", "reason"}
CATALOG_MEMBERS = {"type", "version", "catalog_version", "made_at", "titles", "base_salary"}
ROW = re.compile(r"^([0-9]{5}):proposal_row:([1-9][0-9]{0,9})\Z", re.ASCII)
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\Z", re.ASCII)
CATALOG_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,39}\Z", re.ASCII)
MAX_DECISION_NUMBER, MAX_REASON = 60, 2000

BAD = "bad_statement"


def _bad(what: str) -> BundleRefused:
    exc = BundleRefused(BAD, f"Tệp của Sở Nội vụ không hợp lệ: {what}. Hãy đề nghị Sở Nội vụ gửi lại tệp.")
    exc.detail = what  # type: ignore[attr-defined]  # what the province's clerk is told before signing
    return exc


def sign(body: dict, signer: SigningKey) -> bytes:
    """A results or catalog statement: ``body`` signed by the province signing key (same PAE type as
    receipts and resume points)."""
    return _document({**body, "signature": b64(signer.sign(STATEMENT_TYPE, dumps(body)))})


def peek_type(data: bytes) -> str | None:
    """The statement type named near the start of ``data`` (to choose the size limit before parsing the
    whole file); None when it names none of the two larger kinds."""
    head = data[:4096]
    for kind in (RESULTS, CATALOG):
        if f'"type": "{kind}"'.encode() in head or f'"type":"{kind}"'.encode() in head:
            return kind
    return None


def open_large(data: bytes, signing_public: bytes) -> dict:
    """The body of a results or catalog statement signed by ``signing_public``, size-checked before it
    is parsed and the number of outcomes capped before any is read. Refuses (``BundleRefused``) a file
    too large, malformed, unsigned, signed by another key or altered."""
    kind = peek_type(data)
    limit = RESULTS_MAX_BYTES if kind == RESULTS else CATALOG_MAX_BYTES
    if len(data) > limit:
        raise BundleRefused("too_large", f"Tệp của Sở Nội vụ quá lớn ({len(data)} byte, tối đa {limit} byte).")
    if kind == RESULTS and data.count(b"{") > RESULTS_MAX_ITEMS + 1:  # one object per outcome, plus the body
        raise BundleRefused("too_many_items", f"Tệp kết quả có quá nhiều dòng (tối đa {RESULTS_MAX_ITEMS}).")
    unsigned = BundleRefused("bad_signature", "Tệp không phải do Sở Nội vụ ký bằng khóa đã cài trên máy này, hoặc "
                                              "đã bị sửa sau khi ký. Hãy xin lại tệp từ Sở Nội vụ.")
    try:
        doc = loads(data, max_bytes=limit)
        if not isinstance(doc, dict):
            raise _bad("nội dung không phải một đối tượng JSON")
        sig = unb64(doc.pop("signature"), 64)
    except StrictJSONError as exc:
        raise _bad(f"JSON sai ({exc})") from None
    except (KeyError, ValueError, TypeError, AttributeError):
        raise unsigned from None
    if not verify(signing_public, STATEMENT_TYPE, dumps(doc), sig):
        raise unsigned
    return doc


def _members(doc: dict, members: set[str], where: str) -> None:
    missing, extra = members - set(doc), set(doc) - members
    if missing:
        raise _bad(f"{where} thiếu trường {', '.join(sorted(missing))}")
    if extra:
        raise _bad(f"{where} có trường lạ {', '.join(sorted(one_line(m, 30) for m in extra))}")


def _text(value: Any, where: str, limit: int, multiline: bool = False) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise _bad(f"{where} phải là chuỗi tối đa {limit} ký tự")
    problem = text_problem(value, multiline)
    if problem:
        raise _bad(f"{where} {problem}")
    return value


def _date(value: Any, where: str) -> dt.date | None:
    if value is None:
        return None
    if not isinstance(value, str) or not DATE.fullmatch(value):
        raise _bad(f"{where} phải là ngày dạng YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _bad(f"{where} không phải ngày có thật") from None


def check_results(doc: dict) -> dict:
    """A results body checked member by member; returns it with ``outcomes`` as a list of dicts
    {row, row_id, status, decision_number, decision_date (date|None), reason}."""
    _members(doc, RESULTS_MEMBERS, "tệp kết quả")
    if doc["type"] != RESULTS or doc["version"] != 1:
        raise _bad("không phải tệp kết quả phiên bản 1")
    code = doc["commune_code"]
    if not isinstance(code, str) or not container.COMMUNE.fullmatch(code):
        raise _bad("mã đơn vị phải gồm 5 chữ số")
    year = doc["year"]
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2099:
        raise _bad("năm phải từ 2000 đến 2099")
    if container.parse_time(doc["made_at"]) is None:
        raise _bad("thời điểm lập (made_at) phải có dạng 2027-01-15T08:00:00Z")
    items = doc["outcomes"]
    if not isinstance(items, list) or len(items) > RESULTS_MAX_ITEMS:
        raise _bad(f"danh sách kết quả phải là một mảng tối đa {RESULTS_MAX_ITEMS} dòng")
    out, seen = [], set()
    for n, item in enumerate(items, start=1):
        where = f"dòng kết quả thứ {n}"
        if not isinstance(item, dict):
            raise _bad(f"{where} không phải một đối tượng")
        _members(item, OUTCOME_MEMBERS, where)
        m = ROW.fullmatch(item["row"]) if isinstance(item["row"], str) else None
        if m is None or m.group(1) != code:
            raise _bad(f"{where}: mã dòng phải có dạng {code}:proposal_row:<số>")
        if item["row"] in seen:
            raise _bad(f"{where}: dòng {item['row']} bị lặp")
        seen.add(item["row"])
        status = item["status"]
        if status not in ("accepted", "returned"):
            raise _bad(f"{where}: trạng thái phải là accepted hoặc returned")
        number = _text(item["decision_number"], f"{where}: số quyết định", MAX_DECISION_NUMBER)
        date = _date(item["decision_date"], f"{where}: ngày quyết định")
        reason = _text(item["reason"], f"{where}: lý do", MAX_REASON, multiline=True)
        if status == "accepted" and (not number.strip() or date is None):
            raise _bad(f"{where}: trường hợp được khen thưởng phải có số và ngày quyết định")
        if status == "returned" and not reason.strip():
            raise _bad(f"{where}: trường hợp trả lại phải có lý do")
        out.append({"row": item["row"], "row_id": int(m.group(2)), "status": status, "decision_number": number,
                    "decision_date": date, "reason": reason})
    return {**doc, "outcomes": out}


def check_catalog(doc: dict) -> dict:
    """A catalog update body checked for its members (the catalog itself is checked by
    desktop.core.catalog.parse_catalog, by the caller)."""
    _members(doc, CATALOG_MEMBERS, "tệp cập nhật danh mục")
    if doc["type"] != CATALOG or doc["version"] != 1:
        raise _bad("không phải tệp cập nhật danh mục phiên bản 1")
    version = doc["catalog_version"]
    if not isinstance(version, str) or not CATALOG_VERSION.fullmatch(version) or ".." in version:
        raise _bad("phiên bản danh mục chỉ gồm chữ, số, dấu chấm, gạch (tối đa 40 ký tự)")
    if container.parse_time(doc["made_at"]) is None:
        raise _bad("thời điểm lập (made_at) phải có dạng 2027-01-15T08:00:00Z")
    if not isinstance(doc["titles"], dict) or not isinstance(doc["base_salary"], dict):
        raise _bad("titles và base_salary phải là đối tượng JSON (nội dung tệp titles.json, base_salary.json)")
    if doc["titles"].get("version") != version:
        raise _bad("phiên bản trong titles.json khác phiên bản danh mục của tệp")
    return doc


def version_key(version: str) -> tuple:
    """An order of catalog versions: "2026.10" after "2026.9" (numbers compared as numbers)."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[._-]", version))


__all__ = ["RESULTS", "CATALOG", "RESULTS_MAX_BYTES", "RESULTS_MAX_ITEMS", "CATALOG_MAX_BYTES", "MAX_BYTES",
           "sign", "open_large", "peek_type", "check_results", "check_catalog", "version_key"]
