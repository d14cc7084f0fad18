"""In lại biên nhận: a commune's receipt signed again and shown in the preview."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QInputDialog,
)

from desktop.shared.errors import UserError
from desktop.ui import prompts
from desktop.ui.bundle_ui import _preview
from desktop.ui.i18n import tr
from desktop.ui.intake.common import ask_province_passphrase


def reprint_receipt(window, code: str, sequence: int | None = None) -> Path | None:
    """In lại biên nhận: the signed receipt of one of the commune's accepted files made again (into
    bien-nhan/, to send to the commune) and its printable copy in the preview. ``sequence``: that
    file's (the commune's page), else the clerk is asked which."""
    from desktop.app import province
    from desktop.app.receipts import write_receipt

    last = int(province.stats(window.db).get(code, {}).get("last_sequence") or 0)
    if not last:
        prompts.inform(window, tr("In lại biên nhận"), tr("Sở chưa nhận tệp nào của đơn vị này."))
        return None
    if sequence is not None:
        seq = sequence
    else:
        seq, ok = QInputDialog.getInt(window, tr("In lại biên nhận"), tr("Biên nhận của tệp số:"), last, 1, last)
        if not ok:
            return None
    phrase = ask_province_passphrase(window, window.paths, tr("Biên nhận được ký bằng khóa của Sở. Nhập mật khẩu bảo vệ khóa "
                                                "của Sở:"))
    if phrase is False:
        return None
    try:
        data = province.reissue_receipt(window.db, window.paths, code, seq, passphrase=phrase)
        result = province.ImportResult("accepted", code, "", seq, "", {}, receipt=data)
        target = write_receipt(window.paths.data_dir / "bien-nhan", result)
    except UserError as exc:
        prompts.error(window, tr("Chưa in lại được biên nhận"), exc.message)
        return None
    _preview(window, lambda: province.receipt_document(window.db, code, seq), f"bien-nhan-{code}-so{seq:04d}.pdf")
    return target

