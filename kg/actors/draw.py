"""A static picture of the actor network (PNG or SVG) good enough for a report.

Nodes are coloured and shaped by type and sized by PageRank; edges are coloured and
dashed by relation, thicker with more supporting articles, and curved apart when two
actors share several relations. Labels carry a white halo and are placed greedily,
most central actors first, on the free side of their node; when a graph is too dense to
label every actor, the least central keep no label rather than a pile of overlapping text.
Every label is in one language (`kg.actors.labels`: Indonesian by default, or English).
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.patheffects as pe  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import FancyArrowPatch  # noqa: E402

from kg.actors import labels  # noqa: E402
from kg.actors.analyses import pagerank  # noqa: E402
from kg.actors.layout import positions, style  # noqa: E402
from kg.actors.projection import relations_in  # noqa: E402
from kg.atomic_files import atomic_write  # noqa: E402

DASHES = {"solid": "-", "dashed": "--", "dotted": ":", "dashdot": "-."}
#: labels always drawn for this many of the most central actors, even when crowded
ALWAYS_LABEL = 12


def draw(graph: nx.MultiDiGraph, path: str | Path, *, title: str = "Actor network",
         lang: str = labels.DEFAULT) -> Path:
    """Write the picture to `path` (.png or .svg), atomically, labelled in `lang`."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise ValueError(f"{path}: a picture is .png or .svg")
    labels.check(lang)
    with matplotlib.rc_context({"svg.fonttype": "none"}):  # SVG text stays text: searchable, small
        fig = figure(graph, title=title, lang=lang)
        try:
            return atomic_write(path, lambda f: fig.savefig(
                f, format=fmt, dpi=150, bbox_inches="tight", facecolor="white",
                metadata={"Date": None} if fmt == "svg" else None))
        finally:
            plt.close(fig)


def figure(graph: nx.MultiDiGraph, *, title: str = "Actor network", lang: str = labels.DEFAULT) -> plt.Figure:
    """The matplotlib figure (kept separate so tests can inspect it)."""
    st = style()
    n = graph.number_of_nodes()
    side = min(22.0, max(10.0, 4.0 + 1.1 * math.sqrt(max(n, 1)) * 1.6))
    fig, ax = plt.subplots(figsize=(side * 1.25, side))
    ax.set_axis_off()
    ax.set_title(_title(graph, title), fontsize=15, fontweight="bold", loc="left", pad=14)
    fig.text(0.01, 0.01, caption(graph, lang), fontsize=9.5, color="#444444", ha="left", va="bottom", wrap=True)
    if n == 0:
        ax.text(0.5, 0.5, "No actors match these filters.", ha="center", va="center", fontsize=14)
        return fig

    pos = positions(graph)
    pr = pagerank(graph)
    top = max(pr.values()) if pr else 1.0
    sizes = {v: 180 + 2200 * (pr.get(v, 0.0) / top) ** 0.8 for v in graph}
    ax.set_xlim(-0.14, 1.14)
    ax.set_ylim(-0.08, 1.06)
    ax.set_aspect("equal")

    _draw_edges(ax, graph, pos, sizes, st)
    for type_name, spec in st["types"].items():
        members = [v for v, t in graph.nodes(data="type") if t == type_name]
        if members:
            ax.scatter([pos[v][0] for v in members], [pos[v][1] for v in members],
                       s=[sizes[v] for v in members], c=spec["color"], marker=spec["marker"],
                       edgecolors="white", linewidths=1.5, zorder=3)
    _draw_labels(fig, ax, graph, pos, sizes, pr, labels.labels(graph, lang))
    _legend(ax, graph, st)
    return fig


def _title(graph: nx.MultiDiGraph, title: str) -> str:
    articles = {a for _, _, d in graph.edges(data=True) for a in d["articles"]}
    return (f"{title}\n{graph.number_of_nodes()} actors · {graph.number_of_edges()} relations · "
            f"{len(articles)} articles")


def caption(graph: nx.MultiDiGraph, lang: str = labels.DEFAULT) -> str:
    """What the picture shows: the corpus and its dates, what is drawn, the filters and the labels' language."""
    corpus = graph.graph.get("articles", {})
    dates = sorted(a["published"] for a in corpus.values() if a.get("published"))
    span = f", {dates[0]} to {dates[-1]}" if dates else ""
    shown = {a for _, _, d in graph.edges(data=True) for a in d["articles"]}
    filters = graph.graph.get("filters") or "none"
    return (f"Corpus: {len(corpus)} articles{span}. Drawn: {graph.number_of_nodes()} actors and "
            f"{graph.number_of_edges()} relations from {len(shown)} of them. Filters: {filters}. "
            f"{labels.note(lang)}; every relation links to its evidence sentences in the interactive view.")


def _draw_edges(ax, graph, pos, sizes, st) -> None:
    pairs: dict[frozenset, list[tuple[str, str, str, int]]] = {}
    for u, v, k, w in graph.edges(keys=True, data="weight"):
        pairs.setdefault(frozenset((u, v)), []).append((u, v, k, w))
    order = list(st["relations"])
    for edges in pairs.values():
        edges.sort(key=lambda e: (order.index(e[2]) if e[2] in order else 99, e[0]))
        count = len(edges)
        for i, (u, v, k, w) in enumerate(edges):
            spec = st["relations"].get(k, {"color": "#999999", "dash": "solid"})
            # spread parallel relations symmetrically; the sign follows the direction
            rad = 0.0 if count == 1 else (i - (count - 1) / 2) * 0.18
            if u > v:
                rad = -rad
            arrow = FancyArrowPatch(
                pos[u], pos[v], arrowstyle="-|>", mutation_scale=11,
                color=spec["color"], linestyle=DASHES.get(spec["dash"], "-"),
                linewidth=0.9 + 1.3 * math.log1p(w), alpha=0.85,
                connectionstyle=f"arc3,rad={rad:.3f}",
                shrinkA=math.sqrt(sizes[u]) / 2 + 1, shrinkB=math.sqrt(sizes[v]) / 2 + 2,
                zorder=2,
            )
            ax.add_patch(arrow)


def _draw_labels(fig, ax, graph, pos, sizes, pr, names: dict[str, str]) -> None:
    renderer = fig.canvas.get_renderer()
    taken = []  # display-space boxes of placed labels and of the nodes
    for v in graph:
        x, y = ax.transData.transform(pos[v])
        r = math.sqrt(sizes[v]) / 2 * fig.dpi / 72
        taken.append((x - r, y - r, x + r, y + r))
    ranked = sorted(graph, key=lambda v: (-pr.get(v, 0.0), v))
    halo = [pe.withStroke(linewidth=3.2, foreground="white")]
    prominent = max(ALWAYS_LABEL, 40 if len(ranked) <= 40 else 0)
    for rank, v in enumerate(ranked):
        text = _short(names[v])
        radius_pt = math.sqrt(sizes[v]) / 2
        weight = "bold" if rank < prominent else "normal"
        fontsize = 10.5 if rank < prominent else 8.5
        best = None
        for dx, dy, ha, va in ((0, -1, "center", "top"), (0, 1, "center", "bottom"),
                               (1, 0, "left", "center"), (-1, 0, "right", "center"),
                               (0.75, -0.75, "left", "top"), (-0.75, 0.75, "right", "bottom")):
            label = ax.annotate(text, pos[v], xytext=(dx * (radius_pt + 3), dy * (radius_pt + 3)),
                                textcoords="offset points", ha=ha, va=va, fontsize=fontsize,
                                fontweight=weight, color="#1a1a1a", zorder=4, path_effects=halo)
            box = label.get_window_extent(renderer)
            overlap = sum(_overlap(box, t) for t in taken)
            if best is None or overlap < best[0]:
                if best is not None:
                    best[1].remove()
                best = (overlap, label, box)
            else:
                label.remove()
            if overlap == 0:
                break
        overlap, label, box = best
        if overlap > 0 and rank >= ALWAYS_LABEL:
            label.remove()
            continue
        taken.append((box.x0, box.y0, box.x1, box.y1))


def _overlap(box, other) -> float:
    w = min(box.x1, other[2]) - max(box.x0, other[0])
    h = min(box.y1, other[3]) - max(box.y0, other[1])
    return w * h if w > 0 and h > 0 else 0.0


def _short(text: str, limit: int = 34) -> str:
    """A label on one line, or on two broken between words when longer than `limit` (English names of
    institutions run long: "Ministry of Foreign Affairs of Russia"); cut with "…" beyond two lines."""
    if len(text) <= limit:
        return text
    words = text.split()
    best = None
    for i in range(1, len(words)):
        first, second = " ".join(words[:i]), " ".join(words[i:])
        if len(first) <= limit:
            width = max(len(first), len(second))
            if best is None or width < best[0]:
                best = (width, first, second)
    if best is None:
        return text[: limit - 1].rstrip() + "…"
    _, first, second = best
    return first + "\n" + (second if len(second) <= limit else second[: limit - 1].rstrip() + "…")


def _legend(ax, graph, st) -> None:
    types = sorted({t for _, t in graph.nodes(data="type")}, key=list(st["types"]).index)
    type_handles = [
        Line2D([], [], marker=st["types"][t]["marker"], color="white", markerfacecolor=st["types"][t]["color"],
               markersize=11, label=st["types"][t]["label"])
        for t in types
    ]
    rel_handles = [
        Line2D([], [], color=st["relations"][r]["color"], linestyle=DASHES[st["relations"][r]["dash"]],
               linewidth=2.2, label=st["relations"][r]["label"])
        for r in relations_in(graph) if r in st["relations"]
    ]
    first = ax.legend(handles=type_handles, title="Actors (size: PageRank)", loc="upper left",
                      bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=10, title_fontsize=10.5,
                      alignment="left")
    ax.add_artist(first)
    ax.legend(handles=rel_handles, title="Relations (width: articles)", loc="upper left",
              bbox_to_anchor=(1.01, 0.8), frameon=False, fontsize=10, title_fontsize=10.5,
              alignment="left")
