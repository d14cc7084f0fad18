"""The interface language: Vietnamese (the source text of every string) or English.

Two translators are involved:
- the app's own strings, marked with ``tr`` / ``QT_TR_NOOP`` (desktop.shared.i18n), extracted by Qt's
  lupdate into resources/i18n/thidua_en.ts and compiled by lrelease into thidua_en.qm
  (installer/translations.py; the release build ships the .qm, a run from source compiles it once
  into the user's cache folder);
- Qt's own strings (context menus, standard buttons): Qt ships no Vietnamese qtbase translation, so a
  Vietnamese window would show "Copy", "Paste", "Cancel" in English; the small table below covers
  what this app's widgets show. In English, Qt's own text is already English.

The choice is kept per user (QSettings ``ui/language``), set in Tệp → Cài đặt, and takes effect at
the next start; THIDUA_LANG=en|vi overrides it (the release smoke test uses it).
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QTranslator

from desktop.shared import i18n as core_i18n
from desktop.shared.i18n import QT_TR_NOOP, tr  # noqa: F401 (re-exported for the window's modules)
from desktop.shared.paths import resources_dir

log = logging.getLogger(__name__)

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}  # i18n: keep (each name in its own language)
DEFAULT_LANGUAGE = "vi"
SETTINGS_KEY = "ui/language"
ENV = "THIDUA_LANG"
CATALOGUE = "thidua"

QT_STRINGS = {
    "&Undo": "&Hoàn tác",
    "&Redo": "&Làm lại",
    "Cu&t": "Cắ&t",
    "&Copy": "&Sao chép",
    "Copy &Link Location": "Sao chép địa chỉ liên kết",
    "&Paste": "&Dán",
    "Delete": "Xóa",
    "Select All": "Chọn tất cả",
    "&Yes": "&Có",
    "&No": "&Không",
    "Yes": "Có",
    "No": "Không",
    "OK": "Đồng ý",
    "&OK": "&Đồng ý",
    "Cancel": "Hủy",
    "&Cancel": "&Hủy",
    "Close": "Đóng",
    "&Close": "&Đóng",
    "Save": "Lưu",
    "&Save": "&Lưu",
    "Discard": "Bỏ",
    "Apply": "Áp dụng",
    "Help": "Trợ giúp",
    "Open": "Mở",
    "&Open": "&Mở",
    "Look in:": "Tìm trong:",
    "File &name:": "&Tên tệp:",
    "Files of type:": "Loại tệp:",
    "Back": "Quay lại",
    "Forward": "Tiếp",
    "Parent Directory": "Thư mục cha",
    "Create New Folder": "Tạo thư mục mới",
    "List View": "Xem dạng danh sách",
    "Detail View": "Xem chi tiết",
    "Name": "Tên",
    "Size": "Kích thước",
    "Date Modified": "Ngày sửa",
    "Type": "Loại",
}


class VietnameseQtTranslator(QTranslator):
    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: N802 (Qt API)
        # None (a null QString) lets Qt fall back to its own text; "" would be taken as the translation
        # and empty every label, button and shortcut Qt has that this table does not
        return QT_STRINGS.get(source_text)

    def isEmpty(self) -> bool:  # noqa: N802
        return False


def preferred_language() -> str:
    """THIDUA_LANG if set to a known language, else the officer's saved choice, else Vietnamese."""
    env = os.environ.get(ENV, "").strip().lower()
    if env in LANGUAGES:
        return env
    saved = QSettings().value(SETTINGS_KEY, DEFAULT_LANGUAGE)
    return saved if saved in LANGUAGES else DEFAULT_LANGUAGE


def save_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(lang)
    QSettings().setValue(SETTINGS_KEY, lang)


def ts_file(lang: str) -> Path:
    return resources_dir() / "i18n" / f"{CATALOGUE}_{lang}.ts"


def qt_tool(name: str) -> str | None:
    """One of Qt's linguist tools (lupdate, lrelease) as shipped inside the PySide6 wheel, or on PATH.
    None in the frozen app, which only loads the shipped .qm."""
    try:
        import PySide6
    except ImportError:  # pragma: no cover
        return shutil.which(name)
    pkg = Path(PySide6.__file__).parent
    for candidate in (name, name + ".exe"):
        if (pkg / candidate).is_file():
            return str(pkg / candidate)
    return shutil.which(f"pyside6-{name}") or shutil.which(name)


def compile_ts(ts: Path, qm: Path) -> None:
    """Compile a .ts catalogue into a .qm file with lrelease (raises RuntimeError on failure)."""
    tool = qt_tool("lrelease")
    if tool is None:
        raise RuntimeError("lrelease not found (it ships with PySide6)")
    qm.parent.mkdir(parents=True, exist_ok=True)
    tmp = qm.with_name(qm.name + ".tmp")
    proc = subprocess.run([tool, "-silent", str(ts), "-qm", str(tmp)], capture_output=True, text=True)
    if proc.returncode != 0 or not tmp.is_file():
        tmp.unlink(missing_ok=True)
        raise RuntimeError(f"lrelease failed: {proc.stderr.strip() or proc.stdout.strip()}")
    os.replace(tmp, qm)


def compiled_catalogue(lang: str) -> Path | None:
    """The .qm for ``lang``: shipped beside the .ts (release build), or compiled once from the .ts into
    the user's cache folder, keyed by the .ts content so an edited catalogue is recompiled."""
    shipped = resources_dir() / "i18n" / f"{CATALOGUE}_{lang}.qm"
    ts = ts_file(lang)
    if shipped.is_file() and (getattr(sys, "frozen", False) or not ts.is_file()
                              or shipped.stat().st_mtime >= ts.stat().st_mtime):
        return shipped
    if not ts.is_file():
        return None
    digest = hashlib.sha256(ts.read_bytes()).hexdigest()[:16]
    from platformdirs import user_cache_dir

    from desktop import APP_AUTHOR, APP_NAME

    cached = Path(user_cache_dir(APP_NAME, APP_AUTHOR)) / "i18n" / f"{CATALOGUE}_{lang}-{digest}.qm"
    if not cached.is_file():
        compile_ts(ts, cached)
    return cached


def apply_language(app: QCoreApplication, lang: str) -> str:
    """Install the translators for ``lang``; returns the language actually in effect (Vietnamese when
    the English catalogue cannot be loaded, which is logged)."""
    for old in getattr(app, "_thidua_translators", ()):
        app.removeTranslator(old)
    installed: list[QTranslator] = []
    core_i18n.install(None)
    effective = DEFAULT_LANGUAGE
    if lang != DEFAULT_LANGUAGE:
        translator = QTranslator(app)
        try:
            qm = compiled_catalogue(lang)
        except (OSError, RuntimeError) as exc:
            log.warning("interface language %s unavailable: %s", lang, exc)
            qm = None
        if qm is not None and translator.load(str(qm)):
            app.installTranslator(translator)
            installed.append(translator)
            core_i18n.install(_qt_translate)
            effective = lang
        else:
            log.warning("interface language %s unavailable: no catalogue", lang)
    if effective == DEFAULT_LANGUAGE:
        translator = VietnameseQtTranslator(app)
        app.installTranslator(translator)
        installed.append(translator)
    app._thidua_translators = installed  # type: ignore[attr-defined]
    app._thidua_language = effective  # type: ignore[attr-defined]
    return effective


def current_language() -> str:
    app = QCoreApplication.instance()
    return getattr(app, "_thidua_language", DEFAULT_LANGUAGE) if app is not None else DEFAULT_LANGUAGE


def _qt_translate(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate("", text, disambiguation, n)
