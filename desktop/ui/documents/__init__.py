"""The 'Văn bản' menu, split in two: ``view`` (the small prompts, the Excel import wizard's widgets, the
menu and the progress dialog) and ``controller`` (what each action does: building a document off the
GUI thread, previewing it, reading, checking and importing a spreadsheet, exporting the current table).
desktop.ui.reports_ui installs it in the window and keeps the names other modules import.
"""
