"""The rule engine: evaluates the catalog's rule ids for one subject and title in one year.

Every rule comes from the catalog (desktop/core/catalog.py, data under resources/catalog/): this module
implements the rule ids (a ``_r_<id>`` method each), the catalog says which title needs which rule with
which parameters and cites the source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from desktop.core import choices as C
from desktop.core.catalog import DISCIPLINE_ORDER, RATING_ORDER, Catalog, Title
from desktop.core.review.results import (
    BLOCKED,
    OK,
    WARNING,
    Finding,
    Subject,
    _either,
    _names,
    _pct,
    _subject_word,
    _worst,
    _years,
)
from desktop.core.review.yeardata import YearData, _Disc
from desktop.shared.i18n import tr


class Engine:
    """Evaluates titles for subjects in one year against one catalog. Results are memoised: a
    collective's rules evaluate its members once, however many titles ask."""

    def __init__(self, catalog: Catalog, data: YearData, on: dt.date):
        self.catalog = catalog
        self.data = data
        self.year = data.year
        self.on = on
        self._memo: dict[tuple[Subject, str], list[Finding]] = {}
        self._busy: set[tuple[Subject, str]] = set()

    # ---- public -------------------------------------------------------------------------------
    def findings(self, subj: Subject, code: str) -> list[Finding]:
        key = (subj, code)
        if key in self._memo:
            return self._memo[key]
        if key in self._busy:  # a catalog whose title requires itself: refuse rather than loop
            return [Finding("has_title", BLOCKED, tr("Tiêu chuẩn của danh hiệu tham chiếu vòng tròn trong danh mục."), "")]
        self._busy.add(key)
        try:
            out = self._evaluate(subj, code)
        finally:
            self._busy.discard(key)
        self._memo[key] = out
        return out

    def state(self, subj: Subject, code: str) -> str:
        """Does the subject hold ``code`` this year: awarded already (ok) or eligible now."""
        if self.data.award(subj, code, self.year) is not None:
            return OK
        return _worst(f.status for f in self.findings(subj, code))

    # ---- evaluation ---------------------------------------------------------------------------
    def _evaluate(self, subj: Subject, code: str) -> list[Finding]:
        cat = self.catalog
        t = cat.titles.get(code)
        if t is None:
            return [Finding("catalog", BLOCKED, tr("Danh mục phiên bản {version} không có danh hiệu, "
                                                   "hình thức mã “{code}”.").format(version=cat.version, code=code), "")]
        if subj[0] not in t.for_:
            allowed = ", ".join(_subject_word(x) for x in t.for_)
            return [Finding("catalog", BLOCKED, tr("{title} chỉ dành cho {allowed}.").format(title=t.name, allowed=allowed),
                            t.source)]
        if subj[0] == "collective" and subj[1] in self.data.ended:
            c = self.data.ended[subj[1]]
            when = f" {tr('ngày')} {c.ended_on:%d/%m/%Y}" if c.ended_on else ""
            word = tr("đã sáp nhập") if c.status == "merged" else tr("đã giải thể")
            return [Finding("catalog", BLOCKED, tr("Tập thể {state}{when}: giữ trong dữ liệu để tra cứu, không bình "
                                                   "xét năm {year}.").format(state=word, when=when, year=self.year), "")]
        if not self.data.exists(subj):
            return [Finding("catalog", BLOCKED, tr("Đối tượng không còn trong dữ liệu (có thể đã bị xóa)."), "")]
        out: list[Finding] = []
        if self.on < t.valid_from:
            out.append(Finding("valid_from", BLOCKED,
                               tr("Tiêu chuẩn {title} trong danh mục {version} áp dụng từ ngày "
                                  "{valid_from}, sau ngày xét {on}.").format(
                                   title=t.name, version=cat.version, valid_from=f"{t.valid_from:%d/%m/%Y}",
                                   on=f"{self.on:%d/%m/%Y}"), t.source))
        for rule in cat.general_rules:
            f = self._general(rule, subj, t)
            if f is not None:
                out.append(f)
        for rule in t.criteria:
            if "for" in rule and subj[0] not in rule["for"]:
                continue
            out.append(self._rule(rule, subj, t))
        return out

    def _general(self, rule: dict, subj: Subject, t: Title) -> Finding | None:
        rid, src = rule["rule"], rule.get("source", "")
        if rid == "no_pending_case":
            pending = [d for d in self.data.discipline.get(subj, ())
                       if d.status in rule["statuses"] and (d.start is None or d.start <= self.on)
                       and (d.end is None or d.end >= self.on)]
            if pending:
                what = "; ".join(tr("{case} từ ngày {date}").format(case=C.label(C.DISCIPLINE_STATUS, d.status),
                                                                   date=f"{d.start:%d/%m/%Y}")
                                 if d.start else C.label(C.DISCIPLINE_STATUS, d.status) for d in pending)
                return Finding(rid, BLOCKED, tr("{cases}: chưa xét khen thưởng cho đến khi có kết luận.").format(cases=what),
                               src)
            if subj[0] == "household":
                return None
            return Finding(rid, OK, tr("Không đang bị xem xét kỷ luật, điều tra, khiếu nại."), src)
        if rid == "one_award_per_achievement":
            return self._one_award(subj, t, src)
        if rid == "not_already_awarded":
            a = self.data.award(subj, t.code, self.year)
            if a is not None:
                no = f" ({a.decision_no})" if a.decision_no else ""
                return Finding(rid, BLOCKED, tr("Đã được tặng {title} năm {year}{decision}; "
                                                "một thành tích chỉ khen thưởng một lần.").format(
                                                    title=t.name, year=self.year, decision=no), src)
            return None
        return None

    def _one_award(self, subj: Subject, t: Title, src: str) -> Finding | None:
        """One achievement, one form of award: a second award form for the same subject in the year needs
        an achievement the first did not reward."""
        if not t.rewards_achievements:
            return None
        cat = self.catalog
        earlier = [(a.code, a.decision_no) for a in self.data.awards.get(subj, ())
                   if a.year == self.year and a.code != t.code and cat.titles.get(a.code) is not None
                   and cat.titles[a.code].rewards_achievements]
        earlier += [(p.code, p.decision_no) for p in self.data.proposed.get(subj, ())
                    if p.code != t.code and cat.titles.get(p.code) is not None and cat.titles[p.code].rewards_achievements]
        if not earlier:
            return None
        free = self.data.free_achievements(subj)
        if free:
            return Finding("one_award_per_achievement", OK, tr("Có {count} thành tích năm {year} chưa được khen thưởng, "
                                                               "đề nghị: “{first}”.").format(
                count=len(free), year=self.year, first=free[0].description[:80]), src)
        what = "; ".join(f"{cat.title_name(c)}" + (f" ({n})" if n else "") for c, n in earlier[:3])
        return Finding("one_award_per_achievement", BLOCKED,
                       tr("Thành tích năm {year} đã được khen thưởng hoặc đề nghị khen thưởng ({awards}); một thành "
                          "tích chỉ khen một hình thức. Nếu có thành tích khác, hãy ghi thành tích đó.").format(
                              year=self.year, awards=what), src)

    def _rule(self, rule: dict, subj: Subject, t: Title) -> Finding:
        rid = rule["rule"]
        src = rule.get("source") or t.source
        status, reason = getattr(self, "_r_" + rid)(rule, subj, t)
        return Finding(rid, status, reason, src)

    # ---- rules: each returns (status, reason) ---------------------------------------------------
    def _rating(self, subj: Subject, year: int) -> str | None:
        return self.data.ratings.get((subj, year))

    def _r_rating_at_least(self, rule, subj, t):
        need = rule["min"]
        got = self._rating(subj, self.year)
        need_label = C.label(C.RATING, need)
        if got is None:
            if subj[0] == "person" and "categories" in rule:
                cat = self.data.persons[subj[1]].category
                if cat not in rule["categories"]:
                    return WARNING, tr("Thành phần {category} không xếp loại chất lượng: "
                                       "Hội đồng xác nhận lao động, sản xuất có hiệu quả, chấp hành tốt chính sách, "
                                       "pháp luật và tích cực tham gia phong trào thi đua.").format(
                                           category=C.label(C.PERSON_CATEGORY, cat))
            level = rule.get("if_missing", BLOCKED)
            return level, tr("Chưa có kết quả xếp loại năm {year} (yêu cầu từ “{rating}” trở lên).").format(
                year=self.year, rating=need_label)
        got_label = C.label(C.RATING, got)
        if RATING_ORDER.get(got, -1) >= RATING_ORDER[need]:
            return OK, tr("Xếp loại năm {year}: {got} (yêu cầu từ “{rating}” trở lên).").format(
                year=self.year, got=got_label, rating=need_label)
        return BLOCKED, tr("Xếp loại năm {year}: {got}, chưa đạt mức “{rating}”.").format(
            year=self.year, got=got_label, rating=need_label)

    def _r_consecutive_years_rating(self, rule, subj, t):
        need, n = rule["min"], rule["years"]
        years = list(range(self.year - n + 1, self.year + 1))
        missing = [y for y in years if self._rating(subj, y) is None]
        low = [y for y in years if y not in missing and RATING_ORDER.get(self._rating(subj, y), -1) < RATING_ORDER[need]]
        need_label = C.label(C.RATING, need)
        span = (tr("{count} năm liên tục ({years})").format(count=n, years=_years(years)) if n > 1
                else tr("năm {year}").format(year=self.year))
        if low:
            return BLOCKED, tr("Chưa đạt “{rating}” {span}: năm {years} xếp loại thấp hơn.").format(
                rating=need_label, span=span, years=_years(low))
        if missing:
            return rule.get("if_missing", BLOCKED), tr("Chưa có kết quả xếp loại năm {years} (yêu cầu “{rating}” {span}).") \
                .format(years=_years(missing), rating=need_label, span=span)
        return OK, tr("Đạt “{rating}” {span}.").format(rating=need_label, span=span)

    def _discipline_in_year(self, subj: Subject, min_level: str) -> list[tuple[str, _Disc]]:
        """Disciplines at ``min_level`` or heavier: decided in the year (blocked), or decided earlier and
        still running in the year (warning: the council judges), or without a date (blocked)."""
        y0, y1 = dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)
        out = []
        for d in self.data.discipline.get(subj, ()):
            if d.status != "da_ky_luat" or DISCIPLINE_ORDER.get(d.level, len(DISCIPLINE_ORDER)) < DISCIPLINE_ORDER[min_level]:
                continue
            if d.start is None or y0 <= d.start <= y1:
                out.append((BLOCKED, d))
            elif d.start < y0 and (d.end is None or d.end >= y0):
                out.append((WARNING, d))
        out.sort(key=lambda x: x[0] != BLOCKED)
        return out

    def _discipline_text(self, d: _Disc) -> str:
        level = C.label(C.DISCIPLINE_LEVEL, d.level).lower() or tr("(chưa ghi hình thức)")
        no = f" ({d.decision_no})" if d.decision_no else ""
        if d.start is None:
            return tr("Bị kỷ luật {level}{decision}, không ghi ngày").format(level=level, decision=no)
        start = f"{d.start:%d/%m/%Y}"
        if d.start.year == self.year:
            return tr("Bị kỷ luật {level} ngày {date}{decision} trong năm {year}").format(
                level=level, date=start, decision=no, year=self.year)
        if d.end:
            return tr("Bị kỷ luật {level} từ ngày {date}{decision} đến ngày {end}, còn hiệu lực trong năm {year}") \
                .format(level=level, date=start, decision=no, end=f"{d.end:%d/%m/%Y}", year=self.year)
        return tr("Bị kỷ luật {level} từ ngày {date}{decision}, chưa ghi ngày hết hiệu lực, còn hiệu lực trong năm "
                  "{year}").format(level=level, date=start, decision=no, year=self.year)

    def _r_no_discipline(self, rule, subj, t):
        level_label = C.label(C.DISCIPLINE_LEVEL, rule["min_level"]).lower()
        found = self._discipline_in_year(subj, rule["min_level"])
        if found:
            st, d = found[0]
            if st == BLOCKED:
                return st, self._discipline_text(d) + "."
            return st, tr("{discipline}: Hội đồng xem xét.").format(discipline=self._discipline_text(d))
        return OK, tr("Không bị kỷ luật từ hình thức {level} trở lên trong năm {year}.").format(
            level=level_label, year=self.year)

    def _members(self, subj: Subject) -> list[int]:
        return self.data.members.get(subj[1], []) if subj[0] == "collective" else []

    def _no_members(self, subj):
        return BLOCKED, tr("Tập thể chưa có thành viên nào trong dữ liệu (cá nhân có “Đơn vị công tác” là tập thể này).")

    def _r_members_no_discipline(self, rule, subj, t):
        members = self._members(subj)
        if not members:
            return self._no_members(subj)
        level_label = C.label(C.DISCIPLINE_LEVEL, rule["min_level"]).lower()
        hits = [(m, self._discipline_in_year(("person", m), rule["min_level"])) for m in members]
        hard = [self.data.persons[m].full_name for m, f in hits if f and f[0][0] == BLOCKED]
        soft = [self.data.persons[m].full_name for m, f in hits if f and f[0][0] == WARNING]
        if hard:
            return BLOCKED, tr("Có {count} thành viên bị kỷ luật từ {level} trở lên trong năm {year}: {names}.").format(
                count=len(hard), level=level_label, year=self.year, names=_names(hard))
        if soft:
            return WARNING, tr("Có {count} thành viên đang trong thời hạn kỷ luật từ {level} trở lên "
                               "(quyết định từ năm trước): {names}. Hội đồng xem xét.").format(
                                   count=len(soft), level=level_label, names=_names(soft))
        return OK, tr("Không thành viên nào bị kỷ luật từ hình thức {level} trở lên trong năm {year}.").format(
            level=level_label, year=self.year)

    def _r_has_title(self, rule, subj, t):
        code = rule["title"]
        name = self.catalog.title_name(code)
        a = self.data.award(subj, code, self.year)
        if a is not None:
            no = f" ({a.decision_no})" if a.decision_no else ""
            return OK, tr("Đã được công nhận {title} năm {year}{decision}.").format(title=name, year=self.year,
                                                                                   decision=no)
        inner = self.findings(subj, code)
        st = _worst(f.status for f in inner)
        if st == OK:
            return OK, tr("Đủ tiêu chuẩn {title} năm {year}.").format(title=name, year=self.year)
        why = "; ".join(f.reason for f in inner if f.status == st)
        if st == WARNING:
            return WARNING, tr("{title}: cần Hội đồng xác nhận ({reasons})").format(title=name, reasons=why)
        return BLOCKED, tr("Chưa đủ tiêu chuẩn {title}: {reasons}").format(title=name, reasons=why)

    def _share(self, members: list[int], hit: Callable[[int], str]) -> tuple[int, int, list[int]]:
        ok = maybe = 0
        failing = []
        for m in members:
            st = hit(m)
            if st == OK:
                ok += 1
            elif st == WARNING:
                maybe += 1
            else:
                failing.append(m)
        return ok, maybe, failing

    def _share_outcome(self, what: str, n: int, ok: int, maybe: int, need: float, failing: list[int],
                       maybe_note: str, compare: str = "at_least"):
        share = 100.0 * ok / n
        upper = 100.0 * (ok + maybe) / n
        holds = {"at_least": lambda x: x + 1e-9 >= need,
                 "more_than": lambda x: x > need + 1e-9,
                 "at_most": lambda x: x <= need + 1e-9}[compare]
        want = {"at_least": tr("yêu cầu từ {need} trở lên"), "more_than": tr("yêu cầu trên {need}"),
                "at_most": tr("yêu cầu không quá {need}")}[compare].format(need=_pct(need))
        values = dict(ok=ok, total=n, what=what, share=_pct(share), want=want)
        if holds(share):
            return OK, tr("{ok}/{total} thành viên {what} ({share}), {want}.").format(**values)
        if compare != "at_most" and holds(upper):
            return WARNING, tr("{ok}/{total} thành viên {what} ({share}), {want}; thêm {maybe} thành viên "
                               "{maybe_note} thì đạt ({upper}).").format(**values, maybe=maybe, maybe_note=maybe_note,
                                                                        upper=_pct(upper))
        if compare == "at_most":
            return BLOCKED, tr("{ok}/{total} thành viên {what} ({share}), {want}: chưa đạt.").format(**values)
        names = [self.data.persons[m].full_name for m in failing]
        return BLOCKED, tr("{ok}/{total} thành viên {what} ({share}), {want}: chưa đạt. "
                           "Chưa đạt gồm: {names}.").format(**values, names=_names(names))

    def _r_members_share_with_title(self, rule, subj, t):
        members = self._members(subj)
        if not members:
            return self._no_members(subj)
        code = rule["title"]
        ok, maybe, failing = self._share(members, lambda m: self.state(("person", m), code))
        return self._share_outcome(tr("đạt {title}").format(title=self.catalog.title_name(code)), len(members), ok,
                                   maybe, float(rule["min_percent"]), failing, tr("cần Hội đồng xác nhận"),
                                   rule.get("compare", "at_least"))

    def _r_members_share_rating(self, rule, subj, t):
        members = self._members(subj)
        if not members:
            return self._no_members(subj)
        need = rule["min"]

        def hit(m):
            r = self._rating(("person", m), self.year)
            if r is None:
                return WARNING
            return OK if RATING_ORDER.get(r, -1) >= RATING_ORDER[need] else BLOCKED

        ok, maybe, failing = self._share(members, hit)
        return self._share_outcome(tr("xếp loại từ “{rating}” trở lên năm {year}").format(
                                       rating=C.label(C.RATING, need), year=self.year), len(members),
                                   ok, maybe, float(rule["min_percent"]), failing, tr("chưa có kết quả xếp loại"),
                                   rule.get("compare", "at_least"))

    def _r_members_count_with_title(self, rule, subj, t):
        members = self._members(subj)
        if not members:
            return self._no_members(subj)
        code, need = rule["title"], rule["min_count"]
        ok, maybe, _ = self._share(members, lambda m: self.state(("person", m), code))
        name = self.catalog.title_name(code)
        if ok >= need:
            return OK, tr("Có {count} thành viên đạt {title} năm {year} (yêu cầu ít nhất {need}).").format(
                count=ok, title=name, year=self.year, need=need)
        if ok + maybe >= need:
            return WARNING, tr("Có {count} thành viên chắc chắn đạt {title}, {maybe} thành viên cần Hội đồng xác nhận "
                               "(yêu cầu ít nhất {need}).").format(count=ok, title=name, maybe=maybe, need=need)
        return BLOCKED, tr("Chưa có đủ {need} thành viên đạt {title} năm {year} (hiện có {count}).").format(
            need=need, title=name, year=self.year, count=ok)

    def _r_consecutive_years(self, rule, subj, t):
        code, n = rule["title"], rule["years"]
        name = self.catalog.title_name(code)
        years = list(range(self.year - n + 1, self.year + 1))
        missing, pending = [], []
        for y in years[:-1]:
            if self.data.award(subj, code, y) is None:
                missing.append(y)
        cur = self.state(subj, code)
        eligible_now = False
        if self.data.award(subj, code, self.year) is None:
            if cur == BLOCKED:
                missing.append(self.year)
            else:
                eligible_now = True
                if cur == WARNING:
                    pending.append(self.year)
        values = dict(count=n, title=name, years=_years(years), year=self.year)
        if missing:
            have = [y for y in years if y not in missing]
            if have:
                return BLOCKED, tr("Chưa đủ {count} năm liên tục {title} ({years}): có năm {have}, "
                                   "thiếu năm {missing} trong lịch sử khen thưởng.").format(
                                       **values, have=_years(have), missing=_years(missing))
            return BLOCKED, tr("Chưa đủ {count} năm liên tục {title} ({years}): chưa có năm nào, "
                               "thiếu năm {missing} trong lịch sử khen thưởng.").format(**values, missing=_years(missing))
        if pending:
            return WARNING, tr("{count} năm liên tục {title} ({years}) nếu Hội đồng xác nhận năm {year}.").format(**values)
        if eligible_now:
            return OK, tr("Đạt {title} {count} năm liên tục ({years}); năm {year} đủ tiêu chuẩn trong đợt bình xét "
                          "này.").format(**values)
        return OK, tr("Đạt {title} {count} năm liên tục ({years}).").format(**values)

    def _r_initiative(self, rule, subj, t):
        if subj[0] != "person":
            return BLOCKED, tr("Tiêu chuẩn sáng kiến chỉ áp dụng cho cá nhân.")
        n_years = rule.get("years", 1)
        first = self.year - n_years + 1
        kinds = _either([C.label(C.INITIATIVE_KIND, k).lower() for k in rule["kinds"]])
        scopes = ", ".join(C.label(C.INITIATIVE_SCOPE, s).lower() for s in rule["scopes"])
        found = [i for i in self.data.initiatives.get(subj[1], ())
                 if i.kind in rule["kinds"] and i.scope in rule["scopes"] and first <= i.year <= self.year]
        span = (tr("năm {year}").format(year=self.year) if n_years == 1
                else tr("từ năm {first} đến {last}").format(first=first, last=self.year))
        if len(found) >= rule["min_count"]:
            shown = "; ".join(f"“{i.title}” ({i.year}, {C.label(C.INITIATIVE_SCOPE, i.scope).lower()})" for i in found[:3])
            return OK, tr("Có {count} {kinds} được công nhận ({scopes}) {span}: {shown}.").format(
                count=len(found), kinds=kinds, scopes=scopes, span=span, shown=shown)
        return BLOCKED, tr("Cần ít nhất {need} {kinds} được công nhận ({scopes}) {span}; hiện có {count}.").format(
            need=rule["min_count"], kinds=kinds, scopes=scopes, span=span, count=len(found))

    def _r_achievement_not_rewarded(self, rule, subj, t):
        items = self.data.achievements.get(subj, [])
        need = rule.get("min_count", 1)
        if not items:
            return BLOCKED, tr("Chưa có thành tích nào năm {year} trong dữ liệu.").format(year=self.year)
        free = [a for a in items if a.id not in self.data.rewarded_achievements]
        if len(free) >= need:
            return OK, tr("Có {count} thành tích năm {year} chưa được khen thưởng: “{first}”.").format(
                count=len(free), year=self.year, first=free[0].description[:80])
        used = [self.data.rewarded_achievements[a.id] for a in items if a.id in self.data.rewarded_achievements]
        prev = "; ".join(f"{self.catalog.title_name(u.code)}" + (f" ({u.decision_no})" if u.decision_no else "")
                         for u in used[:3])
        return BLOCKED, tr("Các thành tích năm {year} đã được khen thưởng ({awards}); một thành tích chỉ khen một lần.") \
            .format(year=self.year, awards=prev)

    def _r_collective_kind(self, rule, subj, t):
        if subj[0] != "collective":
            return BLOCKED, tr("Chỉ áp dụng cho tập thể.")
        kind = self.data.collectives[subj[1]].kind
        allowed = ", ".join(C.label(C.COLLECTIVE_KIND, k) for k in rule["kinds"])
        if kind in rule["kinds"]:
            return OK, tr("Loại tập thể: {kind}.").format(kind=C.label(C.COLLECTIVE_KIND, kind))
        return BLOCKED, tr("Chỉ dành cho: {allowed}; tập thể này thuộc loại {kind}.").format(
            allowed=allowed, kind=C.label(C.COLLECTIVE_KIND, kind))

    def _r_employed_months(self, rule, subj, t):
        """Recruited at least ``min_months`` before the end of the year reviewed (people outside
        ``categories``, when given, are not checked)."""
        if subj[0] != "person":
            return OK, tr("Chỉ áp dụng cho cá nhân.")
        p = self.data.persons[subj[1]]
        need = rule["min_months"]
        if "categories" in rule and p.category not in rule["categories"]:
            return OK, tr("Thành phần {category} không xét thời gian công tác.").format(
                category=C.label(C.PERSON_CATEGORY, p.category))
        if p.hired_on is None:
            level = rule.get("if_missing")
            text = tr("Chưa ghi ngày tuyển dụng (yêu cầu công tác từ {months} tháng trở lên).").format(months=need)
            return (level, text) if level else (OK, text)
        end = dt.date(self.year + 1, 1, 1)  # the whole of 31/12 counts
        months = (end.year - p.hired_on.year) * 12 + end.month - p.hired_on.month - (end.day < p.hired_on.day)
        hired = f"{p.hired_on:%d/%m/%Y}"
        if months >= need:
            return OK, tr("Tuyển dụng ngày {date}: đã công tác {count} tháng đến hết năm {year} (yêu cầu từ {months} "
                          "tháng).").format(date=hired, count=months, year=self.year, months=need)
        return BLOCKED, tr("Tuyển dụng ngày {date}: mới công tác {count} tháng đến hết năm {year}, chưa đủ {months} "
                           "tháng.").format(date=hired, count=max(months, 0), year=self.year, months=need)

    def _r_manual(self, rule, subj, t):
        return WARNING, rule["text"]

    def _sub(self, rule, subj, t) -> list[tuple[str, str]]:
        return [getattr(self, "_r_" + r["rule"])(r, subj, t) for r in rule["rules"]
                if "for" not in r or subj[0] in r["for"]]

    def _r_any_of(self, rule, subj, t):
        results = self._sub(rule, subj, t)
        label = rule["label"] if "label" in rule else tr("Đạt một trong các tiêu chuẩn")  # the catalog's label is data
        for want in (OK, WARNING):
            hits = [r for st, r in results if st == want]
            if hits:
                return want, f"{label}: {hits[0]}"
        return BLOCKED, tr("Chưa đạt tiêu chuẩn nào trong số: {label}. {reasons}").format(
            label=label.lower(), reasons=" ".join(r for _, r in results))

    def _r_all_of(self, rule, subj, t):
        results = self._sub(rule, subj, t)
        st = _worst(s for s, _ in results)
        return st, " ".join(r for s, r in results if s == st)

