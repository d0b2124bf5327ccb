"""The subcommands of `munews`, one module each: ``add_arguments(parser)`` and ``run(args, config)``.

A command that cannot do its job raises :class:`CommandError`; :func:`crawler.cli.main` prints it
as one line, ``munews <command>: error: <message>``, and exits with its code.
"""

from __future__ import annotations

__all__ = ["CommandError"]


class CommandError(Exception):
    """A command failed for a reason the user can act on (exit 1), or was misused (exit 2)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code
