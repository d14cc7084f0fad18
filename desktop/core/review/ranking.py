"""Checking a year: who is a candidate for what, the caps on a title's share, and the order on a tie
(the tie rule is catalog data: ``Catalog.tie_break``)."""

from __future__ import annotations

import datetime as dt
import math

from sqlalchemy.orm import Session

from desktop.core.catalog import AuthorityRule, Catalog, TieRule, load_catalog
from desktop.core.review.engine import Engine
from desktop.core.review.results import OK, WARNING, Candidate, Finding, ReviewResult, Subject, _pct, _worst
from desktop.core.review.yeardata import YearData, _lookback
from desktop.shared.i18n import tr
from desktop.shared.text import fold


def tie_rule(catalog: Catalog) -> TieRule | None:
    """The catalog's "tie_break" entry (checked when the catalog is loaded); None when absent."""
    return catalog.tie_break


def tie_priority(rule: TieRule | None, data: YearData, subj: Subject) -> str:
    if rule is None:
        return ""
    t, i = subj
    if t == "person":
        p = data.persons.get(i)
        return tr("Nữ") if p is not None and p.sex == "nu" else ""
    if t == "collective":
        members = data.members.get(i, [])
        if not members:
            return ""
        women = sum(1 for m in members if data.persons[m].sex == "nu")
        share = 100.0 * women / len(members)
        return tr("Tập thể {percent} nữ").format(percent=_pct(share)) if share + 1e-9 >= rule.women_percent else ""
    return ""


def authority_rule(catalog: Catalog, data: YearData, subj: Subject, code: str) -> AuthorityRule | None:
    """The catalog's rule giving ``code`` for this subject to another body (an enterprise's director,
    the armed forces), or None when the title's own authority decides."""
    t = catalog.titles.get(code)
    if t is None or not t.authority_rules:
        return None
    kind, i = subj
    if kind == "person" and i in data.persons:
        return t.authority_rule("person", category=data.persons[i].category, employer_kind=data.employer_kind(i))
    if kind == "collective" and i in data.collectives:
        return t.authority_rule("collective", kind=data.collectives[i].kind)
    return None


def elsewhere_text(catalog: Catalog, rule: AuthorityRule, title_name: str) -> str:
    who = catalog.authority_name(rule.decided_by)
    if rule.instead:
        return tr("Xét danh hiệu {instead} thay cho {title}, do {authority} quyết định; không đưa vào quyết định, "
                  "tờ trình của xã.").format(instead=rule.instead, title=title_name, authority=who)
    return tr("{title} của đối tượng này do {authority} quyết định; không đưa vào quyết định, tờ trình của xã; "
              "khi có quyết định, nhập vào lịch sử khen thưởng.").format(title=title_name, authority=who)


def rank_key(yes: int, priority: str, name: str, eligible: bool = True) -> tuple:
    """Order of candidates for one title: more votes first; on equal votes the tie rule, which the decree
    applies only among candidates who all meet the standard ("cùng đủ điều kiện, tiêu chuẩn": a woman
    who does not, ``eligible`` False, comes in name order with the rest); then the name."""
    return (-yes, not (priority and eligible), fold(name))


# --------------------------------------------------------------------------- checking a year


def check_year(s: Session, year: int, catalog: Catalog | None = None, on: dt.date | None = None,
               include_all: bool = False) -> ReviewResult:
    """Findings for every candidate of ``year``: the year's registrations, plus the titles the
    catalog marks "suggest" (upward proposals such as 3 consecutive years → provincial title) for
    subjects in view, plus (``include_all``) everybody who is fully eligible without registering."""
    catalog = catalog or load_catalog()
    on = on or dt.date(year, 12, 31)
    data = YearData(s, year, _lookback(catalog))
    eng = Engine(catalog, data, on)
    ties = tie_rule(catalog)
    out: list[Candidate] = []
    seen: set[tuple[Subject, str]] = set()

    def add(subj: Subject, code: str, registered: bool) -> Candidate:
        t = catalog.titles.get(code)
        findings = list(eng.findings(subj, code))
        authority, level = (catalog.authority_name(t.decided_by), t.level) if t else ("", "")
        rule = authority_rule(catalog, data, subj, code)
        if rule is not None:
            authority, level = catalog.authority_name(rule.decided_by), catalog.authority_level(rule.decided_by)
            findings.insert(0, Finding("authority", OK, elsewhere_text(catalog, rule, t.name if t else code),
                                       rule.source))
        cand = Candidate(subj[0], subj[1], data.name(subj), data.detail(subj), code,
                         t.name if t else code, authority, level, registered, findings,
                         tie_priority(ties, data, subj))
        out.append(cand)
        seen.add((subj, code))
        return cand

    # the cultural titles are recognised through their own procedure (village meeting, posting, the
    # chairman's decision: desktop.app.culture), not by the council's review
    own_procedure = {code for code, t in catalog.titles.items() if t.procedure}
    for subj, code in data.registrations:
        if (subj, code) not in seen and code not in own_procedure:
            add(subj, code, True)

    pool: list[Subject] = list(dict.fromkeys(
        [subj for subj, _ in data.registrations]
        + [subj for subj, awards in data.awards.items() if any(a.year == year - 1 for a in awards)]))
    if include_all:
        pool += [("person", i) for i in data.persons] + [("collective", i) for i in data.collectives] \
            + [("household", i) for i in data.households]
        pool = list(dict.fromkeys(pool))
    for t in catalog.titles.values():
        if not (t.suggest or include_all) or t.procedure:
            continue
        for subj in pool:
            if subj[0] not in t.for_ or (subj, t.code) in seen or not data.exists(subj) \
                    or authority_rule(catalog, data, subj, t.code) is not None:
                continue
            findings = eng.findings(subj, t.code)
            st = _worst(f.status for f in findings)
            # suggested: fully eligible, or (upward titles) only waiting for the council to confirm
            # something the data does show, never merely because a rule asks for a manual check
            if st == OK or (t.suggest and st == WARNING
                            and not any(f.rule == "manual" for f in findings)):
                add(subj, t.code, False)

    _apply_caps(catalog, out, ties)
    order = {code: i for i, code in enumerate(catalog.titles)}
    out.sort(key=lambda c: (order.get(c.title_code, 99), not c.registered, fold(c.name), c.subject_id))
    return ReviewResult(year, on, catalog.version, catalog.salary_version, out)


def _apply_caps(catalog: Catalog, cands: list[Candidate], ties: TieRule | None = None) -> None:
    for t in catalog.titles.values():
        if not t.cap:
            continue
        # a decision already made counts as it did before it was made: those awarded the base title this
        # year stay in the base, those awarded the capped title still take their place under the cap
        base = sum(1 for c in cands if c.title_code == t.cap["of"] and (c.status == OK or c.decided is not None))
        mine = [c for c in cands if c.title_code == t.code and c.status == OK]
        awarded = sum(1 for c in cands if c.title_code == t.code and c.decided is not None)
        limit = math.floor(base * t.cap["percent"] / 100)
        if mine and len(mine) + awarded > limit:
            reason = tr("Có {count} người đủ tiêu chuẩn {title}, vượt giới hạn {percent} % số đạt "
                        "{base_title} ({base} người): Hội đồng chỉ chọn tối đa {limit}.").format(
                            count=len(mine) + awarded, title=t.name, percent=t.cap["percent"],
                            base_title=catalog.title_name(t.cap["of"]), base=base, limit=limit) \
                + (f" {ties.text()}" if ties else "")
            for c in mine:
                c.findings.append(Finding("cap", WARNING, reason, t.source))

