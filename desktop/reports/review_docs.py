"""Documents of the year-end review laid out from the saved review (no Qt, no database): the
commune's award decision with its attached list and bonus totals, the proposal to the province (tờ
trình) with its list, and the minutes of the council meeting with the secret-ballot tally.

Nothing here decides anything: decisions, proposals, meetings and ballots are stored by
``desktop.core.review.Review`` and read by ``desktop.app.review_sources``, which hands their plain
records (``DecisionInfo``, ``MeetingInfo``, the review's candidates) to these builders.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from desktop.core import acts
from desktop.reports.documents import (
    AwardRow,
    BallotResult,
    CouncilSeatLine,
    DecisionDoc,
    MinutesDoc,
    ProposalDoc,
)
from desktop.reports.layout import Issuer, Signature, date_short, lower_first, money

if TYPE_CHECKING:  # plain records of the review engine; only its pure helpers are called here
    from desktop.core.catalog import Catalog
    from desktop.core.review import DecisionInfo, MeetingInfo

# --------------------------------------------------------------------------- numbers in words

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def _group(n: int, full: bool) -> str:
    """Three digits read in Vietnamese; ``full``: not the leading group (reads "không trăm")."""
    h, t, u = n // 100, n // 10 % 10, n % 10
    out = []
    if h or full:
        out += [_DIGITS[h], "trăm"]
    if t == 0:
        if u and (h or full):
            out.append("linh")
    elif t == 1:
        out.append("mười")
    else:
        out += [_DIGITS[t], "mươi"]
    if u:
        if u == 1 and t >= 2:
            out.append("mốt")
        elif u == 5 and t >= 1:
            out.append("lăm")
        elif u == 4 and t >= 2:
            out.append("tư")
        else:
            out.append(_DIGITS[u])
    return " ".join(out)


def amount_in_words(n: int) -> str:
    """12_636_000 -> "Mười hai triệu sáu trăm ba mươi sáu nghìn đồng"."""
    if n <= 0:
        return "Không đồng"
    groups = []
    x = n
    while x:
        groups.append(x % 1000)
        x //= 1000
    words: list[str] = []
    top = len(groups) - 1
    for i in range(top, -1, -1):
        g = groups[i]
        unit = ("", "nghìn", "triệu")[i % 3] if i % 3 or i == 0 else "tỷ"
        if g:
            words.append(_group(g, full=i != top))
            if unit:
                words.append(unit)
        elif unit == "tỷ" and words and words[-1] != "tỷ":
            words.append("tỷ")
    text = " ".join(words) + " đồng"
    return text[0].upper() + text[1:]


# --------------------------------------------------------------------------- shared parts

def award_bases(on: dt.date, act: str = "award_decision") -> list[str]:
    """The "Căn cứ" lines of an award decision signed on ``on`` (the commune's and the province's:
    resources/documents/legal_bases.json), each text cited in full."""
    return acts.frame().bases(act, on)


def _signature(info, act: str | None = None) -> Signature:
    """Signature block of ``act`` ("decision", "proposal", "repeal": by default the kind of ``info``)
    from the stored authority prefix (resources/documents/signing.json; decree 30/2020, appendix I): the
    chairman's own decision "CHỦ TỊCH" or "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", the committee's proposal
    "TM. ỦY BAN NHÂN DÂN"."""
    act = act or ("proposal" if getattr(info, "kind", "") == "proposal" else "decision")
    prefix = acts.effective_prefix(act, info.authority_prefix)
    lines, title = acts.signature_lines(act, prefix, info.signer_title)
    return Signature(title, info.signer_name, authority="\n".join(lines))


def _award_rows(info) -> list[AwardRow]:
    return [AwardRow(r.name, r.detail, r.title_name, r.amount if info.kind == "decision" else None)
            for r in info.rows]


def _multiple(text: str) -> str:
    return text.rstrip("0").rstrip(".").replace(".", ",") if "." in text else text


# --------------------------------------------------------------------------- the decision


def decision(info: DecisionInfo, unit_name: str, meeting: MeetingInfo | None = None,
             replaces: str = "") -> DecisionDoc:
    """The commune's award decision ``info``; ``meeting``: the council meeting it cites, if any;
    ``replaces``: the article saying which decision this one replaces or corrects, and why."""
    year = info.year
    unit_lower = lower_first(unit_name)
    totals = info.totals_by_title()
    names = [t for t, _n, _a in totals]
    if len(names) == 1:
        summary = f"Về việc khen thưởng “{names[0]}” năm {year}"
    else:
        summary = f"Về việc công nhận danh hiệu thi đua và khen thưởng năm {year}"
    meeting_line = []
    if meeting is not None:
        meeting_line = [f"Căn cứ Biên bản họp Hội đồng Thi đua - Khen thưởng {unit_lower} ngày "
                        f"{date_short(meeting.held_on)};"]
    bases = [
        *award_bases(info.signed_on),
        *meeting_line,
        f"Theo đề nghị của Hội đồng Thi đua - Khen thưởng {unit_lower}.",
    ]
    by_title = "; ".join(f"{t}: {money(n)} trường hợp" for t, n, _a in totals)
    kinds = _kinds_present(info)
    art1 = (f"Công nhận danh hiệu thi đua, tặng hình thức khen thưởng năm {year} cho {money(len(info.rows))} "
            f"{kinds} có tên trong danh sách kèm theo ({by_title}), đã có thành tích trong "
            "phong trào thi đua yêu nước.")
    # the effect clause, then who carries it out (decree 30: the last article)
    art3 = (f"Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân "
            f"{unit_lower}, công chức phụ trách công tác thi đua, khen thưởng, bộ phận tài chính - kế toán và các "
            f"{kinds} có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.")
    list_sub = [f"Được khen thưởng năm {year}"]
    return DecisionDoc(
        issuer=Issuer.commune(unit_name), number=info.number, date=info.signed_on, summary=summary,
        decider=f"CHỦ TỊCH ỦY BAN NHÂN DÂN {unit_name.upper()}", bases=bases,
        articles=[art1, _money_article(info, totals, unit_lower), *([replaces] if replaces else []), art3],
        rows=_award_rows(info),
        signature=_signature(info),
        recipients=["Như Điều 3", "Sở Nội vụ tỉnh Bắc Ninh (để báo cáo)", "Thường trực Đảng ủy, HĐND xã",
                    "Chủ tịch, các Phó Chủ tịch UBND xã"],
        archive="VT, TĐKT", list_title="DANH SÁCH", list_subtitle=list_sub)


def _kinds_present(info: DecisionInfo) -> str:
    """"cá nhân", "cá nhân, tập thể", … : only the kinds of subject the list holds."""
    words = {"person": "cá nhân", "collective": "tập thể", "household": "hộ gia đình"}
    present = [w for k, w in words.items() if any(r.subject_type == k for r in info.rows)]
    return ", ".join(present) or "cá nhân, tập thể, hộ gia đình"


def _money_article(info: DecisionInfo, totals: list[tuple[str, int, int]], unit_lower: str) -> str:
    """Article 2 of the decision: the bonus of each title and the total, or that there is none."""
    if not info.total_amount:
        return "Các danh hiệu, hình thức khen thưởng tại Điều 1 không kèm tiền thưởng."
    money_lines = []
    words = {"person": "cá nhân", "collective": "tập thể", "household": "hộ gia đình"}
    for t, _n, a in totals:
        if not a:
            continue
        # a title whose multiple differs by subject type (the Giấy khen: cá nhân 0,3, tập thể 0,6, hộ 0,45)
        # gets one line per multiple
        groups: dict[str, list] = {}
        for r in info.rows:
            if r.title_name == t and r.amount:
                groups.setdefault(r.bonus_multiple, []).append(r)
        for mult, rows in groups.items():
            whom = ""
            if len(groups) > 1:
                whom = " cho " + ", ".join(dict.fromkeys(words.get(r.subject_type, "") for r in rows))
            total = sum(r.amount for r in rows)
            money_lines.append(f"{t}{whom}: {len(rows)} × {money(rows[0].amount)} đồng ({_multiple(mult)} lần mức "
                               f"lương cơ sở) = {money(total)} đồng")
    salary = f"{money(info.base_salary)} đồng/tháng" if info.base_salary else ""
    src = f", theo {info.base_salary_source}" if info.base_salary_source else ""
    return (f"Mức tiền thưởng tính bằng hệ số nhân với mức lương cơ sở {salary}{src} có hiệu lực ngày ký "
            f"Quyết định: " + "; ".join(money_lines) + f". Tổng số tiền thưởng: {money(info.total_amount)} "
            f"đồng (bằng chữ: {amount_in_words(info.total_amount)}), chi từ Quỹ thi đua, khen thưởng "
            f"của {unit_lower}.")


# --------------------------------------------------------------------------- the proposal


def proposal(info: DecisionInfo, unit_name: str, meeting: MeetingInfo | None = None,
             replaces: str = "") -> ProposalDoc:
    """The proposal ``info`` to the province; ``meeting``: the council meeting it cites, if any;
    ``replaces``: the paragraph saying which proposal this one replaces or corrects, and why."""
    year = info.year
    unit_lower = lower_first(unit_name)
    totals = info.totals_by_title()
    names = [t for t, _n, _a in totals]
    summary = (f"Về việc đề nghị tặng {names[0]} năm {year}" if len(names) == 1
               else f"Về việc đề nghị khen thưởng năm {year}")
    meeting_text = ""
    if meeting is not None:
        meeting_text = (f" Hội đồng Thi đua - Khen thưởng {unit_lower} đã họp ngày {date_short(meeting.held_on)}"
                        f" ({meeting.members_total} thành viên) xét, bỏ phiếu theo quy định.")
    body = [
        "Căn cứ " + "; ".join(t.citation() for t in acts.frame().cited("proposal", info.signed_on)) + ";",
        f"Căn cứ kết quả thực hiện phong trào thi đua yêu nước năm {year} của {unit_lower}.{meeting_text}",
        f"Ủy ban nhân dân {unit_lower} đề nghị Chủ tịch Ủy ban nhân dân tỉnh xem xét, khen thưởng cho "
        f"{len(info.rows)} trường hợp có tên trong danh sách kèm theo, cụ thể: "
        + "; ".join(f"{t}: {n}" for t, n, _a in totals) + ".",
        *([replaces] if replaces else []),
        "Hồ sơ đề nghị khen thưởng gửi kèm Tờ trình này qua Sở Nội vụ (Cơ quan Thường trực Hội đồng Thi đua - "
        "Khen thưởng tỉnh) để thẩm định.",
        f"Ủy ban nhân dân {unit_lower} kính trình Chủ tịch Ủy ban nhân dân tỉnh xem xét, quyết định./.",
    ]
    rows = [AwardRow(r.name, r.detail, r.title_name, None, "") for r in info.rows]
    return ProposalDoc(issuer=Issuer.commune(unit_name), number=info.number, date=info.signed_on, summary=summary,
                       to=["Chủ tịch Ủy ban nhân dân tỉnh Bắc Ninh"], body=body, rows=rows,
                       signature=_signature(info), recipients=["Như trên", "Sở Nội vụ tỉnh Bắc Ninh"],
                       archive="VT, TĐKT")


def repeal(unit_name: str, number: int | None, on: dt.date, old_number: str, old_date: dt.date, old_title: str,
           reason: str, signature: Signature) -> DecisionDoc:
    """The chairman's decision repealing (bãi bỏ) the decision ``old_number``: no list, no money."""
    unit_lower = lower_first(unit_name)
    bases = [*award_bases(on, "repeal"), f"Xét đề nghị của Hội đồng Thi đua - Khen thưởng {unit_lower}."]
    old = f"Quyết định số {old_number} ngày {date_short(old_date)} của Chủ tịch Ủy ban nhân dân {unit_lower}"
    articles = [f"Bãi bỏ {old} {lower_first(old_title)}. Lý do: {reason.rstrip('.')}.",
                "Quyết định này có hiệu lực kể từ ngày ký.",
                f"Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân {unit_lower}, bộ phận tài chính - kế toán và "
                "các cá nhân, tập thể, hộ gia đình có tên tại Quyết định bị bãi bỏ chịu trách nhiệm thi hành "
                "Quyết định này."]
    return DecisionDoc(issuer=Issuer.commune(unit_name), number=number, date=on, summary=f"Về việc bãi bỏ {old}",
                       decider=f"CHỦ TỊCH ỦY BAN NHÂN DÂN {unit_name.upper()}", bases=bases, articles=articles, rows=[],
                       signature=signature, recipients=["Như Điều 3", "Sở Nội vụ tỉnh Bắc Ninh (để báo cáo)"],
                       archive="VT, TĐKT", with_list=False)


def signature_of(info, act: str = "decision") -> Signature:
    """The signature block of act ``act`` (``info`` has signer_name, signer_title, authority_prefix)."""
    return _signature(info, act)


# --------------------------------------------------------------------------- the minutes


def minutes(meeting: MeetingInfo, unit_name: str, *, council: dict[int, tuple[str, str]],
            names: dict[tuple[str, int], tuple[str, str]], catalog: Catalog, number: int | None = None,
            notes: Sequence[str] = (), priority: dict[tuple, str] | None = None,
            sexes: dict[int, str] | None = None) -> MinutesDoc:
    """Minutes of the council ``meeting``, from that meeting's own votes only: the secret ballots and the
    show-of-hands votes (kept apart), and what the council agreed — the candidates whose vote passed.

    ``council``: member id -> (role, position) of every council member; ``names``: subject -> (name,
    detail) of everyone voted on; ``notes``: lines added to the contents (a correction says what it
    corrects); ``priority``: (subject, title) -> the tie-break priority, for the order of equal votes;
    ``sexes``: member id -> "nam" / "nu" ("" or missing: unknown), for Ông / Bà."""
    from desktop.core.review import rank_key, tie_rule

    m, cat, year = meeting, catalog, meeting.year
    unit_lower = lower_first(unit_name)
    seats = []
    words = {a["member_id"]: honorific((sexes or {}).get(a["member_id"], "")) for a in m.attendance}
    for a in m.attendance:
        role, position = council.get(a["member_id"], ("Thành viên", ""))
        seats.append(CouncilSeatLine(a["name"], role, position, a["present"], a["written_vote"],
                                     honorific=words[a["member_id"]]))
    chair, chair_title, secretary = _chair_and_secretary(m, council, seats)
    word_of = {x.name: x.honorific for x in seats}
    order = list(cat.titles)
    prio = priority or {}

    def place(b: dict) -> tuple:
        key = (b["subject"], b["title_code"])
        return (order.index(b["title_code"]) if b["title_code"] in cat.titles else 99,
                *rank_key(b["yes"], prio.get(key, ""), names[b["subject"]][0], eligible=b["passed"]))

    ballots = sorted(m.ballots, key=place)

    def result(b: dict) -> BallotResult:
        return BallotResult(names[b["subject"]][0], names[b["subject"]][1], cat.title_name(b["title_code"]),
                            b["yes"], m.members_total, b["passed"])

    secret = [result(b) for b in ballots if b.get("method", "secret") == "secret"]
    hands = [result(b) for b in ballots if b.get("method") == "hands"]
    written = sum(1 for x in seats if not x.present and x.written_vote)
    secret_titles = sorted({cat.title_name(c) for c, t in cat.titles.items()
                            if t.ballot is not None and t.ballot.secret})
    contents = [
        f"Hội đồng xem xét kết quả thực hiện phong trào thi đua năm {year}, danh sách đăng ký và đề nghị "
        f"khen thưởng; đối chiếu tiêu chuẩn theo danh mục phiên bản {cat.version}.",
        f"Các danh hiệu, hình thức {', '.join(secret_titles)} được bỏ phiếu kín; các danh hiệu khác được biểu quyết. "
        f"Tỷ lệ đồng ý tính trên tổng số thành viên Hội đồng ({m.members_total} thành viên, kể cả thành viên vắng mặt"
        + (f"; {written} thành viên vắng mặt gửi phiếu bằng văn bản" if written else "") + ").",
        *notes,
    ]
    ties = tie_rule(cat)
    votes = [(b["title_code"], b["yes"]) for b in m.ballots if b.get("method", "secret") == "secret"]
    if ties and len(set(votes)) < len(votes):  # equal votes for one title: say how the tie was settled
        contents.append(f"Các trường hợp cùng đủ tiêu chuẩn và bằng số phiếu được xếp theo thứ tự ưu tiên cá nhân "
                        f"nữ, tập thể có từ {ties.women_percent:g} % thành viên là nữ (căn cứ: "
                        f"{ties.source.rstrip('.')}).")
    conclusion = []
    agreed: dict[str, int] = {}
    for r in hands + secret:
        if r.passed:
            agreed[r.title] = agreed.get(r.title, 0) + 1
    if agreed:
        conclusion.append("Hội đồng thống nhất đề nghị xét tặng: " + "; ".join(
            f"{t}: {n} trường hợp" for t, n in agreed.items()) + ".")
    if hands:
        conclusion.append(f"Kết quả biểu quyết: {sum(r.passed for r in hands)}/{len(hands)} trường hợp đạt tỷ lệ "
                          "quy định.")
    if secret:
        conclusion.append(f"Kết quả bỏ phiếu kín: {sum(r.passed for r in secret)}/{len(secret)} trường hợp đạt tỷ lệ "
                          "phiếu quy định.")
    if not ballots:
        conclusion.append("Cuộc họp chưa biểu quyết, bỏ phiếu trường hợp nào.")
    return MinutesDoc(issuer=Issuer.council(unit_name), number=number, date=m.held_on, year=year,
                      start="...... giờ ......", end="...... giờ ......",
                      venue=m.place or f"trụ sở Ủy ban nhân dân {unit_lower}", seats=seats, chair=chair,
                      secretary=secretary, contents=contents, results=secret, conclusion=conclusion, hands=hands,
                      quorum=_quorum_sentence(cat, m.members_total, seats), chair_title=chair_title,
                      chair_honorific=word_of.get(chair, ""), secretary_honorific=word_of.get(secretary, ""))


def honorific(sex: str) -> str:
    """"Ông" / "Bà" before a name by the person's sex; "" when it is not known (the name alone)."""
    return {"nam": "Ông", "nu": "Bà"}.get(sex or "", "")


def _chair_and_secretary(m: MeetingInfo, council: dict[int, tuple[str, str]],
                         seats: list[CouncilSeatLine]) -> tuple[str, str, str]:
    """(chair, the chair's title in the signature block, secretary) of the minutes: those the meeting
    names; a meeting recorded before it named them: the council's chairman and its secretary among
    those present. A secretary who did not attend took no minutes: "" (the minutes leave the name for
    whoever took them to write and sign)."""
    chair_id: int | None = getattr(m, "chair_member_id", None)  # a CouncilMeeting names them
    secretary_id: int | None = getattr(m, "secretary_member_id", None)
    names = {a["member_id"]: a["name"] for a in m.attendance}
    if chair_id is not None and chair_id in names:
        chair, role = names[chair_id], council.get(chair_id, ("", ""))[0]
    else:
        here = [x for x in seats if x.present] or seats
        first = next((x for x in here if x.role == "Chủ tịch Hội đồng"), here[0] if here else None)
        chair, role = (first.name, first.role) if first else ("", "Chủ tịch Hội đồng")
    present = {a["member_id"] for a in m.attendance if a["present"]}
    secretary = names[secretary_id] if secretary_id in names and secretary_id in present else \
        next((x.name for x in seats if x.role == "Thư ký" and x.present), "")
    return chair, "CHỦ TỊCH HỘI ĐỒNG" if role == "Chủ tịch Hội đồng" else "CHỦ TRÌ", secretary


def _quorum_sentence(cat: Catalog, members_total: int, seats: list[CouncilSeatLine]) -> str:
    """"Có mặt 6/9 thành viên Hội đồng, đủ 2/3 …": the attendance against the catalog's quorum."""
    rule = cat.council
    present = sum(1 for x in seats if x.present)
    attending = present + (sum(1 for x in seats if not x.present and x.written_vote) if rule.counts_written_votes
                           else 0)
    text = f"Có mặt {present}/{members_total} thành viên Hội đồng"
    if rule.quorum is not None and attending >= rule.quorum_needed(members_total):
        text += f", đủ {rule.quorum_text()} tổng số thành viên Hội đồng theo quy định để cuộc họp được tiến hành"
    return text + "."


__all__ = ["decision", "proposal", "minutes", "repeal", "signature_of", "amount_in_words", "honorific"]
