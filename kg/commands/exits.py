"""How every `kg` subcommand says what went wrong: `kg COMMAND: message` on stderr and its exit status.

The statuses themselves are kg/exit_codes.py (0 done, 1 the check failed, 2 cannot be used as
asked, 3 a strict build skipped inputs, 4 a write failed, 5 locked, 130 interrupted); every
subcommand's --help ends with them (`epilog`). Errors never show a traceback.
"""

from __future__ import annotations

from typing import NoReturn

import click

from kg.exit_codes import (  # noqa: F401 - the commands take the codes from here with the helpers
    CHECK_FAILED,
    EXIT_STATUS,
    INTERRUPTED,
    LOCKED,
    OK,
    PARTIAL,
    UNUSABLE,
    WRITE_FAILED,
)


class CommandError(click.ClickException):
    """A failure the user can fix, printed as `kg COMMAND: message` with exit status 2 (or `code`)."""

    def __init__(self, message: str, code: int = UNUSABLE) -> None:
        super().__init__(message)
        self.exit_code = code
        ctx = click.get_current_context(silent=True)
        self.command = ctx.command.name if ctx is not None and ctx.command is not None else None

    def format_message(self) -> str:
        return f"kg {self.command}: {self.message}" if self.command else f"kg: {self.message}"

    def show(self, file=None) -> None:
        click.echo(self.format_message(), err=True)


def fail(message: str, code: int = UNUSABLE) -> NoReturn:
    """Stop the command with `message` (see CommandError)."""
    raise CommandError(message, code)


def epilog(text: str = "") -> str:
    """A subcommand's --help epilog: its examples, then the exit status convention."""
    return f"{text.rstrip()}\n{EXIT_STATUS}\n" if text else f"{EXIT_STATUS}\n"
