"""The exit statuses of every `kg` command, defined once (kg/commands/exits.py prints the errors).

A script can tell what happened from the number alone, whichever subcommand it ran.
"""

from __future__ import annotations

OK = 0
#: it ran and the answer is "no": the graph violates the shapes (the build's generation is still
#: written), no path joins two actors
CHECK_FAILED = 1
#: it could not run as asked: a wrong option (click's usage errors exit 2 too), or an input, store,
#: query, shapes file or output that cannot be used; `kg build`: no usable article, nothing written
UNUSABLE = 2
#: `kg build --strict`: built, but some inputs were unusable and skipped
PARTIAL = 3
#: out of space or another I/O error while writing; the previous output stays as it was
WRITE_FAILED = 4
#: the output folder or store is locked by a writable `kg serve` or a build
LOCKED = 5
#: the SPARQL server named as the store is down, refuses us, or failed a load
REMOTE_STORE = 6
#: interrupted (Ctrl-C, 128 + SIGINT); the previous output stays as it was
INTERRUPTED = 130

#: the paragraph every subcommand's --help ends with
EXIT_STATUS = (
    "\b\nExit status:\n"
    "  0    done\n"
    "  1    the graph fails the check (shape violations; no path between actors)\n"
    "  2    an option, input, store, query or output cannot be used (the message,\n"
    "       `kg COMMAND: ...`, names it and says why)\n"
    "  3    kg build --strict: built, but some inputs were skipped\n"
    "  4    out of space or another I/O error while writing (the previous output stays)\n"
    "  5    the output folder is locked by a writable `kg serve` or a build\n"
    "  6    the SPARQL server named as the store is down, refuses us, or failed a load\n"
    "  130  interrupted (the previous output stays)"
)
