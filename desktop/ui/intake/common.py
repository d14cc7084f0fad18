"""What the province's intake dialogs share: the passphrase of the province's keys, refreshing the
board and the Tổng hợp page."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QInputDialog,
    QLineEdit,
)

from desktop.ui.i18n import tr


def ask_province_passphrase(parent, paths, why: str = "") -> str | None | bool:
    """The passphrase of the province's keys when the first-run wizard protected them with one (None
    when they are protected by this PC's account; False when the clerk cancelled)."""
    from desktop.app import province

    if province.identity_protection(paths) != "passphrase":
        return None
    text, ok = QInputDialog.getText(parent, tr("Mật khẩu khóa của Sở"),
                                    why or tr("Nhập mật khẩu bảo vệ khóa của Sở:"), QLineEdit.EchoMode.Password)
    return text if ok else False


def _refresh_views(window) -> None:
    """The intake board and the Tổng hợp page after something changed what was received."""
    for key in ("province", "consolidated"):
        page = window.extra_pages.get(key)
        if page is not None:
            page.refresh()


def _refresh_province_page(window) -> None:
    page = window.extra_pages.get("province")
    if page is not None:
        page.refresh()

