"""The province's check of the review's acts in a data file (format version 3), before the file is
accepted: in the verification pass of desktop.app.province, over the records staged in ``tdkt_stage``
(and, for a correction, the records the province holds for the commune that the file keeps).

* every decision and proposal cites a catalog version the province knows (``unknown_catalog``);
* a meeting that cites its minutes: the votes digest recomputed from the ballots of that meeting
  equals the minutes' ``votes_sha256`` (``votes_mismatch``);
* every row of a decision or proposal whose title needs a ballot in that catalog carries the ballot of
  the cited meeting for the same subject and title (``ballot_missing``, ``ballot_mismatch``) that
  meets the catalog's threshold counted on all the council's members, by secret ballot where the
  catalog asks for one (``ballot_below_threshold``).

Everything is read in SQL, a page at a time, so memory does not grow with the file; the only thing
held is one meeting's votes, at most MAX_VOTES of them. The references themselves (a row's proposal,
subject, ballot and minutes are in the file or held) are checked before, with every other reference
(desktop.bundle.records_codec). Specification: docs/bundle-format.md §3a and §6.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text

from desktop.app.catalogs import catalog_for
from desktop.bundle.container import Manifest
from desktop.bundle.errors import BundleRefused
from desktop.bundle.review_codec import LABELS, REVIEW_KINDS, ballot_vote
from desktop.core.catalog import Catalog
from desktop.core.review.ballots import tally
from desktop.core.review.votes import votes_digest
from desktop.shared.text import one_line

PAGE = 500
MAX_VOTES = 100_000  # ballots of one meeting: a ward's council votes on a few thousand candidates at most
ROW_PARENT = {"decision_row": "decision", "proposal_row": "proposal"}


def _j(dialect: str, alias: str, member: str) -> str:
    if dialect == "postgresql":
        return f"(CAST({alias}.payload AS json) ->> '{member}')"
    return f"json_extract({alias}.payload, '$.{member}')"


class _Acts:
    """One file's check: the records as they will stand once it is applied (``eff``), and the catalogs
    its acts cite, each loaded once."""

    def __init__(self, conn, m: Manifest, data_dir: Path | None):
        self.conn, self.m, self.data_dir = conn, m, data_dir
        self.d = conn.dialect.name
        self.catalogs: dict[str, Catalog] = {}
        cols = "uid, kind, payload, subject_uid, title_code, year"
        if m.kind == "full":
            self.eff = f"(SELECT {cols} FROM tdkt_stage)"
        else:
            self.eff = (f"(SELECT {cols} FROM tdkt_stage UNION ALL SELECT {cols} FROM province_record h "
                        "WHERE h.commune_code = :c AND h.uid NOT IN (SELECT uid FROM tdkt_stage) "
                        "AND h.uid NOT IN (SELECT uid FROM tdkt_acts_removed))")

    def run(self, sql: str, **params):
        return self.conn.execute(text(sql), {"c": self.m.commune_code, **params})

    def catalog(self, version: object, rec_uid: str, kind: str) -> Catalog:
        key = version if isinstance(version, str) else ""
        if key in self.catalogs:
            return self.catalogs[key]
        cat = catalog_for(key, self.data_dir) if key else None
        if cat is None:
            raise BundleRefused(
                "unknown_catalog",
                f"Bản ghi {rec_uid} loại “{LABELS[kind]}” được lập theo danh mục danh hiệu phiên bản "
                f"“{one_line(str(version), 40)}”, phần mềm của Sở chưa có phiên bản này nên không kiểm tra được "
                "điều kiện bỏ phiếu. Hãy cập nhật phần mềm (hoặc danh mục) của Sở lên phiên bản mới nhất rồi nhập "
                "lại tệp.")
        self.catalogs[key] = cat
        return cat

    def pages(self, sql: str, **params):
        """Rows of ``sql`` (its first column a uid, ``{after}`` where the page condition goes) a page at
        a time, in uid order."""
        after = ""
        while True:
            rows = self.run(sql.format(after=":after") + f" ORDER BY 1 LIMIT {PAGE}", after=after, **params).all()
            yield from rows
            if len(rows) < PAGE:
                return
            after = rows[-1][0]


def _removed_table(conn, m: Manifest) -> None:
    conn.exec_driver_sql("CREATE TEMPORARY TABLE IF NOT EXISTS tdkt_acts_removed (uid VARCHAR(40) PRIMARY KEY)")
    conn.exec_driver_sql("DELETE FROM tdkt_acts_removed")
    uids = sorted({u for group in m.removed.values() for u in group})
    for i in range(0, len(uids), 500):
        conn.execute(text("INSERT INTO tdkt_acts_removed (uid) VALUES (:u)"), [{"u": u} for u in uids[i:i + 500]])


def check_acts(conn, m: Manifest, data_dir: Path | None) -> None:
    """Refuse (BundleRefused) a file whose review acts do not hold together; fill in the year of each
    staged decision and proposal row (its decision's or proposal's year), which the province's views
    and outcomes select on. A file of format version 1 or 2 carries no acts, nor does one whose acts'
    parts are empty and that removes none: nothing to do (what it removes otherwise, a subject with its
    ballots held, is the references' check)."""
    carries = any(p.kind in REVIEW_KINDS and p.records for p in m.parts) or any(
        kind in REVIEW_KINDS and uids for kind, uids in m.removed.items())
    if m.format_version < 3 or not carries:
        return
    _removed_table(conn, m)
    try:
        acts = _Acts(conn, m, data_dir)
        _fill_row_years(acts)
        _check_act_catalogs(acts)
        _check_votes(acts)  # the tallies are the minutes' before they are judged against the catalog
        for kind in ROW_PARENT:
            _check_rows(acts, kind)
    finally:
        conn.exec_driver_sql("DELETE FROM tdkt_acts_removed")
        conn.exec_driver_sql("DROP TABLE IF EXISTS tdkt_acts_ballot")


def _fill_row_years(a: _Acts) -> None:
    for kind, parent in ROW_PARENT.items():
        a.run(f"UPDATE tdkt_stage SET year = (SELECT p.year FROM {a.eff} p WHERE p.uid = "
              f"{_j(a.d, 'tdkt_stage', parent)}) WHERE kind = :kind", kind=kind)


def _check_act_catalogs(a: _Acts) -> None:
    """Every decision and proposal of the file cites a catalog the province has."""
    for rec_uid, kind, payload in a.pages(
            "SELECT uid, kind, payload FROM tdkt_stage WHERE kind IN ('decision', 'proposal') AND uid > {after}"):
        a.catalog(json.loads(payload).get("catalog_version"), rec_uid, kind)


def _check_rows(a: _Acts, kind: str) -> None:
    parent = ROW_PARENT[kind]
    sql = (f"SELECT r.uid, r.payload, p.payload, b.payload FROM tdkt_stage r "
           f"JOIN {a.eff} p ON p.uid = {_j(a.d, 'r', parent)} "
           f"LEFT JOIN {a.eff} b ON b.uid = {_j(a.d, 'r', 'ballot')} "
           "WHERE r.kind = :kind AND r.uid > {after}")
    for rec_uid, row_payload, parent_payload, ballot_payload in a.pages(sql, kind=kind):
        row, act = json.loads(row_payload), json.loads(parent_payload)
        ballot = json.loads(ballot_payload) if ballot_payload else None
        _check_row(a, kind, rec_uid, row, act, ballot)


def _check_row(a: _Acts, kind: str, rec_uid: str, row: dict, act: dict, ballot: dict | None) -> None:
    parent = ROW_PARENT[kind]
    cat = a.catalog(act.get("catalog_version"), act.get("uid", rec_uid), parent)
    code = row["title_code"]
    title = cat.titles.get(code)
    who = f"Bản ghi {rec_uid} loại “{LABELS[kind]}” ({one_line(row['subject_name'], 60)})"
    if title is None:
        raise BundleRefused("bad_field", f"{who}: danh hiệu, hình thức mã “{one_line(code, 32)}” không có trong "
                                         f"danh mục phiên bản {cat.version} mà văn bản {act.get('uid')} dẫn. Tệp bị "
                                         "từ chối.")
    if ballot is not None and (ballot["subject"] != row["subject"] or ballot["title_code"] != code
                               or ballot["meeting"] != act.get("meeting")):
        raise BundleRefused(
            "ballot_mismatch",
            f"{who}: kết quả bỏ phiếu {ballot['uid']} được dẫn không phải của đối tượng này, cho "
            f"“{title.name}”, tại cuộc họp mà văn bản {act.get('uid')} dẫn. Tệp bị từ chối; hãy đề nghị xã kiểm tra "
            "lại kết quả bỏ phiếu và văn bản rồi xuất lại.")
    if title.ballot is None:
        return
    rule = title.ballot
    if ballot is None:
        raise BundleRefused(
            "ballot_missing",
            f"{who}: “{title.name}” cần bỏ phiếu{' kín' if rule.secret else ''} đạt từ {rule.min_percent}% tổng số "
            f"thành viên Hội đồng ({rule.source}), nhưng dòng này không kèm kết quả bỏ phiếu. Tệp bị từ chối; hãy đề "
            "nghị xã ghi kết quả bỏ phiếu rồi lập lại văn bản và xuất lại.")
    outcome = tally(cat, code, ballot["members_total"], ballot["yes"], ballot["no"], ballot["invalid"])
    if not outcome.passed or (rule.secret and ballot["method"] != "secret"):
        why = outcome.reason if not outcome.passed else f"“{title.name}” phải bỏ phiếu kín, không biểu quyết giơ tay."
        raise BundleRefused(
            "ballot_below_threshold",
            f"{who}: kết quả bỏ phiếu {ballot['uid']} không đạt điều kiện của danh mục {cat.version}: "
            f"{why.rstrip('.')}. Tệp bị từ chối: không được đề nghị, khen thưởng đối tượng chưa đạt.")


def _check_votes(a: _Acts) -> None:
    """Each meeting of the file (or with a ballot in the file) that cites minutes: its ballots' votes
    digest equals the minutes' votes_sha256."""
    a.conn.exec_driver_sql("DROP TABLE IF EXISTS tdkt_acts_ballot")
    a.conn.exec_driver_sql("CREATE TEMPORARY TABLE tdkt_acts_ballot (meeting VARCHAR(40), uid VARCHAR(40), "
                           "payload TEXT)")
    a.run(f"INSERT INTO tdkt_acts_ballot (meeting, uid, payload) SELECT {_j(a.d, 'e', 'meeting')}, e.uid, e.payload "
          f"FROM {a.eff} e WHERE e.kind = 'ballot'")
    a.conn.exec_driver_sql("CREATE INDEX tdkt_acts_ballot_meeting ON tdkt_acts_ballot (meeting)")
    meetings = (f"SELECT x.mu FROM (SELECT uid AS mu FROM tdkt_stage WHERE kind = 'meeting' UNION "
                f"SELECT {_j(a.d, 's', 'meeting')} FROM tdkt_stage s WHERE s.kind = 'ballot') x WHERE x.mu > {{after}}")
    for (meeting_uid,) in a.pages(meetings):
        got = a.run(f"SELECT e.payload FROM {a.eff} e WHERE e.uid = :u", u=meeting_uid).first()
        minutes = json.loads(got[0]).get("minutes") if got else None
        if not minutes:
            continue
        doc = a.run(f"SELECT e.payload FROM {a.eff} e WHERE e.uid = :u", u=minutes).first()
        frozen = json.loads(doc[0]).get("votes_sha256") if doc else None
        n = a.run("SELECT count(*) FROM tdkt_acts_ballot WHERE meeting = :u", u=meeting_uid).scalar() or 0
        if n > MAX_VOTES:
            raise BundleRefused("too_large", f"Cuộc họp {meeting_uid} có {n} kết quả bỏ phiếu, vượt giới hạn "
                                             f"{MAX_VOTES} (nghi tệp độc hại). Tệp bị từ chối.")
        votes = [ballot_vote(json.loads(p)) for (p,) in
                 a.run("SELECT payload FROM tdkt_acts_ballot WHERE meeting = :u", u=meeting_uid)]
        if votes_digest(votes) != frozen:
            raise BundleRefused(
                "votes_mismatch",
                f"Cuộc họp {meeting_uid}: kết quả bỏ phiếu trong tệp ({n} lượt) không khớp biên bản {minutes} đã "
                "ban hành (mã băm kết quả bỏ phiếu khác). Có thể kết quả đã bị sửa sau khi ban hành biên bản. Tệp bị "
                "từ chối; hãy đề nghị xã kiểm tra, ban hành biên bản đính chính nếu cần, rồi xuất lại.")


__all__ = ["MAX_VOTES", "REVIEW_KINDS", "check_acts"]
