"""Errors the officer can act on, with messages in Vietnamese.

Two kinds of failure exist in this app: known ones (this class family), shown as they are, and bugs,
logged with a trace and shown with an apology by the UI.
"""

from __future__ import annotations


class UserError(Exception):
    """A known problem with a message in Vietnamese that says what is wrong and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ValidationError(UserError):
    """Field errors (block saving) and warnings (may be overridden by the officer)."""

    def __init__(self, errors: dict[str, str], warnings: dict[str, str] | None = None):
        self.errors = dict(errors)
        self.warnings = dict(warnings or {})
        parts = [f"{msg}" for msg in self.errors.values()] or [f"{msg}" for msg in self.warnings.values()]
        super().__init__("; ".join(parts))

    @property
    def only_warnings(self) -> bool:
        return not self.errors and bool(self.warnings)


class NotFoundError(UserError):
    pass
