"""A week of files at the province before the 10 December deadline (shared by the chase list and the
commune page tests): four communes with real keys, contacts and files, every other unit silent.

* A 09319 sends files 1 and 2 in one batch (the second after more work): accepted, no chase.
* B 09247 sends a damaged copy on Monday (refused), then on Wednesday the good file and a correction
  (its file 2) in one batch: accepted, not chased any more.
* C 09253 sends only a damaged file: refused, chased with what to tell them and who to call.
* D 09187 enrolled (the officer's name only) and sent nothing: chased as not sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.app import batch, commune, demo, province
from desktop.app.workspace import open_workspace, set_contact
from desktop.bundle.keys import AgeIdentity
from desktop.shared.paths import Paths
from tests.province.communes import make_commune

A, B, C, D = "09319", "09247", "09253", "09187"
CONTACTS = {A: ("0912 345 678", "thidua@tiendu.bacninh.gov.vn"), B: ("0222.3854.123", ""),
            C: ("+84 987 654 321", "vanphong.c@bacninh.gov.vn")}


@dataclass
class Week:
    paths: Paths
    files: dict[str, list[Path]]
    damaged: dict[str, Path]


def _damaged(src: Path, folder: Path) -> Path:
    data = bytearray(src.read_bytes())
    data[len(data) // 2] ^= 0xFF
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / src.name  # the name it came by: the commune it claims
    out.write_bytes(bytes(data))
    return out


def build_week(province_paths: Paths, tmp_path: Path) -> Week:
    pdb = open_workspace(province_paths)
    try:
        province.init_province(pdb, province_paths)
        key = province.public_key_file(province_paths)
        identity = AgeIdentity.load(province.keys_dir(province_paths) / province.IDENTITY_FILE)
        files: dict[str, list[Path]] = {}
        for code in (A, B, C, D):
            cp, cdb = make_commune(tmp_path, code, 3, key)
            try:
                if code in CONTACTS:
                    set_contact(cdb, *CONTACTS[code])
                province.enrol(pdb, commune.enrol_request(cdb, cp))
                if code == D:
                    continue
                usb = tmp_path / f"usb{code}"
                files[code] = [commune.export(cdb, cp, usb, "2026").path]
                if code in (A, B):
                    demo.fill(cdb, people=1, seed=7)
                    files[code].append(commune.export(cdb, cp, usb, "2026").path)
            finally:
                cdb.dispose()
        damaged = {B: _damaged(files[B][0], tmp_path / "monday"), C: _damaged(files[C][0], tmp_path / "wednesday")}
        batch.run_batch(pdb, province_paths, [damaged[B]], identity=identity)                          # Monday
        batch.run_batch(pdb, province_paths, [*files[A], *files[B], damaged[C]], identity=identity)  # Wednesday
    finally:
        pdb.dispose()
    return Week(province_paths, files, damaged)
