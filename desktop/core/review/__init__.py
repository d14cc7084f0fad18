"""The year-end review (bình xét), Qt-free: eligibility findings per candidate, council meetings and
secret-ballot tallies, the commune's award decision and the proposal to the province, award history.

Every rule comes from the catalog (desktop/core/catalog.py, data under resources/catalog/): the engine
implements the rule ids, the catalog says which title needs which rule with which parameters and cites
the source. A finding is ``ok`` (met), ``blocked`` (not met: no award) or ``warning`` (the council has
to confirm something the data cannot show).

Modules: ``results`` (findings, candidates, a year's result), ``yeardata`` (what the rules read),
``engine`` (the rules), ``ranking`` (checking a year, caps, ties), ``ballots`` (tallies), ``plans``
(what a decision takes, the use cases' return values), ``meetings``, ``decisions`` and ``history``
(the use cases), ``use_case`` (the ``Review`` class joining them).
"""

from __future__ import annotations

from desktop.core.review.ballots import BallotOutcome, tally
from desktop.core.review.decisions import ActRecorder, Replacement, withdraw_awards
from desktop.core.review.engine import Engine
from desktop.core.review.meetings import (
    CouncilMeeting,
    attendance_problem,
    meeting_info,
    minutes_issued,
    quorum_line,
    seat_problems,
)
from desktop.core.review.plans import DecisionInfo, DecisionPlan, DecisionRowInfo, MeetingInfo
from desktop.core.review.ranking import TieRule, check_year, rank_key, tie_priority, tie_rule
from desktop.core.review.results import (
    AUTHORITY_PREFIXES,
    BLOCKED,
    DECIDED,
    DOC_CODES,
    ELSEWHERE,
    OK,
    SOURCE_LABELS,
    STATUS_LABELS,
    SUBJECT_LABELS,
    WARNING,
    Candidate,
    Finding,
    ReviewResult,
    Subject,
)
from desktop.core.review.use_case import Review
from desktop.core.review.yeardata import YearData

__all__ = ["TieRule", "tie_rule", "tie_priority", "rank_key", "Review", "ReviewResult", "Candidate", "Finding",
           "BallotOutcome", "DecisionInfo", "MeetingInfo", "check_year", "tally", "OK", "BLOCKED", "WARNING",
           "DECIDED", "ELSEWHERE", "DecisionPlan", "STATUS_LABELS", "AUTHORITY_PREFIXES", "ActRecorder", "Replacement",
           "withdraw_awards", "meeting_info", "minutes_issued", "CouncilMeeting", "attendance_problem", "quorum_line",
           "seat_problems"]
