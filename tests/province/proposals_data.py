"""Received proposals at the province, inserted as the import will store them (until proposals travel
in the data file): one ProvinceBundle per commune and ProvinceRecord rows of kind 'proposal',
'proposal_row' and 'ballot' with exactly the shape docs/bundle-format.md gives them. Swap this for a
real import (tests.province.communes + commune.export) once the file carries proposals."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from sqlalchemy import func, select

from desktop.shared.text import fold
from desktop.store.models_bundle import ProvinceBundle, ProvinceRecord


@dataclass
class Row:
    id: int
    name: str
    title_code: str = "BK_TINH"
    subject_type: str = "person"
    subject_id: int = 0          # 0: the row id
    detail: str = "Công chức Văn phòng UBND xã"
    amount: int = 0
    ballot: dict | None = None   # ballot payload (meeting, subject, title_code, method, …) or None


@dataclass
class Proposal:
    commune: str
    year: int
    id: int = 1
    number: int = 15
    signed_on: str = ""          # "YYYY-MM-DD"; default 20 November of the year
    rows: list[Row] = field(default_factory=list)


def _bundle(s, commune: str) -> int:
    existing = s.scalar(select(ProvinceBundle.id).where(ProvinceBundle.commune_code == commune)
                        .order_by(ProvinceBundle.sequence.desc()).limit(1))
    if existing is not None:
        return existing
    seq = (s.scalar(select(func.max(ProvinceBundle.sequence)).where(ProvinceBundle.commune_code == commune)) or 0) + 1
    sha = hashlib.sha256(f"{commune}:{seq}".encode()).hexdigest()
    b = ProvinceBundle(commune_code=commune, sequence=seq, file_sha256=sha,
                       previous_hash=None, period="2026", kind="full", signer_key_id="k" * 32,
                       created_at="2026-12-01T01:00:00Z", file_name=f"{commune}.tdkt", size=1, manifest="{}", raw=b"x")
    s.add(b)
    s.flush()
    return b.id


def insert(db, *proposals: Proposal) -> list[str]:
    """Store the proposals as received; returns the uids of their rows, in order."""
    uids: list[str] = []
    with db.session() as s, s.begin():
        for p in proposals:
            bid = _bundle(s, p.commune)
            c = p.commune
            puid = f"{c}:proposal:{p.id}"
            signed = p.signed_on or f"{p.year}-11-20"
            total = sum(r.amount for r in p.rows)
            s.add(ProvinceRecord(commune_code=c, kind="proposal", uid=puid, bundle_id=bid, year=p.year,
                                 payload=json.dumps({
                                     "year": p.year, "number": p.number, "number_text": f"{p.number}/TTr-UBND",
                                     "signed_on": signed, "signer_name": "Nguyễn Văn Chủ",
                                     "signer_title": "Chủ tịch", "authority_prefix": "",
                                     "catalog_version": "2026.1", "base_salary": 2340000, "total_amount": total,
                                     "meeting": f"{c}:meeting:1", "document": None}, ensure_ascii=False)))
            for i, r in enumerate(p.rows, 1):
                subject = f"{c}:{r.subject_type}:{r.subject_id or r.id}"
                ballot_uid = None
                if r.ballot is not None:
                    ballot_uid = f"{c}:ballot:{r.id}"
                    s.add(ProvinceRecord(commune_code=c, kind="ballot", uid=ballot_uid, bundle_id=bid, year=p.year,
                                         subject_uid=subject, title_code=r.title_code,
                                         payload=json.dumps({"meeting": f"{c}:meeting:1", "subject": subject,
                                                             "title_code": r.title_code, **r.ballot})))
                uid = f"{c}:proposal_row:{r.id}"
                s.add(ProvinceRecord(commune_code=c, kind="proposal_row", uid=uid, bundle_id=bid, year=p.year,
                                     title_code=r.title_code, subject_uid=subject, name=r.name, name_fold=fold(r.name),
                                     payload=json.dumps({
                                         "proposal": puid, "sort_order": i,
                                         "subject": {"type": r.subject_type, "uid": subject},
                                         "title_code": r.title_code, "subject_name": r.name,
                                         "subject_detail": r.detail, "amount": r.amount, "ballot": ballot_uid,
                                         "minutes": f"{c}:minutes:1"}, ensure_ascii=False)))
                uids.append(uid)
    return uids


def ballot(yes: int = 9, members: int = 10, passed: bool = True, method: str = "secret") -> dict:
    return {"method": method, "members_total": members, "yes": yes, "no": members - yes, "invalid": 0,
            "threshold_percent": 80, "passed": passed}


def sample(db, year: int = 2026) -> list[str]:
    """Two communes' proposals: 09319 with three rows (two Bằng khen, one Chiến sĩ thi đua cấp tỉnh with
    its ballot), 09247 with two (a collective among them)."""
    return insert(
        db,
        Proposal("09319", year, rows=[Row(1, "Nguyễn Thị Hoa"), Row(2, "Trần Văn Bình"),
                                      Row(3, "Lê Minh Châu", "CSTD_TINH", ballot=ballot(9))]),
        Proposal("09247", year, number=7, rows=[
            Row(11, "Phạm Quốc Dũng"),
            Row(12, "Trường Mầm non Hoa Sen", "TTLDXS", "collective", 4, detail="Thôn Đông")]))
