"""Refusals of a data file, each with a stable code (for scripts and tests) and a Vietnamese reason."""

from __future__ import annotations

from desktop.shared.errors import UserError


class BundleRefused(UserError):
    """The file is not accepted. ``code`` is stable; ``message`` says what is wrong and what to do."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


class KeyProblem(UserError):
    """A key file is missing, damaged, or its passphrase is wrong."""
