"""The 'Văn bản' menu: print preview, print and save as PDF of the documents; Excel import wizard
(mapping, preview of every row's problems, confirm, all or nothing); export of the current table.

This module installs it in the window and keeps the names other modules import from here. The widgets
(prompts, the wizard's dialog, the menu, the progress dialog) are in desktop.ui.documents.view; what
each action does (building a document off the GUI thread, previewing, importing, exporting) is in
desktop.ui.documents.controller. The preview window (pages drawn lazily by pypdfium2, printed one page
at a time) is in desktop.ui.preview.
"""

from __future__ import annotations

from desktop.ui.documents.controller import ImportDialog, ReportsExtension
from desktop.ui.documents.view import ask_title, ask_year, open_path, save_path
from desktop.ui.preview import PreviewDialog, render_pages

__all__ = ["ImportDialog", "PreviewDialog", "ReportsExtension", "ask_title", "ask_year", "install",
           "open_path", "render_pages", "save_path"]


def install(window) -> ReportsExtension:
    ext = ReportsExtension(window)
    window.extensions.reports = ext
    return ext
