"""Problems with the database file, each with a Vietnamese message saying what to do."""

from __future__ import annotations

from desktop.shared.errors import UserError


class StorageError(UserError):
    """The database file cannot be used as it is. ``kind`` tells the UI what to offer."""

    kinds = ("damaged", "foreign", "locked", "readonly", "newer", "missing_dir")

    def __init__(self, kind: str, message: str, path: str = ""):
        super().__init__(message)
        self.kind = kind
        self.path = path

    @property
    def offers_restore(self) -> bool:
        """Damaged or foreign files can be replaced by a backup (the file itself is kept aside)."""
        return self.kind in ("damaged", "foreign")
