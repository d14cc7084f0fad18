"""The installer scripts agree with the app: data folder names, version source, per-user install, and
text that Inno Setup and the desktop read correctly. (The build itself is checked by
installer/smoke_test.py, which .ci/run runs on the frozen app.)"""

from __future__ import annotations

import configparser
import re
import unicodedata
from pathlib import Path

from desktop import APP_AUTHOR, APP_NAME

ROOT = Path(__file__).resolve().parents[1]
ISS = ROOT / "installer" / "thidua.iss"
ISL = ROOT / "installer" / "Vietnamese.isl"


def _sections(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(";"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            out.setdefault(current, [])
        else:
            out.setdefault(current, []).append(line)
    return out


def test_inno_files_are_utf8_with_bom_and_nfc():
    for path in (ISS, ISL):
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name}: Inno Setup 6 needs the BOM to read UTF-8"
        text = raw.decode("utf-8-sig")
        assert unicodedata.normalize("NFC", text) == text, path.name


def test_per_user_install_without_admin_rights():
    setup = dict(line.split("=", 1) for line in _sections(ISS.read_text(encoding="utf-8-sig"))["Setup"])
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["DefaultDirName"].startswith("{autopf}")  # %LOCALAPPDATA%\Programs when per-user
    assert re.fullmatch(r"\{\{[0-9A-F-]{36}\}", setup["AppId"])


def test_data_folder_is_the_apps_and_never_deleted():
    text = ISS.read_text(encoding="utf-8-sig")
    data_dir = rf"{{localappdata}}\{APP_AUTHOR}\{APP_NAME}"  # platformdirs on Windows, roaming=False
    assert data_dir in text
    sections = _sections(text)
    for name in ("UninstallDelete", "InstallDelete"):
        for entry in sections.get(name, []):
            assert "{localappdata}" not in entry and "{userappdata}" not in entry, entry
            assert re.search(r'Name: "\{app\}', entry), f"{name} may only touch the program folder: {entry}"
    (dirs,) = [e for e in sections["Dirs"] if data_dir in e]
    assert "uninsneveruninstall" in dirs


def test_vietnamese_messages_cover_the_flow():
    isl = configparser.ConfigParser(interpolation=None, strict=True)
    isl.optionxform = str  # message names are case-sensitive
    isl.read_string(ISL.read_text(encoding="utf-8-sig"))
    assert isl["LangOptions"]["LanguageID"] == "$042A"
    messages = isl["Messages"]
    for key in ("WelcomeLabel1", "ButtonNext", "ButtonInstall", "ButtonCancel", "WizardReady",
                "FinishedLabel", "ConfirmUninstall", "UninstalledAll", "SetupAppRunningError"):
        assert messages[key].strip(), key
    used = set(re.findall(r"\{cm:(\w+)", ISS.read_text(encoding="utf-8-sig")))
    assert used <= set(isl["CustomMessages"]), used - set(isl["CustomMessages"])


def test_linux_desktop_entry():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(ROOT / "installer" / "linux" / "thidua-bacninh.desktop", encoding="utf-8")
    e = entry["Desktop Entry"]
    assert e["Type"] == "Application" and e["Exec"].endswith("/thidua") and e["Icon"] == "thidua-bacninh"
    assert (ROOT / "resources" / "icons" / "thidua-256.png").is_file()
