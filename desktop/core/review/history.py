"""The award history: awards entered by hand or from a CSV file of earlier years, so that
consecutive-year rules can see them."""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.catalog import Title
from desktop.core.review.results import SOURCE_LABELS, Subject, _subject_word
from desktop.shared.errors import NotFoundError, UserError, ValidationError
from desktop.shared.i18n import tr
from desktop.shared.text import fold, nfc, one_line, text_problem
from desktop.store.models import Collective, Household, Person
from desktop.store.models_review import AwardHistory


class History:
    """Award history use cases of ``Review`` (needs ``_sf``, ``catalog`` and ``_audit``)."""

    # ---- award history ------------------------------------------------------------------------
    def _check_history(self, subject: Subject, year: Any, title_code: str, source: str) -> Title:
        cat = self.catalog
        errors = {}
        t = cat.titles.get(title_code)
        if t is None:
            errors["title_code"] = tr("Danh mục {version} không có danh hiệu, hình thức mã “{code}”.").format(
                version=cat.version, code=title_code)
        elif subject[0] not in t.for_:
            errors["title_code"] = tr("{title} không dành cho {subject}.").format(title=t.name,
                                                                                subject=_subject_word(subject[0]))
        if source not in SOURCE_LABELS:
            errors["source"] = tr("Nguồn phải là: commune, earlier hoặc province.")
        if isinstance(year, bool) or not isinstance(year, int) or not 1945 <= year <= dt.date.today().year + 1:
            errors["year"] = tr("Năm {year} không hợp lệ.").format(year=year)
        if errors:
            raise ValidationError(errors)
        return t  # type: ignore[return-value]

    def add_history(self, subject: Subject, year: int, title_code: str, decision_no: str = "",
                    decision_date: dt.date | None = None, source: str = "earlier", note: str = "",
                    achievement_id: int | None = None) -> int:
        """Enter an award received earlier (or decided by the province) so that consecutive-year
        rules can see it."""
        t = self._check_history(subject, year, title_code, source)
        with self._sf() as s, s.begin():
            return self._add_history(s, t, subject, year, decision_no, decision_date, source, note, achievement_id)

    def _add_history(self, s: Session, t: Title, subject: Subject, year: int, decision_no: str,
                     decision_date: dt.date | None, source: str, note: str, achievement_id: int | None) -> int:
        title_code = t.code
        st, sid = subject
        model = {"person": Person, "collective": Collective, "household": Household}[st]
        cols = {"person_id": sid if st == "person" else None, "collective_id": sid if st == "collective" else None,
                "household_id": sid if st == "household" else None}
        obj = s.get(model, sid)
        if obj is None or obj.deleted_at is not None:
            raise NotFoundError(tr("Không tìm thấy {subject} mã {id}.").format(subject=_subject_word(st), id=sid))
        dup = s.scalar(select(AwardHistory.id).where(
            AwardHistory.deleted_at.is_(None), AwardHistory.year == year, AwardHistory.title_code == title_code,
            *[getattr(AwardHistory, k).is_(None) if v is None else getattr(AwardHistory, k) == v
              for k, v in cols.items()]))
        if dup is not None:
            raise ValidationError({"year": tr("Đã có {title} năm {year} trong lịch sử khen thưởng của đối tượng này.")
                                   .format(title=t.name, year=year)})
        a = AwardHistory(year=year, title_code=title_code, decision_no=nfc(decision_no), decision_date=decision_date,
                         level=t.level, source=source, note=nfc(note), achievement_id=achievement_id, **cols)
        s.add(a)
        s.flush()
        self._audit(s, "award_history", a.id, "create",
                    {"title_code": [None, title_code], "year": [None, year], "decision_no": [None, decision_no]})
        return a.id

    def history(self, subject: Subject) -> list[dict]:
        st, sid = subject
        col = {"person": AwardHistory.person_id, "collective": AwardHistory.collective_id,
               "household": AwardHistory.household_id}[st]
        with self._sf() as s:
            return [{"id": a.id, "year": a.year, "title_code": a.title_code,
                     "title_name": self.catalog.title_name(a.title_code), "decision_no": a.decision_no,
                     "decision_date": a.decision_date, "level": a.level, "source": a.source,
                     "source_label": tr(SOURCE_LABELS[a.source]) if a.source in SOURCE_LABELS else a.source}
                    for a in s.scalars(select(AwardHistory).where(col == sid, AwardHistory.deleted_at.is_(None))
                                       .order_by(AwardHistory.year, AwardHistory.id))]

    def import_history_csv(self, path: Path) -> int:
        """Import earlier years' awards from a CSV file (UTF-8, comma separated) with the header
        ``loai,ma_dinh_danh,ho_ten,nam,ma_danh_hieu,so_quyet_dinh,ngay_quyet_dinh``; ``loai`` is
        person/collective, a person is found by CCCD (ma_dinh_danh) or else by exact name, a
        collective by name. The whole file is refused if one row is wrong, naming the row."""
        from desktop.core.records import parse_date

        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise UserError(tr("Không đọc được tệp {path}: {error}.").format(path=path, error=exc)) from None
        reader = csv.DictReader(text.splitlines())
        need = {"loai", "ho_ten", "nam", "ma_danh_hieu"}
        if not reader.fieldnames or not need <= set(reader.fieldnames):
            raise UserError(tr("Tệp {path} thiếu cột: {columns}.").format(
                path=path, columns=", ".join(sorted(need - set(reader.fieldnames or [])))))
        with self._sf() as s:
            persons_by_cccd = {r.cccd: r.id for r in s.execute(select(Person.id, Person.cccd).where(
                Person.deleted_at.is_(None), Person.cccd.is_not(None)))}
            persons_by_name: dict[str, list[int]] = defaultdict(list)
            for r in s.execute(select(Person.id, Person.full_name).where(Person.deleted_at.is_(None))):
                persons_by_name[fold(r.full_name)].append(r.id)
            coll_by_name: dict[str, list[int]] = defaultdict(list)
            for r in s.execute(select(Collective.id, Collective.name).where(Collective.deleted_at.is_(None))):
                coll_by_name[fold(r.name)].append(r.id)
        planned = []
        for n, row in enumerate(reader, start=2):
            kind = (row.get("loai") or "").strip()
            name = nfc(row.get("ho_ten") or "")
            ident = (row.get("ma_dinh_danh") or "").strip()
            if kind == "person":
                ids = [persons_by_cccd[ident]] if ident in persons_by_cccd else persons_by_name.get(fold(name), [])
            elif kind == "collective":
                ids = coll_by_name.get(fold(name), [])
            else:
                raise UserError(tr("Dòng {row}: cột “loai” phải là person hoặc collective.").format(row=n))
            if not ids:
                text = tr("Dòng {row}: không tìm thấy đối tượng “{name}” (hãy ghi số CCCD).") if kind == "person" \
                    else tr("Dòng {row}: không tìm thấy đối tượng “{name}”.")
                raise UserError(text.format(row=n, name=one_line(name, 60)))
            if len(ids) > 1:
                text = tr("Dòng {row}: có nhiều hơn một đối tượng “{name}” (hãy ghi số CCCD).") if kind == "person" \
                    else tr("Dòng {row}: có nhiều hơn một đối tượng “{name}”.")
                raise UserError(text.format(row=n, name=one_line(name, 60)))
            for column in ("so_quyet_dinh", "ma_danh_hieu"):  # stored: the text rule, as in the forms
                problem = text_problem(nfc(row.get(column) or ""), translate=True)
                if problem:
                    raise UserError(tr("Dòng {row}, cột “{column}”: {problem}.").format(row=n, column=column,
                                                                                    problem=problem))
            try:
                year_text = (row.get("nam") or "").strip()
                if not (year_text.isascii() and year_text.isdigit() and len(year_text) == 4):  # not "٢٠٢٦"
                    raise ValueError(tr("năm “{year}” phải là 4 chữ số.").format(year=one_line(year_text, 12)))
                year = int(year_text)
                ddate = parse_date(row.get("ngay_quyet_dinh") or "")
            except ValueError as exc:
                raise UserError(tr("Dòng {row}: {problem}").format(row=n, problem=exc)) from None
            planned.append(((kind, ids[0]), year, (row.get("ma_danh_hieu") or "").strip(),
                            row.get("so_quyet_dinh") or "", ddate, n))
        count = 0
        with self._sf() as s, s.begin():  # all rows or none
            for subject, year, code, no, ddate, row_no in planned:
                try:
                    t = self._check_history(subject, year, code, "earlier")
                    self._add_history(s, t, subject, year, no, ddate, "earlier", "", None)
                except UserError as exc:
                    raise UserError(tr("Dòng {row}: {problem} Chưa nhập dòng nào của tệp.").format(
                        row=row_no, problem=exc.message)) from None
                count += 1
        return count

