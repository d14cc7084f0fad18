"""The province's latest contact per commune (Qt-free): who to call about a commune's files. Kept from
the commune's enrolment request and from each accepted data file (whichever came later wins), both
checked by desktop.shared.contacts before they get here; read by the chase list and the commune's page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, insert, select

from desktop.shared.contacts import Contact
from desktop.store.models import utcnow
from desktop.store.models_bundle import ProvinceContact


@dataclass(frozen=True)
class KnownContact:
    commune_code: str
    contact: Contact
    source: str                  # enrolment | file
    sequence: int | None
    updated_at: dt.datetime      # UTC

    def as_json(self) -> dict:
        return {**self.contact.as_json(), "source": self.source, "sequence": self.sequence,
                "updated_at": self.updated_at.isoformat()}


def remember(conn, code: str, contact: Contact | None, source: str, sequence: int | None = None,
             officer: str = "") -> None:
    """Record ``contact`` as the commune's latest, in the caller's transaction (a Session or a
    Connection: Core statements). A request or file without one keeps what is known, except the
    officer's name of an enrolment (``officer``)."""
    if contact is None:
        if not officer:
            return
        contact = Contact(name=officer)
    conn.execute(delete(ProvinceContact).where(ProvinceContact.commune_code == code))
    conn.execute(insert(ProvinceContact).values(commune_code=code, name=contact.name, phone=contact.phone,
                                                email=contact.email, source=source, sequence=sequence,
                                                updated_at=utcnow()))


def _known(row: ProvinceContact) -> KnownContact:
    return KnownContact(row.commune_code, Contact(row.name, row.phone, row.email), row.source, row.sequence,
                        row.updated_at)


def all_contacts(db) -> dict[str, KnownContact]:
    with db.session() as s:
        return {r.commune_code: _known(r) for r in s.scalars(select(ProvinceContact))}


def contact_of(db, code: str) -> KnownContact | None:
    with db.session() as s:
        row = s.get(ProvinceContact, code)
        return _known(row) if row is not None else None
