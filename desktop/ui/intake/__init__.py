"""Receiving data at the province (the clerk's side of the exchange): the submission board, importing
many files (preview, held files, receipts), enrolling communes' keys after the fingerprint check,
each commune's key history with revocation and resume points, and reprinting receipts."""


from desktop.ui.intake.board import BoardModel, ProvincePage
from desktop.ui.intake.common import ask_province_passphrase
from desktop.ui.intake.enrol import (
           EnrolDialog,
           enrol_commune,
           replace_text,
           save_public_key,
           save_resume,
)
from desktop.ui.intake.import_dialog import ImportDialog, open_import_dialog
from desktop.ui.intake.keys import KeyHistoryDialog, KeyHistoryModel, open_key_history
from desktop.ui.intake.receipts import reprint_receipt
from desktop.ui.intake.results import SendResultsDialog, send_results

__all__ = ["BoardModel", "EnrolDialog", "ImportDialog", "KeyHistoryDialog", "KeyHistoryModel", "ProvincePage",
           "ask_province_passphrase", "enrol_commune", "open_import_dialog", "open_key_history", "replace_text",
           "reprint_receipt", "save_public_key", "save_resume", "SendResultsDialog", "send_results"]
