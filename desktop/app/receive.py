"""``receive``: the one door at the commune for everything the province sends (docs/bundle-format.md §5).

Receipts and resume points go where they always went (desktop.app.commune.import_statement); results
and catalog updates are verified against the installed province key, then applied in one transaction
(desktop.app.results, desktop.app.catalog_update) and recorded in received_statement: the same file
twice changes nothing, and a refused file changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError

from desktop.app import exchange
from desktop.bundle import results
from desktop.bundle.container import sha256
from desktop.core.labels import NOT_SET_UP
from desktop.shared.errors import UserError
from desktop.shared.fmt import to_vn
from desktop.shared.i18n import tr
from desktop.shared.paths import Paths
from desktop.shared.text import one_line
from desktop.store.db import Database
from desktop.store.models_bundle import ReceivedStatement

MAX_BYTES = results.MAX_BYTES  # what is read of a file before anything else (a results file at most)
KIND_WORDS = {"results": "kết quả khen thưởng", "catalog": "cập nhật danh mục"}


@dataclass(frozen=True)
class Received:
    kind: str        # receipt | resume | results | catalog
    message: str     # for the officer, Vietnamese
    applied: bool    # False: the same file had been received before (nothing changed)


def receive(db: Database, paths: Paths, data: bytes) -> Received:
    """Verify and apply one file from the province. Raises UserError (nothing changed) when refused."""
    from desktop.app.commune import import_statement, province_key

    ws = db.workspace()
    if ws is None or ws.kind != "commune":
        raise UserError(tr(NOT_SET_UP))
    kind = results.peek_type(data)
    if kind is None:  # a receipt or a resume point: small, as before
        if len(data) > 64 * 1024:
            raise UserError("Tệp này không phải tệp do Sở Nội vụ gửi (biên nhận, điểm nối tiếp, kết quả khen thưởng "
                            "hay cập nhật danh mục). Hãy kiểm tra lại tệp đã chọn.")
        text = import_statement(db, paths, data)
        return Received("resume" if text.startswith("Đã nhận điểm nối tiếp") else "receipt", text, True)
    doc = results.open_large(data, province_key(paths).signing_public)
    if kind == results.RESULTS and doc.get("commune_code") != ws.unit_code:
        raise UserError(f"Tệp kết quả này dành cho đơn vị mã {one_line(doc.get('commune_code'), 12)}, không phải "
                        f"{ws.unit_name}. Không nhập gì.")
    if doc.get("type") != kind:
        raise UserError("Tệp của Sở Nội vụ không hợp lệ. Hãy đề nghị Sở Nội vụ gửi lại tệp.")
    digest = sha256(data)
    try:
        return _apply(db, paths, "results" if kind == results.RESULTS else "catalog", doc, digest)
    except OperationalError as exc:
        if exchange.is_busy(exc):
            raise UserError(exchange.BUSY) from None
        raise


def _apply(db: Database, paths: Paths, kind: str, doc: dict, digest: str) -> Received:
    from desktop.app.catalog_update import apply_catalog
    from desktop.app.catalogs import catalog_in_use
    from desktop.app.results import apply_results

    catalog = catalog_in_use(db, paths.data_dir)
    try:
        with db.session() as s, s.begin():
            before = s.scalar(select(ReceivedStatement).where(ReceivedStatement.file_sha256 == digest))
            if before is not None:
                when = to_vn(before.applied_at).strftime("%H:%M ngày %d/%m/%Y")
                return Received(kind, f"Tệp {KIND_WORDS[kind]} này đã nhận trước đó (lúc {when}); không thay đổi "
                                      "gì.", False)
            text = apply_results(s, doc, digest, catalog) if kind == "results" else \
                apply_catalog(s, paths, doc, digest)
    except IntegrityError:  # the same file applied at the same moment by another window
        return Received(kind, f"Tệp {KIND_WORDS[kind]} này đã nhận trước đó; không thay đổi gì.", False)
    return Received(kind, text, True)


__all__ = ["MAX_BYTES", "Received", "receive"]
