"""Finished answers of the current store generation: entity pages and saved-query result pages.

Neither can change until the data does, and both are costly to make on a large store (a
popular actor's page is a second of this process's time; a saved query's first page may
sort every statement in a worker). So they are made once per generation and then served
from memory, without a worker or a client's query slot.

* Keys start with the store generation (`server.config.store_generation`); the first answer
  of a newer generation drops every older entry, and an answer of an older generation
  arriving late is not kept.
* Bounded: at most `max_bytes` (the answer bytes plus the key's text) and `max_items`
  entries, least recently used dropped first; an answer above an eighth of the budget is
  never kept (it would push out many small ones).
* One maker per key: requests that miss while the answer is being made wait for it (or for
  its error) instead of making it again, so 16 clients asking for one cold page cost one
  render, not 16 workers.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask

#: what an entry costs beside its bytes (the key tuple, the entry, the ordered dict's links)
ENTRY_OVERHEAD = 256


@dataclass
class _Flight:
    """An answer being made: followers wait on `done` and take `value` or `error`."""

    done: threading.Event = field(default_factory=threading.Event)
    value: Any = None
    error: BaseException | None = None


def key_size(key: tuple) -> int:
    """Bytes a key holds beside the answer (its strings: a saved query's text is in it)."""
    return ENTRY_OVERHEAD + sum(len(part) for part in key if isinstance(part, str | bytes))


class PageCache:
    """Answers keyed by (generation, kind, ...), bounded in bytes and entries."""

    def __init__(self, max_bytes: int = 64 * 2**20, max_items: int = 10_000) -> None:
        self.max_bytes, self.max_items = int(max_bytes), int(max_items)
        self.size = 0
        self.generation: Any = None
        self.hits = self.misses = 0
        self._items: OrderedDict[tuple, tuple[Any, int]] = OrderedDict()
        self._flights: dict[tuple, _Flight] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: tuple) -> Any | None:
        with self._lock:
            entry = self._items.get(key)
            if entry is None:
                return None
            self._items.move_to_end(key)
            return entry[0]

    def put(self, key: tuple, value: Any, nbytes: int) -> bool:
        """Keep `value` (of `nbytes` answer bytes) under `key`; False when it is not kept."""
        cost = int(nbytes) + key_size(key)
        with self._lock:
            generation = key[0]
            if self.generation is not None and generation != self.generation:
                if _older(generation, self.generation):
                    return False  # a late answer about data no longer served
                self._items.clear()
                self.size = 0
            self.generation = generation
            if cost > self.max_bytes // 8:
                return False
            old = self._items.pop(key, None)
            if old is not None:
                self.size -= old[1]
            self._items[key] = (value, cost)
            self.size += cost
            while self._items and (self.size > self.max_bytes or len(self._items) > self.max_items):
                _, (_, dropped) = self._items.popitem(last=False)
                self.size -= dropped
            return key in self._items

    def get_or_make(self, key: tuple, make: Callable[[], tuple[Any, int | None]],
                    wait: float = 60.0) -> tuple[Any, bool]:
        """(the answer, whether it came from the cache). `make()` returns (value, bytes to keep it
        under, or None not to keep it: an error page, say). Its exception reaches every waiter."""
        with self._lock:
            entry = self._items.get(key)
            if entry is not None:
                self._items.move_to_end(key)
                self.hits += 1
                return entry[0], True
            flight = self._flights.get(key)
            leader = flight is None
            if leader:
                flight = self._flights[key] = _Flight()
                self.misses += 1
        if not leader:
            if flight.done.wait(wait) and flight.error is None and flight.value is not None:
                return flight.value, True
            if flight.error is not None:
                raise flight.error
            value, _ = make()  # the maker is stuck past `wait`: answer this request on its own
            return value, False
        try:
            value, nbytes = make()
            flight.value = value
            if nbytes is not None:
                self.put(key, value, nbytes)
            return value, False
        except BaseException as exc:
            flight.error = exc
            raise
        finally:
            with self._lock:
                self._flights.pop(key, None)
            flight.done.set()

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {"items": len(self._items), "bytes": self.size, "hits": self.hits, "misses": self.misses}


def _older(a: Any, b: Any) -> bool:
    try:
        return a < b
    except TypeError:
        return False


def page_cache(app: Flask) -> PageCache:
    """The app's one cache of finished answers (sized by PAGE_CACHE_MB)."""
    cache = app.extensions.get("kg_page_cache")
    if cache is None:
        from server.config import get_config

        mb = int(get_config(app).PAGE_CACHE_MB)
        cache = app.extensions.setdefault("kg_page_cache", PageCache(mb * 2**20))
    return cache

