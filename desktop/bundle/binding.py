"""Which database a commune signing key belongs to: the key's metadata names the unit, the database
records the key id and the unit (desktop.store.db checks both at every open)."""

from __future__ import annotations

from desktop.bundle.errors import KeyProblem
from desktop.bundle.keys import read_key_meta, set_key_meta
from desktop.paths import Paths
from desktop.store.db import COMMUNE_KEY_NAME, Database, record_signing_key


def bind_signing_key(db: Database, paths: Paths) -> str:
    """Tie the commune's current signing key and its database together, after the key is made at init
    or by a rotation: the unit code goes into the key's metadata, the key id and unit code into the
    database. Returns the key id."""
    ws = db.workspace()
    if ws is None or ws.kind != "commune":
        raise KeyProblem("Chưa khởi tạo dữ liệu xã, phường.")
    meta = read_key_meta(paths.keys_dir, COMMUNE_KEY_NAME)
    unit = meta.get("unit_code")
    if unit is not None and unit != ws.unit_code:
        raise KeyProblem(f"Khóa ký trong thư mục {paths.keys_dir} là của đơn vị mã {unit}, không phải của "
                         f"{ws.unit_name} (mã {ws.unit_code}). Hãy dùng thư mục dữ liệu riêng cho mỗi đơn vị.")
    if unit is None:
        meta = set_key_meta(paths.keys_dir, COMMUNE_KEY_NAME, unit_code=ws.unit_code)
    record_signing_key(db, meta["key_id"], ws.unit_code)
    return meta["key_id"]
