"""The official list of Bắc Ninh's communes and wards, from the vietnam-provinces package."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from desktop.shared.text import fold

PROVINCE_CODE = 24


@dataclass(frozen=True)
class Unit:
    code: str          # official 5-digit code, e.g. "09319"
    name: str          # "Xã Tiên Du"
    kind: str          # "xã" or "phường"

    @property
    def short_name(self) -> str:
        """The place name without its kind, as used on the place-and-date line ("Tiên Du")."""
        for prefix in ("Phường ", "Xã ", "Thị trấn "):
            if self.name.startswith(prefix):
                return self.name[len(prefix):]
        return self.name

    @property
    def body_name(self) -> str:
        """Issuing body line: "UBND XÃ TIÊN DU"."""
        return f"ỦY BAN NHÂN DÂN {self.name.upper()}"


@lru_cache(maxsize=1)
def bac_ninh_units() -> tuple[Unit, ...]:
    from vietnam_provinces import Ward

    units = [
        Unit(code=f"{int(w.code):05d}", name=w.name, kind=str(w.division_type.value))
        for w in Ward.iter_all()
        if int(w.province_code) == PROVINCE_CODE
    ]
    units.sort(key=lambda u: fold(u.name))
    return tuple(units)


def find_unit(code: str) -> Unit | None:
    code = (code or "").strip()
    if code.isascii() and code.isdigit() and len(code) <= 5:  # ASCII digits only: not "٠٩٣١٩"
        code = code.zfill(5)
    return next((u for u in bac_ninh_units() if u.code == code), None)


def unknown_unit_message(code: str) -> str:
    return (
        f"Mã đơn vị “{code}” không có trong danh sách 99 xã, phường của tỉnh Bắc Ninh. "
        "Mã là 5 chữ số theo danh mục đơn vị hành chính (ví dụ 09319 là Xã Tiên Du). "
        "Xem danh sách mã bằng lệnh: python -m desktop units"
    )
