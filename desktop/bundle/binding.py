"""Which database a commune signing key belongs to: the key's metadata names the unit, the database
records the key id and the unit (desktop.store.db checks both at every open)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from desktop.bundle.errors import KeyProblem
from desktop.bundle.keys import read_key_meta, set_key_meta
from desktop.core.labels import NOT_SET_UP
from desktop.core.units import find_unit
from desktop.shared.i18n import QT_TR_NOOP, tr
from desktop.shared.paths import Paths
from desktop.store.db import COMMUNE_KEY_NAME, SIGNING_KEY_SETTING, SIGNING_UNIT_SETTING, Database, record_signing_key
from desktop.store.errors import StorageError


def bind_signing_key(db: Database, paths: Paths) -> str:
    """Tie the commune's current signing key and its database together, after the key is made at init
    or by a rotation: the unit code goes into the key's metadata, the key id and unit code into the
    database. Returns the key id."""
    ws = db.workspace()
    if ws is None or ws.kind != "commune":
        raise KeyProblem(tr(NOT_SET_UP))
    meta = read_key_meta(paths.keys_dir, COMMUNE_KEY_NAME)
    unit = meta.get("unit_code")
    if unit is not None and unit != ws.unit_code:
        raise KeyProblem(tr("Khóa ký trong thư mục {folder} là của đơn vị mã {unit}, không phải của {name} (mã "
                            "{code}). Hãy dùng thư mục dữ liệu riêng cho mỗi đơn vị.").format(
                                folder=paths.keys_dir, unit=unit, name=ws.unit_name, code=ws.unit_code))
    if unit is None:
        meta = set_key_meta(paths.keys_dir, COMMUNE_KEY_NAME, unit_code=ws.unit_code)
    record_signing_key(db, meta["key_id"], ws.unit_code)
    return meta["key_id"]


KEY_MISMATCH = QT_TR_NOOP(
    "Tệp dữ liệu {path} không thuộc thư mục dữ liệu này: tệp dữ liệu là của {db_side}, còn thư mục khóa "
    "{folder} chứa {key_side}. Phần mềm không mở tệp (và không thay đổi gì) để không ghi nhầm vào "
    "dữ liệu của đơn vị khác, cũng không ký tệp gửi Sở bằng khóa của đơn vị khác. Hãy chép tệp dữ liệu về "
    "đúng thư mục dữ liệu của {db_unit}, hoặc khôi phục bản sao lưu đúng của thư mục này (“Khôi phục từ bản sao "
    "lưu”).")


def _key_meta(path: Path) -> dict | None:
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # no key (yet), or a damaged file: loading the key says what is wrong with it
    return meta if isinstance(meta, dict) and isinstance(meta.get("key_id"), str) else None


def _unit_label(code: str) -> str:
    unit = find_unit(code)
    return tr("{unit} (mã {code})").format(unit=unit.name, code=code) if unit else tr("mã {code}").format(code=code)


def check_key_binding(path: Path, keys_dir: Path) -> tuple[str, str] | None:
    """Refuse (StorageError, nothing written) a commune database that is not the one of the signing
    key in ``keys_dir``: it records another key id, or the key's metadata names another unit. A key
    the folder rotated away from (kept aside as ``commune-signing.cu-*.json``) still counts as its
    own (a backup from before the rotation). Returns (key id, unit code) to record once the database
    is open when it has no record yet, or records a key of this folder that is no longer current."""
    meta = _key_meta(keys_dir / f"{COMMUNE_KEY_NAME}.json")
    if meta is None:
        return None
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=2)
    try:
        ws = con.execute("SELECT kind, unit_code, unit_name FROM workspace LIMIT 1").fetchone()
        recorded = dict(con.execute("SELECT key, value FROM setting WHERE key IN (?, ?)",
                                    (SIGNING_KEY_SETTING, SIGNING_UNIT_SETTING)).fetchall())
    except sqlite3.Error:
        return None  # a schema without these tables holds no commune yet
    finally:
        con.close()
    if ws is None or ws[0] != "commune":
        return None
    unit_code = ws[1]
    key_id, key_unit = meta["key_id"], meta.get("unit_code")
    recorded_key = recorded.get(SIGNING_KEY_SETTING) or None
    own_old_keys = {m["key_id"] for m in map(_key_meta, keys_dir.glob(f"{COMMUNE_KEY_NAME}.cu*.json")) if m}
    wrong_key = recorded_key is not None and recorded_key != key_id and recorded_key not in own_old_keys
    wrong_unit = isinstance(key_unit, str) and key_unit != unit_code
    if wrong_key or wrong_unit:
        db_side = _unit_label(unit_code) if recorded_key is None else tr("{unit}, khóa ký {key_id}").format(
            unit=_unit_label(unit_code), key_id=recorded_key)
        key_side = tr("khóa ký {key_id}").format(key_id=key_id) if not isinstance(key_unit, str) else tr(
            "khóa ký {key_id} của {unit}").format(unit=_unit_label(key_unit), key_id=key_id)
        raise StorageError("foreign", tr(KEY_MISMATCH).format(
            path=path, db_side=db_side, folder=keys_dir, key_side=key_side, db_unit=ws[2] or unit_code), str(path))
    if recorded_key != key_id or recorded.get(SIGNING_UNIT_SETTING) != unit_code:
        return key_id, unit_code
    return None


def admission(keys_dir: Path):
    """The check open_database runs on a commune database of the data folder whose keys are in ``keys_dir``."""
    return lambda path: check_key_binding(path, keys_dir)
