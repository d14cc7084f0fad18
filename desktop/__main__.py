"""Entry point: ``python -m desktop`` opens the window; a command (desktop.cli.registry) runs headless.

Exit codes: 0 success, 1 the work failed (message says why), 2 usage error or unknown input.
"""

from __future__ import annotations

import sys

from desktop.cli import registry


def main(argv: list[str] | None = None) -> int:
    args = registry.parse(argv)
    paths = registry.paths_of(args)
    registry.setup_logging(paths)  # the window logs too: the Windows build has no console
    if args.command is None:
        from desktop.ui.app import run

        return run(paths)
    return registry.run(args, paths)


if __name__ == "__main__":
    sys.exit(main())
