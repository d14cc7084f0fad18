"""One commune as the province knows it (Qt-free): every file it sent, accepted or refused, with its
dates (Vietnam time), hash, record counts and whether a receipt can be given again; its key history
(desktop.app.enrolment); its latest contact (desktop.app.contacts). Read by the board's commune page
and by ``province history CODE``. Receipts are re-issued by desktop.app.province.reissue_receipt (the
same statement the import gave)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select

from desktop.app import received
from desktop.app.chase import advice
from desktop.app.contacts import KnownContact, contact_of
from desktop.app.enrolment import KeyEvent, key_history
from desktop.core.units import find_unit, unknown_unit_message
from desktop.shared.errors import UserError
from desktop.shared.fmt import as_utc, vn_iso
from desktop.shared.text import one_line
from desktop.store.models_bundle import ProvinceAttempt, ProvinceBundle

ACCEPTED, REFUSED, HELD = "accepted", "refused", "held"


@dataclass(frozen=True)
class SentFile:
    """One file of the commune: an accepted one (``receipt`` True: it can be given again) or an attempt
    that was refused or held (never imported since)."""

    outcome: str                  # accepted | refused | held
    sequence: int | None
    period: str
    kind: str                     # full | correction | "" (a refused file whose manifest was not read)
    sent_at: dt.datetime | None   # the commune's signed time (accepted files), aware UTC
    at: dt.datetime               # imported (accepted) or tried (refused), aware UTC
    file_name: str
    sha256: str
    records: int | None
    reason_code: str = ""
    reason: str = ""              # the verifier's words, one line
    tell: str = ""                # what to tell the commune (QT_TR_NOOP-marked), refused files

    @property
    def receipt(self) -> bool:
        return self.outcome == ACCEPTED

    def as_json(self) -> dict:
        return {"outcome": self.outcome, "sequence": self.sequence, "period": self.period, "kind": self.kind,
                "sent_at": vn_iso(self.sent_at) if self.sent_at else None, "at": vn_iso(self.at),
                "file_name": self.file_name, "sha256": self.sha256, "records": self.records,
                "reason_code": self.reason_code, "reason": self.reason, "tell": self.tell}


@dataclass(frozen=True)
class CommuneHistory:
    code: str
    name: str
    files: list[SentFile]         # newest first
    keys: list[KeyEvent]          # oldest first
    contact: KnownContact | None

    def as_json(self) -> dict:
        return {"code": self.code, "name": self.name, "files": [f.as_json() for f in self.files],
                "keys": [k.as_json() for k in self.keys],
                "contact": self.contact.as_json() if self.contact else None}


def _records(manifest: str) -> int | None:
    try:
        parts = json.loads(manifest).get("parts", [])
        return sum(int(p.get("records", 0)) for p in parts if isinstance(p, dict))
    except (ValueError, TypeError, AttributeError):
        return None


def history(db, code: str) -> CommuneHistory:
    """The commune's page; a UserError for a code outside the 99."""
    unit = find_unit(code)
    if unit is None:
        raise UserError(unknown_unit_message(code))
    keys = key_history(db, code)  # also refuses a folder that is not the province's
    b, a = ProvinceBundle.__table__, ProvinceAttempt.__table__
    signed = {f.sequence: f for f in received.file_times(db, commune_code=code)}
    files: list[SentFile] = []
    with db.engine.connect() as conn:
        accepted = conn.execute(select(b.c.sequence, b.c.period, b.c.kind, b.c.imported_at, b.c.file_name,
                                       b.c.file_sha256, b.c.manifest).where(b.c.commune_code == code)).all()
        digests = {r.file_sha256 for r in accepted}
        for r in accepted:
            ft = signed.get(int(r.sequence))
            files.append(SentFile(ACCEPTED, int(r.sequence), r.period, r.kind, ft.sent_at if ft else None,
                                  as_utc(r.imported_at), one_line(r.file_name, 120), r.file_sha256,
                                  _records(r.manifest)))
        seen: set[str] = set()
        for r in conn.execute(select(a).where(a.c.commune_code == code, a.c.outcome.in_((REFUSED, HELD)),
                                              a.c.preview.is_(False))
                              .order_by(a.c.attempted_at.desc(), a.c.id.desc())):
            key = r.file_sha256 or f"#{r.id}"
            if key in digests or key in seen:
                continue  # accepted later, or the same file tried again: shown once, at its last try
            seen.add(key)
            files.append(SentFile(r.outcome, r.sequence, r.period or "", "", None, as_utc(r.attempted_at),
                                  one_line(r.file_name, 120), r.file_sha256, None, r.reason_code,
                                  one_line(r.reason, 300), advice(r.reason_code)))
    files.sort(key=lambda f: f.at, reverse=True)
    return CommuneHistory(code, unit.name, files, keys, contact_of(db, code))
