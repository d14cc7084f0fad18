"""What is built from the workspace for printing: the document of one kind, laid out from the
database through desktop.app.sources and desktop.reports (shared by the window and ``print``)."""

from __future__ import annotations

import datetime as dt

from desktop.shared.errors import UserError

REVIEW_KINDS = {"decision": "quyết định khen thưởng", "minutes": "biên bản họp Hội đồng",
                "proposal": "tờ trình đề nghị khen thưởng"}


def build_document(db, kind: str, year: int, *, title: str | None = None, period: str = "Y",
                   person: int | None = None, collective: int | None = None, date: dt.date | None = None,
                   number: int | None = None, meeting: int | None = None):
    """The document of ``kind`` from the database (shared by the command line and the window).
    Review documents (decision, minutes, proposal) are laid out from the saved review: ``number``
    picks a decision or proposal, ``meeting`` a meeting; the latest of the year otherwise."""
    from desktop.app import sources

    date = date or dt.date.today()
    if kind in REVIEW_KINDS:
        from desktop.app import review_sources as review_docs

        return review_docs.build(db, kind, year, number=number, meeting_id=meeting)
    if kind == "registrations":
        return sources.registration_list(db, year, date)
    if kind == "list":
        if not title:
            have = sources.titles_of_year(db, year)
            listed = "; ".join(f"{c} ({n}, {k})" for c, n, k in have) or "chưa có đăng ký nào"
            raise UserError(f"Hãy chọn danh hiệu bằng --title MÃ. Năm {year}: {listed}.")
        return sources.title_list(db, year, title, date)
    if kind == "report":
        return sources.movement_report(db, year, period, date, number)
    if kind == "achievement":
        if bool(person) == bool(collective):
            raise UserError("Hãy chọn một đối tượng: --person MÃ hoặc --collective MÃ.")
        subject_id = person or collective
        assert subject_id is not None  # one of the two, checked above
        return sources.achievement_report(db, "person" if person else "collective", subject_id, year, date,
                                          title_code=title)
    if kind == "ballots":
        return sources.ballot_slips(db, year, date)
    raise UserError(f"Không có loại văn bản “{kind}”.")
