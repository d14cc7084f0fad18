"""What the "Khen thưởng chuyên đề, đột xuất…" and "Kế hoạch phát động…" buttons of the issued
documents page do: open the form, read a subject's achievements and money off the GUI thread, issue
the act through the workspace queue (desktop.app.special_awards), then select and preview it."""

from __future__ import annotations

import datetime as dt

from desktop.shared.fmt import group
from desktop.ui import events, prompts
from desktop.ui.i18n import tr
from desktop.ui.issued.special_dialogs import OCCASION_WORDS, LaunchPlanDialog, SpecialAwardDialog
from desktop.ui.issued.view import ALL_YEARS, number_word
from desktop.ui.tasks import run_change, run_query


def open_special(page) -> SpecialAwardDialog:
    dlg = SpecialAwardDialog(page, page.window_.records, "")
    dlg.subject_wanted.connect(lambda subject, on: _load_subject(page, dlg, subject, on))
    dlg.submitted.connect(lambda *values: _issue_special(page, dlg, *values))
    page.dialog = dlg
    dlg.open()
    return dlg


def _load_subject(page, dlg: SpecialAwardDialog, subject, on: dt.date) -> None:
    db, folder = page.window_.db, page.window_.paths.data_dir

    def work(_p, _c):
        from desktop.app.catalogs import catalog_in_use
        from desktop.app.special_awards import special_awards

        uc = special_awards(db, "", catalog_in_use(db, folder))
        with db.session() as s:
            from desktop.core.review.yeardata import YearData

            name = YearData(s, on.year, 0).name(subject)
        return name, uc.achievements(subject), uc.bonus_of(subject[0], on)[1]

    def done(out) -> None:
        name, items, amount = out
        dlg.add_subject(subject, name, items, amount)

    from desktop.ui.issued.controller import _in_dialog

    run_query(work, done, owner=page, on_error=_in_dialog(dlg))


def _issue_special(page, dlg: SpecialAwardDialog, occasion: str, theme: str, on: dt.date, signer: str,
                   signer_title: str, awardees) -> None:
    chosen = [(s, ids) for s, ids in awardees if ids]
    if not chosen:
        dlg.show_error(tr("Chưa chọn đối tượng, thành tích nào để khen thưởng."))
        return
    total = sum(dlg.amounts.get(s, 0) for s, _ids in chosen)
    text = tr("Ban hành quyết định {occasion} “{theme}”, ký ngày {date}, tặng Giấy khen cho {count} đối tượng, tổng "
              "tiền thưởng {amount} đồng? Quyết định được lấy số trong sổ văn bản và lưu nguyên nội dung.").format(
        occasion=tr(OCCASION_WORDS[occasion]).lower(), theme=theme, date=f"{on:%d/%m/%Y}", count=len(chosen),
        amount=group(total))
    if not prompts.ask(page, tr("Khen thưởng chuyên đề, đột xuất"), text):
        return
    db, actor, folder = page.window_.db, page._actor(), page.window_.paths.data_dir
    dlg.working()

    def work(_p, _c):
        from desktop.app.catalogs import catalog_in_use
        from desktop.app.special_awards import award
        from desktop.core.review.special import Awardee

        return award(db, actor, occasion, theme, on, signer, [Awardee(s, ids) for s, ids in chosen],
                     signer_title=signer_title, catalog=catalog_in_use(db, folder))[1]

    _after_issue(page, dlg, work)


def _after_issue(page, dlg, work) -> None:
    from desktop.ui.issued.controller import _in_dialog

    def done(new) -> None:
        dlg.accept()
        page._select_after = new.id
        page.window_.statusBar().showMessage(tr("Đã ban hành văn bản số {number} (mã {id}).").format(
            number=number_word(new), id=new.id), 10000)
        page.reprint(new)

    run_change(work, done, owner=page, events=page.window_.events, kinds={events.DOCUMENTS, events.REVIEW},
               job="decision", on_error=_in_dialog(dlg))


def open_plan(page) -> LaunchPlanDialog:
    from desktop.app.special_awards import plan_defaults
    from desktop.core.plan import default_plan

    year = page.year.value() if page.year.value() != ALL_YEARS else dt.date.today().year
    targets = [(t.code, t.text) for t in default_plan().targets]
    dlg = LaunchPlanDialog(page, year, plan_defaults(page.window_.db, year), targets, "")
    dlg.submitted.connect(lambda *values: _issue_plan(page, dlg, *values))
    page.dialog = dlg
    dlg.open()
    return dlg


def _issue_plan(page, dlg: LaunchPlanDialog, title: str, launched_on: dt.date, deadline: dt.date, sections,
                targets, signer: str) -> None:
    text = tr("Ban hành kế hoạch phát động thi đua năm {year}, ngày {date}, hạn đăng ký thi đua {deadline}? Kế "
              "hoạch được lấy số (…/KH-UBND) và lưu nguyên nội dung; đăng ký sau hạn sẽ được nhắc là đăng ký "
              "muộn.").format(year=dlg.year, date=f"{launched_on:%d/%m/%Y}", deadline=f"{deadline:%d/%m/%Y}")
    if not prompts.ask(page, tr("Kế hoạch phát động thi đua"), text):
        return
    db, actor, year = page.window_.db, page._actor(), dlg.year
    dlg.working()

    def work(_p, _c):
        from desktop.app.special_awards import issue_plan
        from desktop.core.launch_plan import PlanInput

        return issue_plan(db, actor, PlanInput(year, title, launched_on, deadline, sections, targets), signer)

    _after_issue(page, dlg, work)


__all__ = ["open_special", "open_plan"]
