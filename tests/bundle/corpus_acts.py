"""The bad-file kit's cases about the review's acts (format version 3, docs/bundle-format.md §3a):
file 3 of commune A carrying a council meeting, its minutes, two tallies, a proposal and its two rows
(made here from the file's own subjects, the minutes' votes digest computed from the tallies), with one
defect each. Registered in tests/bundle/corpus.py's CASES."""

from __future__ import annotations

from collections.abc import Callable

from desktop.core.catalog import load_catalog
from desktop.core.review.votes import votes_digest
from tests.bundle.corpus import case, nxt
from tests.bundle.kit import CODE_A, CODE_B, PERIOD, World

Acts = dict[str, list[dict]]
NAMES = ("Tập thể được đề nghị", "Cá nhân được đề nghị")


def _u(kind: str, n: int = 1, code: str = CODE_A) -> str:
    return f"{code}:{kind}:{n}"


def digest(ballots: list[dict]) -> str:
    return votes_digest((b["subject"]["type"], int(b["subject"]["uid"].rsplit(":", 1)[1]), b["title_code"],
                         b["method"], b["yes"], b["no"], b["invalid"]) for b in ballots)


def acts_for(candidate: str, person: str) -> Acts:
    """A valid set of acts about two people proposed to the province: one for Chiến sĩ thi đua cấp tỉnh
    (the commune council's secret ballot, 9/10) and one for a Bằng khen (show of hands, 7/10)."""
    year, version = int(PERIOD), load_catalog().version
    ballots = [
        {"uid": _u("ballot", 1), "meeting": _u("meeting"), "subject": {"type": "person", "uid": candidate},
         "title_code": "CSTD_TINH", "method": "secret", "members_total": 10, "yes": 9, "no": 1, "invalid": 0,
         "threshold_percent": "80", "passed": True},
        {"uid": _u("ballot", 2), "meeting": _u("meeting"), "subject": {"type": "person", "uid": person},
         "title_code": "BK_TINH", "method": "hands", "members_total": 10, "yes": 7, "no": 3, "invalid": 0,
         "threshold_percent": "50", "passed": True}]
    minutes = {"uid": _u("document", 1), "kind": "minutes", "year": year, "number_text": "1/BB-HĐTĐKT",
               "issued_on": f"{year}-12-05", "title": "Biên bản họp Hội đồng Thi đua - Khen thưởng",
               "sha256": "ab" * 32, "replaces": None, "change_kind": "", "votes_sha256": digest(ballots)}
    meeting = {"uid": _u("meeting"), "year": year, "held_on": f"{year}-12-05", "place": "Hội trường UBND",
               "members_total": 10, "present": 9, "written": 1, "catalog_version": version, "minutes": minutes["uid"]}
    proposal = {"uid": _u("proposal"), "year": year, "number": 1, "number_text": "1/TTr-UBND",
                "signed_on": f"{year}-12-12", "signer_name": "Lê Văn Minh", "signer_title": "Chủ tịch",
                "authority_prefix": "TM.", "catalog_version": version, "base_salary": None, "total_amount": 0,
                "meeting": meeting["uid"], "document": None}
    rows = [{"uid": _u("proposal_row", n), "proposal": proposal["uid"], "sort_order": n, "subject": b["subject"],
             "title_code": b["title_code"], "subject_name": name, "subject_detail": "", "amount": 0,
             "ballot": b["uid"], "minutes": minutes["uid"]}
            for n, (b, name) in enumerate(zip(ballots, NAMES, strict=True), 1)]
    return {"document": [minutes], "meeting": [meeting], "ballot": ballots, "proposal": [proposal],
            "proposal_row": rows}


def with_acts(w: World, edit: Callable[[Acts], None] | None = None) -> bytes:
    i = nxt(w)
    candidate = i.records("person")[1]["uid"]
    person = i.records("person")[0]["uid"]
    acts = acts_for(candidate, person)
    if edit is not None:
        edit(acts)
    for kind, records in acts.items():
        i.set_records(kind, records)
    return i.seal(w)


@case("accepted", "ĐÃ NHẬN",
      "control: file 3 carrying a meeting, its minutes, two ballots and a proposal with two rows")
def accepted_with_review_acts(w: World) -> bytes:
    return with_acts(w)


def _bad_method(a: Acts) -> None:
    a["ballot"][0]["method"] = "raised"


@case("bad_field", "Cách biểu quyết", "a ballot whose method is neither secret nor hands")
def act_ballot_bad_method(w: World) -> bytes:
    return with_acts(w, _bad_method)


def _foreign(a: Acts) -> None:
    a["proposal_row"][0]["proposal"] = _u("proposal", 1, CODE_B)


@case("foreign_record", f"thuộc đơn vị mã {CODE_B}", "a proposal row naming another commune's proposal")
def act_row_of_a_foreign_proposal(w: World) -> bytes:
    return with_acts(w, _foreign)


def _dangling(a: Acts) -> None:
    a["proposal_row"][1]["proposal"] = _u("proposal", 9)


@case("dangling_reference", "không có trong tệp", "a proposal row whose proposal is not in the (full) file")
def act_dangling_proposal_row(w: World) -> bytes:
    return with_acts(w, _dangling)


def _below(a: Acts) -> None:
    a["ballot"][0].update(yes=7, no=3)
    a["document"][0]["votes_sha256"] = digest(a["ballot"])  # the minutes say so too


@case("ballot_below_threshold", "không đạt điều kiện",
      "a proposed person whose secret ballot (7/10) is below the commune council's 80 % of all members")
def act_ballot_below_threshold(w: World) -> bytes:
    return with_acts(w, _below)


def _tampered_votes(a: Acts) -> None:
    a["ballot"][1]["yes"] = 8  # after the minutes were issued
    a["ballot"][1]["no"] = 2


@case("votes_mismatch", "không khớp biên bản", "a tally that differs from the votes the issued minutes froze")
def act_votes_not_matching_minutes(w: World) -> bytes:
    return with_acts(w, _tampered_votes)


def _unknown_catalog(a: Acts) -> None:
    a["proposal"][0]["catalog_version"] = "2031.9"


@case("unknown_catalog", "2031.9", "a proposal citing a catalog version the province does not have")
def act_unknown_catalog_version(w: World) -> bytes:
    return with_acts(w, _unknown_catalog)


def _no_ballot(a: Acts) -> None:
    a["proposal_row"][0]["ballot"] = None


@case("ballot_missing", "không kèm kết quả bỏ phiếu", "a row for a title that needs a secret ballot, without one")
def act_ballot_missing(w: World) -> bytes:
    return with_acts(w, _no_ballot)


def _other_ballot(a: Acts) -> None:
    a["proposal_row"][0]["ballot"] = a["ballot"][1]["uid"]


@case("ballot_mismatch", "không phải của đối tượng này", "a row citing the ballot of another subject and title")
def act_ballot_of_another_subject(w: World) -> bytes:
    return with_acts(w, _other_ballot)


@case("bad_manifest", "kind", "a version-2 manifest listing a part of a version-3 kind (proposal_row)")
def act_part_in_a_version_2_file(w: World) -> bytes:
    i = nxt(w)
    i.manifest["format_version"] = 2
    return i.seal(w)
