"""Keep the service process's memory from growing with its HTTP threads.

glibc's malloc gives each thread that allocates its own arena (up to 8 per core) and keeps
what is freed there for that arena's later use. With 16 waitress threads each building
and dropping responses, the service process grew by ~190 MB in its first busy minute on a
10,000-article store (bench/bench_load.py) while the objects alive did not (tracemalloc
flat, and flat with one thread). Two arenas are plenty for threads that mostly wait on
sockets and worker pipes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os

log = logging.getLogger("kg.memory")

#: glibc's mallopt() parameter for the most arenas (malloc.h)
M_ARENA_MAX = -8
#: arenas for the service process (MALLOC_ARENA_MAX in the environment wins)
ARENAS = 2


def limit_malloc_arenas(arenas: int = ARENAS) -> bool:
    """Cap glibc malloc arenas for threads started from now on; False where there is no glibc."""
    if os.environ.get("MALLOC_ARENA_MAX"):
        return False  # the operator chose; glibc read it at start
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # musl and others have no mallopt
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    ok = mallopt(M_ARENA_MAX, int(arenas)) == 1
    if not ok:
        log.debug("mallopt(M_ARENA_MAX, %s) refused", arenas)
    return ok
