"""desktop.app.workspace.Workspace: what a headless command holds of its data folder."""

from __future__ import annotations

import pytest

from desktop.app.workspace import NOT_PROVINCE, NOT_SET_UP, Workspace, init_workspace
from desktop.shared.errors import UserError
from desktop.shared.i18n import tr
from desktop.shared.paths import DB_FILENAME


def test_the_database_opens_on_first_use_only(paths):
    with Workspace(paths) as ws:
        assert not ws.opened and ws.catalog.titles
    assert not (paths.data_dir / DB_FILENAME).exists()


def test_an_empty_folder_is_neither_commune_nor_province(paths):
    with Workspace(paths) as ws:
        assert ws.kind is None and ws.actor == ""
        with pytest.raises(UserError) as commune:
            ws.require_commune()
        with pytest.raises(UserError) as province:
            ws.require_province()
        assert ws.opened
    assert not ws.opened
    assert (commune.value.message, province.value.message) == (tr(NOT_SET_UP), tr(NOT_PROVINCE))


def test_a_commune_knows_its_kind_and_officer(paths):
    with Workspace(paths) as ws:
        init_workspace(ws.db, "09319", "Nguyễn Thị Hoa")
        assert ws.is_commune and not ws.is_province and ws.actor == "Nguyễn Thị Hoa"
        assert ws.require_commune().unit_code == "09319"
        with pytest.raises(UserError):
            ws.require_province()
