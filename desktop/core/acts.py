"""The legal frame of the acts the app issues, as data (Qt-free): the texts each act cites ("Căn cứ …")
and who signs it and how (resources/documents/legal_bases.json, signing.json; docs/catalog.md).

A maintainer edits the two files when a law, decree or provincial decision is replaced or the signing
practice changes; the loader checks every entry and refuses a malformed file with a message naming the
entry. Documents already issued keep the lines they were issued with: their content is frozen.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from desktop.shared.errors import UserError
from desktop.shared.paths import resources_dir
from desktop.shared.text import nfc

BASES_FILE = "legal_bases.json"
SIGNING_FILE = "signing.json"
FORMAT = 1
PREFIXES = ("", "TM.", "KT.", "Q.", "TL.", "TUQ.")
COMPETENCES = ("chairman", "committee")
TEXT_KINDS = ("Luật", "Nghị định", "Thông tư", "Quyết định", "Nghị quyết")


@dataclass(frozen=True)
class LegalText:
    key: str
    kind: str            # "Luật", "Nghị định", ...
    number: str          # "152/2025/NĐ-CP"
    date: dt.date        # of signing / adoption
    issuer: str          # "Chính phủ"
    title: str
    in_force: dt.date
    until: dt.date | None
    source: str

    def citation(self) -> str:
        """The full citation: number, date, issuer and title (a law: its name, number and date)."""
        # decree 30's date rule: days under 10 and months 1-2 with a leading zero
        month = f"{self.date.month:02d}" if self.date.month < 3 else str(self.date.month)
        when = f"ngày {self.date.day:02d} tháng {month} năm {self.date.year}"
        if self.kind == "Luật":
            return f"Luật {self.title} số {self.number} {when}"
        return f"{self.kind} số {self.number} {when} của {self.issuer} {self.title}"

    def short(self) -> str:
        """A later mention in the same document: "Nghị định số 152/2025/NĐ-CP"."""
        return f"Luật {self.title}" if self.kind == "Luật" else f"{self.kind} số {self.number}"

    def in_force_on(self, on: dt.date) -> bool:
        return self.in_force <= on and (self.until is None or on < self.until)


@dataclass(frozen=True)
class SigningRule:
    act: str
    label: str
    competence: str      # chairman: his own competence ("CHỦ TỊCH"); committee: the collective body ("TM.")
    default: str
    allowed: tuple[str, ...]


def _fail(file: Path, where: str, what: str) -> UserError:
    return UserError(f"Tệp {file.name} (căn cứ pháp lý, thẩm quyền ký) bị sai ở {where}: {what}. Hãy cài lại "
                     "phần mềm hoặc báo người bảo trì danh mục.")


def _read(file: Path) -> dict:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UserError(f"Không đọc được tệp {file.name} (căn cứ pháp lý, thẩm quyền ký): {exc}. Hãy cài lại "
                        "phần mềm.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _fail(file, "format", f"cần định dạng {FORMAT}")
    return data


def _date(file: Path, where: str, value: Any) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise _fail(file, where, f"ngày “{value}” không đúng dạng YYYY-MM-DD") from None


def _text(file: Path, key: str, raw: Any) -> LegalText:
    if not isinstance(raw, dict):
        raise _fail(file, key, "cần một đối tượng")
    for name in ("kind", "number", "date", "issuer", "title", "in_force", "source"):
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            raise _fail(file, f"{key}.{name}", "thiếu hoặc rỗng")
    if raw["kind"] not in TEXT_KINDS:
        raise _fail(file, f"{key}.kind", f"phải là một trong {', '.join(TEXT_KINDS)}")
    until = raw.get("until")
    return LegalText(key, nfc(raw["kind"]), nfc(raw["number"]), _date(file, f"{key}.date", raw["date"]),
                     nfc(raw["issuer"]), nfc(raw["title"]), _date(file, f"{key}.in_force", raw["in_force"]),
                     _date(file, f"{key}.until", until) if until else None, raw["source"])


@dataclass(frozen=True)
class LegalFrame:
    version: str
    texts: dict[str, LegalText]
    acts: dict[str, tuple[str, ...]]
    signing: dict[str, SigningRule]

    def cited(self, act: str, on: dt.date) -> list[LegalText]:
        """The texts ``act`` cites that are in force on ``on``, in the order of the data."""
        if act not in self.acts:
            raise KeyError(act)
        return [t for t in (self.texts[k] for k in self.acts[act]) if t.in_force_on(on)]

    def bases(self, act: str, on: dt.date) -> list[str]:
        """The "Căn cứ …;" lines of ``act`` signed on ``on``, each text cited in full."""
        return [f"Căn cứ {t.citation()};" for t in self.cited(act, on)]

    def signing_rule(self, act: str) -> SigningRule:
        return self.signing[act]


def _load_bases(file: Path) -> tuple[str, dict[str, LegalText], dict[str, tuple[str, ...]]]:
    data = _read(file)
    raw_texts = data.get("texts")
    if not isinstance(raw_texts, dict) or not raw_texts:
        raise _fail(file, "texts", "cần danh sách văn bản")
    texts = {k: _text(file, k, v) for k, v in raw_texts.items()}
    acts: dict[str, tuple[str, ...]] = {}
    for act, raw in (data.get("acts") or {}).items():
        cites = raw.get("cites") if isinstance(raw, dict) else None
        if not isinstance(cites, list) or not all(isinstance(c, str) for c in cites):
            raise _fail(file, f"acts.{act}.cites", "cần danh sách mã văn bản")
        unknown = [c for c in cites if c not in texts]
        if unknown:
            raise _fail(file, f"acts.{act}.cites", f"không có văn bản {', '.join(unknown)}")
        acts[act] = tuple(cites)
    return str(data.get("version", "")), texts, acts


def _load_signing(file: Path) -> dict[str, SigningRule]:
    data = _read(file)
    out: dict[str, SigningRule] = {}
    for act, raw in (data.get("acts") or {}).items():
        if not isinstance(raw, dict):
            raise _fail(file, f"acts.{act}", "cần một đối tượng")
        allowed = raw.get("allowed")
        if not isinstance(allowed, list) or not allowed or any(p not in PREFIXES for p in allowed):
            raise _fail(file, f"acts.{act}.allowed", f"mỗi thẩm quyền phải là một trong {PREFIXES}")
        if raw.get("default") not in allowed:
            raise _fail(file, f"acts.{act}.default", "phải là một trong các thẩm quyền được phép")
        if raw.get("competence") not in COMPETENCES:
            raise _fail(file, f"acts.{act}.competence", f"phải là một trong {COMPETENCES}")
        out[act] = SigningRule(act, nfc(raw.get("label", act)), raw["competence"], raw["default"], tuple(allowed))
    return out


def load(folder: Path | None = None) -> LegalFrame:
    folder = folder or resources_dir() / "documents"
    version, texts, acts = _load_bases(folder / BASES_FILE)
    return LegalFrame(version, texts, acts, _load_signing(folder / SIGNING_FILE))


@lru_cache(maxsize=1)
def frame() -> LegalFrame:
    """The installed frame (read once per process)."""
    return load()


# --------------------------------------------------------------------------- signing

_PREFIX_WORDS = {"": "Chủ tịch ký", "TM.": "TM. (thay mặt Ủy ban nhân dân)", "KT.": "KT. (Phó Chủ tịch ký thay)",
                 "Q.": "Q. (quyền Chủ tịch)", "TL.": "TL. (thừa lệnh)", "TUQ.": "TUQ. (thừa ủy quyền)"}


def _is_deputy(title: str) -> bool:
    return nfc(title).strip().lower().startswith("phó")


def resolve_prefix(act: str, prefix: str | None) -> str:
    """The prefix an act is signed with: the officer's choice, or the act's default when none."""
    return frame().signing_rule(act).default if prefix is None else prefix


def effective_prefix(act: str, prefix: str | None) -> str:
    """The prefix an act is printed with: ``prefix`` when the act allows it, else the act's default (an
    older act signed "TM." being repealed or corrected by the chairman's own decision)."""
    rule = frame().signing_rule(act)
    return prefix if prefix in rule.allowed else rule.default


def prefix_problem(act: str, prefix: str, signer_title: str) -> str | None:
    """Why ``prefix`` with a signer titled ``signer_title`` cannot sign ``act``, or None."""
    rule = frame().signing_rule(act)
    if prefix not in rule.allowed:
        allowed = "; ".join(_PREFIX_WORDS[p] for p in rule.allowed)
        why = ("thuộc thẩm quyền của Chủ tịch nên không ký “TM. Ủy ban nhân dân”" if rule.competence == "chairman"
               and prefix == "TM." else "không ký với thẩm quyền này")
        return f"{rule.label} {why}. Chọn: {allowed}."
    deputy = _is_deputy(signer_title)
    if prefix == "KT." and not deputy:
        return "Ký thay (KT.) là Phó Chủ tịch ký thay Chủ tịch: chức vụ người ký phải là “Phó Chủ tịch”."
    if prefix in ("", "TM.") and deputy:
        return "Phó Chủ tịch ký thì chọn thẩm quyền “KT.” (ký thay Chủ tịch)."
    return None


def signature_lines(act: str, prefix: str, signer_title: str, body: str = "ỦY BAN NHÂN DÂN") -> tuple[list[str], str]:
    """The lines above the signature ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH") and the signer's title line,
    capitals, for ``act`` signed with ``prefix`` by a signer titled ``signer_title``."""
    title = nfc(signer_title or "Chủ tịch").upper()
    committee = frame().signing_rule(act).competence == "committee" if act in frame().signing else False
    lines: list[str] = []
    if prefix == "TM." or (committee and prefix == "KT."):
        lines.append(f"TM. {body}")
    if prefix == "KT.":
        lines.append("KT. CHỦ TỊCH")
    elif prefix == "Q.":
        title = "Q. CHỦ TỊCH"
    elif prefix in ("TL.", "TUQ."):
        lines.append(f"{prefix} CHỦ TỊCH")
    return lines, title
