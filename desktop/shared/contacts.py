"""How the province reaches a commune's officer: a name, a phone number and an e-mail address. The
officer types them (first run, settings); they travel in the enrolment request and in each data file's
manifest (docs/bundle-format.md) and the province keeps the latest per commune for its chase list.

One rule for every side: the commune's form refuses what the province would refuse, and the province
refuses a request or a file whose contact breaks it (a hostile value never reaches a table, a printed
list or a spreadsheet cell). Phone: 8 to 15 digits, with spaces, dots, dashes, parentheses and one
leading "+" allowed between them, at most 20 characters. E-mail: ASCII ``local@domain.tld``, at most
254 characters, no spaces, no quotes. Both may be empty (an older file, an officer who gave none)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from desktop.shared.i18n import QT_TR_NOOP, tr
from desktop.shared.text import nfc, text_problem

NAME_MAX, PHONE_MAX, EMAIL_MAX = 100, 20, 254
PHONE = re.compile(r"\+?[0-9(][0-9 .()\-]*[0-9]", re.ASCII)
EMAIL = re.compile(r"[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9\-]{1,63}(\.[A-Za-z0-9\-]{1,63})*\.[A-Za-z]{2,24}", re.ASCII)

BAD_PHONE = QT_TR_NOOP("Số điện thoại “{value}” không hợp lệ: chỉ gồm 8 đến 15 chữ số (có thể có dấu cách, dấu "
                       "chấm, gạch ngang, dấu + ở đầu), tối đa 20 ký tự, ví dụ 0912 345 678.")
BAD_EMAIL = QT_TR_NOOP("Địa chỉ thư điện tử “{value}” không hợp lệ: dạng ten@donvi.gov.vn, không dấu, không dấu "
                       "cách, tối đa 254 ký tự.")


@dataclass(frozen=True)
class Contact:
    name: str = ""
    phone: str = ""
    email: str = ""

    def as_json(self) -> dict[str, str]:
        return {"name": self.name, "phone": self.phone, "email": self.email}

    @property
    def empty(self) -> bool:
        return not (self.name or self.phone or self.email)


def _shown(value: str) -> str:
    from desktop.shared.text import one_line

    return one_line(value, 40)


def phone_problem(phone: str, translate: bool = False) -> str | None:
    """None when ``phone`` is empty or a phone number under the rule, else what is wrong."""
    if not phone:
        return None
    digits = sum(c.isdigit() for c in phone)
    if (len(phone) > PHONE_MAX or not PHONE.fullmatch(phone) or not 8 <= digits <= 15
            or phone.count("+") > 1):
        return (tr(BAD_PHONE) if translate else BAD_PHONE).format(value=_shown(phone))
    return None


def email_problem(email: str, translate: bool = False) -> str | None:
    """None when ``email`` is empty or an address under the rule, else what is wrong."""
    if not email:
        return None
    if len(email) > EMAIL_MAX or not EMAIL.fullmatch(email) or ".." in email:
        return (tr(BAD_EMAIL) if translate else BAD_EMAIL).format(value=_shown(email))
    return None


def name_problem(name: str, translate: bool = False) -> str | None:
    if len(name) > NAME_MAX:
        return tr("Họ tên cán bộ dài quá 100 ký tự.") if translate else "Họ tên cán bộ dài quá 100 ký tự."
    return text_problem(name, translate=translate)


def clean_phone(phone: str) -> str:
    """What the officer typed, trimmed, runs of spaces made one (the stored and sent form)."""
    return " ".join(nfc(phone).split())


def clean_email(email: str) -> str:
    return nfc(email).strip()


def parse_contact(value: Any) -> Contact | None:
    """A contact member of a request or manifest (``{"name", "phone", "email"}``, every member a string,
    none other), checked; None when absent (``value`` is None). Raises ValueError with the reason in
    Vietnamese for anything else."""
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) - {"name", "phone", "email"}:
        raise ValueError("mục “contact” phải gồm name, phone, email")
    got = {k: value.get(k, "") for k in ("name", "phone", "email")}
    if not all(isinstance(v, str) for v in got.values()):
        raise ValueError("mục “contact” có giá trị không phải chữ")
    problem = (name_problem(got["name"]) or phone_problem(got["phone"]) or email_problem(got["email"])
               or (None if got["phone"] == clean_phone(got["phone"]) and got["email"] == clean_email(got["email"])
                   else "mục “contact” có khoảng trắng thừa"))
    if problem:
        raise ValueError(problem)
    return Contact(**got)
