"""Node positions shared by the static pictures and the interactive view.

Kamada-Kawai gives the most readable drawing of a small connected graph, but on a
disconnected one it flings the components apart (unreachable pairs get a huge target
distance). So each connected component is laid out on its own (Kamada-Kawai when small,
a seeded spring layout when large) and the components are then packed in rows, biggest
first, each scaled by the square root of its size so dense groups get more room.
"""

from __future__ import annotations

import json
import math
from functools import cache
from importlib import resources
from typing import Any

import networkx as nx
import numpy as np

from kg.actors.analyses import undirected

STYLE_FILE = resources.files("kg") / "data" / "actor-style.json"
#: above this many actors a component is laid out by the (much cheaper) spring layout
KAMADA_KAWAI_MAX = 150
SEED = 7


@cache
def style() -> dict[str, Any]:
    """Colours and line styles of types and relations (kg/data/actor-style.json)."""
    return json.loads(STYLE_FILE.read_text(encoding="utf-8"))


def positions(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """x, y in [0, 1] x [0, 1] (y up) for every actor; deterministic for a given graph."""
    u = undirected(graph)
    comps = sorted((sorted(c) for c in nx.connected_components(u)), key=lambda c: (-len(c), c[0]))
    if not comps:
        return {}
    boxes = []
    for comp in comps:
        sub = u.subgraph(comp)
        if len(comp) == 1:
            local = {comp[0]: np.zeros(2)}
        elif len(comp) <= KAMADA_KAWAI_MAX:
            local = nx.kamada_kawai_layout(sub, weight=None)
        else:
            k = 1.5 / math.sqrt(len(comp))
            local = nx.spring_layout(sub, k=k, iterations=80, seed=SEED, weight=None)
        pts = np.array([local[n] for n in comp], dtype=float)
        pts -= pts.min(axis=0)
        span = max(float(pts.max()), 1e-9)
        size = math.sqrt(len(comp))
        pts = pts / span * size if len(comp) > 1 else pts
        boxes.append((comp, pts, size))
    return _pack(boxes)


def _pack(boxes: list[tuple[list[str], np.ndarray, float]]) -> dict[str, tuple[float, float]]:
    """Shelf packing: components left to right, a new row when the row is full."""
    total = sum(max(size, 1.0) ** 2 for _, _, size in boxes)
    row_width = max(math.sqrt(total) * 1.3, boxes[0][2])
    gap = 0.6
    x = y = row_height = 0.0
    placed: dict[str, np.ndarray] = {}
    for comp, pts, size in boxes:
        width = max(size, 0.0)
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y - row_height - gap, 0.0
        for node, p in zip(comp, pts, strict=True):
            placed[node] = np.array([x + p[0], y - p[1]])
        x += width + gap
        row_height = max(row_height, size)
    pts = np.array(list(placed.values()))
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    span = max(float((hi - lo).max()), 1e-9)
    return {n: (float((p[0] - lo[0]) / span), float((p[1] - lo[1]) / span)) for n, p in placed.items()}
