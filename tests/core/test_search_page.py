"""The list's first page and match count per keystroke: exact when small, capped when broad."""

from __future__ import annotations

from sqlalchemy import insert

from desktop.core.records import Records
from desktop.shared.text import fold, given_name_key
from desktop.store.models import Person


def _people(db, n: int, name: str) -> None:
    rows = [{"full_name": f"{name} {i}", "sex": "nam", "category": "nhan_dan",
             "search_key": fold(f"{name} {i}"), "sort_key": given_name_key(f"{name} {i}")} for i in range(n)]
    with db.session() as s, s.begin():
        s.execute(insert(Person), rows)


def test_small_result_is_exact_and_complete(workspace):
    _people(workspace, 30, "Nguyễn Văn Hải")
    _people(workspace, 5, "Trần Thị Lụa")
    page = Records(workspace.session).search_page("person", "tran thi lua", limit=10)
    assert (page.total, page.more_than, len(page.rows)) == (5, False, 5)


def test_broad_search_count_is_capped(workspace):
    _people(workspace, 1300, "Nguyễn Văn Hải")
    r = Records(workspace.session)
    page = r.search_page("person", "nguyen", limit=200, count_cap=1000)
    assert len(page.rows) == 200
    assert page.more_than and page.total == 1000
    # under the cap the count is exact
    page = r.search_page("person", "nguyen van hai 1", limit=200, count_cap=1000)
    exact = r.count("person", "nguyen van hai 1")
    assert page.total == exact and not page.more_than and exact > 200
    # no search text: the plain total, never capped
    page = r.search_page("person", "", limit=200, count_cap=1000)
    assert (page.total, page.more_than) == (1300, False)
