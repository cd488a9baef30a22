"""The interactive actor graph as one standalone HTML file (works from file://).

It is the same view as `/graph` in the query service (server/templates/actors/_view.html
and server/static/actors/), with the network, the evidence sentences, the styles and
Cytoscape.js inlined, so it can be mailed or archived with nothing to fetch.
"""

from __future__ import annotations

import json
from typing import Any

import jinja2
import networkx as nx

from kg.actors.cytoscape import cytoscape
from kg.actors.layout import style
from kg.ns import ID
from kg.resources import server_assets

TEMPLATES = server_assets("templates")
STATIC = server_assets("static", "actors")


def script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element (no `</script>` or `<!--` can close it)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def view_config(mode: str, title: str, **extra: Any) -> dict[str, Any]:
    """What actors.js needs to know besides the data."""
    return {"mode": mode, "title": title, "idBase": str(ID), "style": style(), **extra}


def standalone(graph: nx.MultiDiGraph, *, title: str = "Actor network") -> str:
    """The full HTML text."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True)
    template = env.get_template("actors/standalone.html")
    return template.render(
        title=title,
        css=(STATIC / "actors.css").read_text(encoding="utf-8"),
        config_json=script_json(view_config("standalone", title)),
        data_json=script_json(cytoscape(graph, title=title, evidence=True)),
        cytoscape_js=(STATIC / "vendor" / "cytoscape.min.js").read_text(encoding="utf-8"),
        actors_js=(STATIC / "actors.js").read_text(encoding="utf-8"),
    )
