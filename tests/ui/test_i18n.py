"""The English interface: the catalogue is complete and current, compiles with Qt's lrelease, and the
window speaks English when chosen — Vietnamese stays the default and the fallback."""

from __future__ import annotations

import importlib.util
import logging
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from desktop.shared import i18n as core_i18n
from desktop.ui import i18n

ROOT = Path(__file__).resolve().parents[2]


def _translations_tool():
    name = "thidua_installer_translations"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "installer" / "translations.py")
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod  # dataclasses look their module up there
        spec.loader.exec_module(mod)
    return sys.modules[name]


@pytest.fixture
def english(qapp):
    assert i18n.apply_language(qapp, "en") == "en"
    yield qapp
    i18n.apply_language(qapp, "vi")


def test_catalogue_is_complete_and_keeps_every_field():
    tool = _translations_tool()
    messages = tool.read_ts(tool.ts_path("en"))
    assert len(messages) > 300
    assert tool.problems(messages) == []


def test_catalogue_is_current_with_the_code(tmp_path):
    """Every tr() in the code has an entry (a new string without a translation fails here), and the
    catalogue carries nothing the code no longer says."""
    tool = _translations_tool()
    fresh = tmp_path / "fresh.ts"
    tool.lupdate("en", None, fresh)
    in_code = {m.source for m in tool.read_ts(fresh)}
    in_catalogue = {m.source for m in tool.read_ts(tool.ts_path("en"))}
    assert in_code - in_catalogue == set(), "run installer/translations.py update and translate the new strings"
    assert in_catalogue - in_code == set()


def test_problems_names_a_lost_field_and_an_unfinished_string():
    tool = _translations_tool()
    msgs = [tool.Message("Đã lưu {n} bản ghi", "Saved records", (), True, None),
            tool.Message("Đóng", "", (), False, None),
            tool.Message("Mở {path}", "Open {path}", (), True, None)]
    found = tool.problems(msgs)
    assert len(found) == 2 and "fields differ" in found[0] and "unfinished" in found[1]


def test_without_a_translator_tr_returns_the_vietnamese_source():
    core_i18n.install(None)
    assert core_i18n.tr("Đã lưu {n} bản ghi") == "Đã lưu {n} bản ghi"
    assert core_i18n.tr("Có %n bản ghi", "", 3) == "Có 3 bản ghi"


def test_catalogue_compiles_once_into_the_cache(qapp, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    qm = i18n.compiled_catalogue("en")
    assert qm is not None and qm.is_file() and qm.stat().st_size > 1000
    stamp = qm.stat().st_mtime_ns
    assert i18n.compiled_catalogue("en") == qm and qm.stat().st_mtime_ns == stamp


def test_english_translates_the_data_layer_messages(english):
    assert core_i18n.tr("Cá nhân") == "Individuals"
    assert core_i18n.tr("Sao lưu ngay") == "Back up now"


def test_english_main_window(english, qtbot, paths, workspace):
    import re

    from desktop.ui.main_window import MainWindow

    w = MainWindow(workspace, paths)  # attached: the extensions' menus and pages are there too
    qtbot.addWidget(w)
    menus = [a.text() for a in w.menuBar().actions()]
    assert menus[0] == "&File" and menus[-1] == "&Help" and len(menus) >= 4
    nav = [w.nav.item(i).text() for i in range(w.nav.count())]
    assert nav[:2] == ["Overview", "Individuals"] and "Year-end review" in nav
    vietnamese = re.compile(r"[À-ỹĐđ]")
    assert [t for t in menus + nav if vietnamese.search(t)] == []
    assert w.windowTitle().endswith("Emulation movement management software")
    assert "Officer in charge" in w.overview.subheading.text()


def test_vietnamese_is_the_default(qapp, qtbot, paths):
    from desktop.ui.main_window import MainWindow

    assert i18n.preferred_language() == "vi"
    assert i18n.apply_language(qapp, "vi") == "vi"
    w = MainWindow(None, paths)
    qtbot.addWidget(w)
    assert w.menuBar().actions()[0].text() == "&Tệp"
    assert w.nav.item(0).text() == "Tổng quan"


def test_settings_dialog_saves_the_choice_for_the_next_start(qapp, qtbot, monkeypatch):
    from desktop.ui import prompts
    from desktop.ui.settings_dialog import SettingsDialog

    told = []
    monkeypatch.setattr(prompts, "inform", lambda _p, title, text: told.append(text))
    dlg = SettingsDialog()
    qtbot.addWidget(dlg)
    assert dlg.chosen_language() == "vi"
    dlg.language.setCurrentIndex(dlg.language.findData("en"))
    dlg.accept()
    try:
        assert QSettings().value(i18n.SETTINGS_KEY) == "en"
        assert i18n.preferred_language() == "en"
        assert told and "English" in told[0]  # restart needed: the window is built in one language
        monkeypatch.setenv(i18n.ENV, "vi")
        assert i18n.preferred_language() == "vi"  # the override wins
    finally:
        QSettings().remove(i18n.SETTINGS_KEY)


def test_unknown_or_missing_language_falls_back_to_vietnamese(qapp, monkeypatch, tmp_path, caplog):
    monkeypatch.setenv(i18n.ENV, "fr")
    assert i18n.preferred_language() == "vi"
    monkeypatch.setattr(i18n, "resources_dir", lambda: tmp_path)  # no catalogue shipped nor to compile
    with caplog.at_level(logging.WARNING, logger="desktop.ui.i18n"):
        assert i18n.apply_language(qapp, "en") == "vi"
    assert "unavailable" in caplog.text
    assert core_i18n.tr("Cá nhân") == "Cá nhân"
    assert i18n.current_language() == "vi"


def test_vietnamese_keeps_qt_s_own_text_where_it_has_no_translation(qapp, qtbot, paths):
    """What was seen: the print dialog without labels or a Print button, "Q" for Ctrl+Q, "Hoàn tác Z".
    Strings the Vietnamese table lacks fall back to Qt's own, so nothing is empty."""
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QKeySequence
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit

    from desktop.ui.main_window import MainWindow

    assert i18n.apply_language(qapp, "vi") == "vi"
    assert QKeySequence("Ctrl+Q").toString(QKeySequence.SequenceFormat.NativeText) == "Ctrl+Q"
    w = MainWindow(None, paths)
    qtbot.addWidget(w)
    quit_action = next(a for m in w.menuBar().actions() for a in m.menu().actions()
                       if a.shortcut() == QKeySequence("Ctrl+Q"))
    assert quit_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText) == "Ctrl+Q"

    field = QLineEdit()
    qtbot.addWidget(field)
    menu = field.createStandardContextMenu()
    texts = [(a.text(), a.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
             for a in menu.actions() if not a.isSeparator()]
    assert texts and all(t.split("\t")[0].strip() for t, _ in texts), texts
    assert "&Hoàn tác" in [t.split("\t")[0] for t, _ in texts]
    # a shortcut shown in the menu text is whole ("Ctrl+Z"), never the bare letter of a lost "Ctrl"
    for text, _ in texts:
        shown = text.split("\t")[1] if "\t" in text else ""
        assert shown == "" or len(shown) > 1, texts

    seen = {}

    def look():
        dlg = QApplication.activeModalWidget()
        if dlg is None:
            QTimer.singleShot(20, look)
            return
        seen["labels"] = [x.text() for x in dlg.findChildren(QLabel) if x.isVisibleTo(dlg)]
        seen["buttons"] = [b.text() for b in dlg.findChildren(QAbstractButton) if b.isVisibleTo(dlg)]
        dlg.reject()

    printer = QPrinter()
    dialog = QPrintDialog(printer, w)
    QTimer.singleShot(0, look)
    dialog.exec()
    assert seen["labels"] and all(t.strip() for t in seen["labels"] if t is not None), seen
    assert any(b.replace("&", "") in ("Print", "In") for b in seen["buttons"]), seen["buttons"]
