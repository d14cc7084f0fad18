"""An issued document's content, frozen: any document dataclass of ``desktop.reports.documents`` as
canonical JSON (sorted keys, no spaces, NFC text) and back, so that a document printed on the day it
was issued and reprinted a year later, whatever changed in the records since, is the same text.

Every dataclass is written as an object with ``"__type__"`` (its class name, from a closed list) and
its fields; a date as ``{"__date__": "YYYY-MM-DD"}``, a tuple as ``{"__tuple__": [...]}``, marked-up
text as ``{"__markup__": "..."}``. Anything else is refused: reading never builds an object the list
does not name."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from typing import Any

from desktop.reports import culture_docs as C
from desktop.reports import documents as D
from desktop.reports import plan_docs as K
from desktop.reports import province_docs as P
from desktop.reports.layout import Col, Issuer, Markup, Signature
from desktop.shared.text import nfc

_TYPES: dict[str, type] = {cls.__name__: cls for cls in (
    D.ListDoc, D.AwardRow, D.DecisionDoc, D.CouncilSeatLine, D.BallotResult, D.MinutesDoc, D.BallotCandidate,
    D.BallotDoc, D.ProposalDoc, D.IndicatorRow, D.ReportDoc, D.AchievementReportDoc, D.CoverLetterDoc,
    D.EnrolmentDoc, D.ReceiptDoc, P.ProvinceDecisionDoc, P.UnitRow, C.CultureMinutesDoc, C.CultureDecisionDoc,
    K.PlanDoc, Issuer, Signature, Col)}
MAX_DEPTH = 12


class FrozenError(ValueError):
    """The stored content is not a document this version can read."""


def _encode(x: Any) -> Any:
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        name = type(x).__name__
        if name not in _TYPES:
            raise TypeError(f"cannot freeze {name}")
        return {"__type__": name, **{f.name: _encode(getattr(x, f.name)) for f in dataclasses.fields(x)}}
    if isinstance(x, Markup):
        return {"__markup__": nfc(str(x))}
    if isinstance(x, str):
        return nfc(x)
    if isinstance(x, bool) or x is None or isinstance(x, int):
        return x
    if isinstance(x, float):
        return {"__float__": repr(x)}
    if isinstance(x, dt.datetime):
        raise TypeError("a document holds dates, not times")
    if isinstance(x, dt.date):
        return {"__date__": x.isoformat()}
    if isinstance(x, tuple):
        return {"__tuple__": [_encode(v) for v in x]}
    if isinstance(x, list):
        return [_encode(v) for v in x]
    if isinstance(x, dict):
        return {"__dict__": [[_encode(k), _encode(v)] for k, v in x.items()]}
    raise TypeError(f"cannot freeze a {type(x).__name__}")


def _decode(x: Any, depth: int = 0) -> Any:
    if depth > MAX_DEPTH:
        raise FrozenError("too deep")
    if isinstance(x, list):
        return [_decode(v, depth + 1) for v in x]
    if not isinstance(x, dict):
        if x is None or isinstance(x, (str, int, bool)):
            return x
        raise FrozenError(f"unexpected {type(x).__name__}")
    if "__type__" in x:
        cls = _TYPES.get(x["__type__"])
        if cls is None:
            raise FrozenError(f"unknown type {x['__type__']!r}")
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: _decode(v, depth + 1) for k, v in x.items() if k != "__type__"}
        if set(values) - names:
            raise FrozenError(f"unknown fields of {cls.__name__}: {sorted(set(values) - names)}")
        try:
            return cls(**values)
        except TypeError as exc:
            raise FrozenError(str(exc)) from None
    if len(x) != 1:
        raise FrozenError("bad object")
    (key, value), = x.items()
    if key == "__date__":
        return dt.date.fromisoformat(value)
    if key == "__markup__":
        return Markup(value)
    if key == "__float__":
        return float(value)
    if key == "__tuple__":
        return tuple(_decode(v, depth + 1) for v in value)
    if key == "__dict__":
        return {_decode(k, depth + 1): _decode(v, depth + 1) for k, v in value}
    raise FrozenError(f"bad object key {key!r}")


def freeze(doc: D.Document) -> tuple[str, str]:
    """(content, SHA-256 hex of its UTF-8 bytes) of ``doc``."""
    content = json.dumps(_encode(doc), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return content, digest(content)


def digest(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def thaw(content: str) -> D.Document:
    """The document frozen in ``content``; FrozenError when it is not one."""
    try:
        raw = json.loads(content)
    except ValueError as exc:
        raise FrozenError(str(exc)) from None
    doc = _decode(raw)
    if not isinstance(doc, (D.ListDoc, D.DecisionDoc, D.MinutesDoc, D.BallotDoc, D.ProposalDoc, D.ReportDoc,
                            D.AchievementReportDoc, D.CoverLetterDoc, D.EnrolmentDoc, D.ReceiptDoc, K.PlanDoc)):
        raise FrozenError("not a document")
    return doc


__all__ = ["freeze", "thaw", "digest", "FrozenError"]
