"""JSON parsing that refuses what a hostile or damaged file might carry: invalid UTF-8, duplicate
keys, NaN/Infinity, integers beyond ±2^53, deep nesting, oversized documents."""

from __future__ import annotations

import json
import math
from typing import Any

from desktop.shared.text import one_line

MAX_DEPTH = 16
MAX_INT = 2**53


class StrictJSONError(ValueError):
    """Carries a Vietnamese description of the defect."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise StrictJSONError(f"khóa “{one_line(k, 40)}” xuất hiện hai lần")
        out[k] = v
    return out


def _constant(name: str) -> Any:
    raise StrictJSONError(f"giá trị không hợp lệ {name}")


def _int(text: str) -> int:
    if len(text.lstrip("-")) > 16:
        raise StrictJSONError("số nguyên quá lớn")
    value = int(text)
    if abs(value) > MAX_INT:
        raise StrictJSONError("số nguyên quá lớn")
    return value


def _float(text: str) -> float:
    if len(text) > 40:
        raise StrictJSONError("số thực quá dài")
    value = float(text)
    if not math.isfinite(value):  # 1e400 parses to infinity: as forbidden as a literal Infinity
        raise StrictJSONError("số thực quá lớn (vượt giới hạn)")
    return value


def _depth(value: Any, level: int = 1) -> None:
    if level > MAX_DEPTH:
        raise StrictJSONError("cấu trúc lồng nhau quá sâu")
    if isinstance(value, dict):
        for v in value.values():
            _depth(v, level + 1)
    elif isinstance(value, list):
        for v in value:
            _depth(v, level + 1)


def _no_surrogates(value: Any) -> None:
    """A \\ud800-style escape gives a lone surrogate: not Unicode text, and it cannot be stored."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise StrictJSONError("chuỗi có ký tự không hợp lệ (nửa cặp thay thế UTF-16 đứng riêng)") from None
    elif isinstance(value, dict):
        for k, v in value.items():
            _no_surrogates(k)
            _no_surrogates(v)
    elif isinstance(value, list):
        for v in value:
            _no_surrogates(v)


def _scan_depth(text: str) -> None:
    depth = 0
    in_str = esc = False
    for ch in text:
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise StrictJSONError("cấu trúc lồng nhau quá sâu")
        elif ch in "]}":
            depth -= 1


def loads(data: bytes, max_bytes: int = 16 * 1024 * 1024) -> Any:
    if len(data) > max_bytes:
        raise StrictJSONError("dữ liệu JSON quá lớn")
    try:
        text = data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        raise StrictJSONError(f"không phải văn bản UTF-8 hợp lệ (byte {exc.start})") from None
    if text.startswith("\ufeff"):
        raise StrictJSONError("có ký tự BOM ở đầu")
    # pre-check so a "[[[[…" bomb never reaches the recursive parser (only when it could matter)
    if text.count("[") + text.count("{") > MAX_DEPTH:
        _scan_depth(text)
    try:
        value = json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant,
                           parse_int=_int, parse_float=_float)
    except StrictJSONError:
        raise
    except (ValueError, RecursionError) as exc:
        raise StrictJSONError(f"JSON không hợp lệ ({str(exc)[:80]})") from None
    _depth(value)
    if "\\u" in text:  # strictly decoded UTF-8 holds no surrogates; only an escape can make one
        _no_surrogates(value)
    return value


def dumps(value: Any) -> bytes:
    """Canonical form: sorted keys, no spaces, UTF-8 (what is hashed and signed)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")
