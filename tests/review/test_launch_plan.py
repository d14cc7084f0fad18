"""The launch plan of the year's movement: issued once with a KH number, frozen, reprinted the same; a
registration after its deadline is saved with a warning (on the deadline day it is in time)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest

from desktop.app import issuing
from desktop.app.special_awards import issue_plan, plan_defaults
from desktop.core import register
from desktop.core.launch_plan import PlanInput
from desktop.reports.documents import to_pdf
from desktop.shared.errors import ValidationError

from .conftest import YEAR

DEADLINE = dt.date(YEAR, 2, 28)


def _text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages).split())


def _plan(db, **kw) -> PlanInput:
    base = PlanInput(year=YEAR, title=f"Phát động phong trào thi đua yêu nước năm {YEAR}",
                     launched_on=dt.date(YEAR, 2, 10), registration_deadline=DEADLINE,
                     sections=plan_defaults(db, YEAR), targets=(3, 8))
    return dataclasses.replace(base, **kw)


def test_the_plan_is_issued_with_a_kh_number_and_reprints_the_same(commune):
    info = issue_plan(commune.db, "Nguyễn Thị Hoa", _plan(commune.db), "Lê Văn Minh")
    assert info.kind == "launch_plan" and info.number_text == "01/KH-UBND" and info.type_code == "KH"
    assert register.peek(commune.db, YEAR, "KH") == 2
    first = _text(to_pdf(issuing.document(commune.db, info.id)))
    assert "KẾ HOẠCH" in first and "Phát động phong trào thi đua yêu nước năm 2026" in first
    assert "I. MỤC ĐÍCH, YÊU CẦU" in first and "V. TỔ CHỨC THỰC HIỆN" in first
    assert "Chỉ tiêu (3): Tốc độ tăng năng suất lao động xã hội đạt 10%/năm." in first
    assert "chậm nhất ngày 28/02/2026" in first
    second = issue_plan(commune.db, "Nguyễn Thị Hoa", _plan(commune.db, title="Kế hoạch bổ sung"), "Lê Văn Minh")
    assert second.number_text == "02/KH-UBND"
    assert _text(to_pdf(issuing.document(commune.db, info.id))) == first


def test_bad_plans_are_refused_field_by_field(commune):
    with pytest.raises(ValidationError) as exc:
        issue_plan(commune.db, "Nguyễn Thị Hoa",
                   _plan(commune.db, title=" ", registration_deadline=dt.date(YEAR, 2, 1), targets=(99,),
                         sections={}), "Lê Văn Minh")
    assert {"title", "registration_deadline", "targets", "aims", "contents", "organisation"} <= set(exc.value.errors)
    assert "trước ngày phát động" in exc.value.errors["registration_deadline"]
    assert register.peek(commune.db, YEAR, "KH") == 1     # no number taken


def _register(commune, on: dt.date, accept: bool = False) -> int:
    p = commune.person()
    return commune.rec.create("registration", {"subject": ("person", p), "year": YEAR, "title_code": "LDTT",
                                               "registered_on": on}, accept_warnings=accept)


def test_a_late_registration_is_saved_with_a_warning_from_the_day_after_the_deadline(commune):
    _register(commune, DEADLINE + dt.timedelta(days=30))    # no plan yet: nothing to be late for
    issue_plan(commune.db, "Nguyễn Thị Hoa", _plan(commune.db), "Lê Văn Minh")
    _register(commune, DEADLINE)                             # the deadline day: in time
    with pytest.raises(ValidationError) as exc:
        _register(commune, DEADLINE + dt.timedelta(days=1))
    assert exc.value.only_warnings
    assert "sau hạn đăng ký thi đua 28/02/2026" in exc.value.warnings["registered_on"]
    assert _register(commune, DEADLINE + dt.timedelta(days=1), accept=True) > 0   # not refused: saved when told
