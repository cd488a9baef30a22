"""What every `kg` subcommand exits with, and how it says what went wrong.

One convention for all subcommands, documented in each one's --help (EXIT_STATUS):

* 0 — done;
* 1 — it ran, and the answer is "no": the graph violates the shapes, no path joins two actors;
* 2 — it could not run as asked: a wrong option (click's usage errors exit 2 too), or an input,
  store, query, shapes file or output that cannot be used; the message names it and says why;
* 3 — `kg build --strict`: built, but some inputs were unusable and skipped.

Errors are printed to standard error as `kg COMMAND: message`, never as a traceback.
"""

from __future__ import annotations

from typing import NoReturn

import click

OK = 0
CHECK_FAILED = 1
UNUSABLE = 2
PARTIAL = 3

#: the --help epilog paragraph every subcommand shows
EXIT_STATUS = (
    "\b\nExit status:\n"
    "  0  done\n"
    "  1  the graph fails the check (shape violations; no path between actors)\n"
    "  2  an option, input, store, query or output cannot be used (the message,\n"
    "     `kg COMMAND: ...`, names it and says why)\n"
    "  3  kg build --strict: built, but some inputs were skipped"
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
