"""Where the folders kg ships beside its code are: `queries/`, `ontology/`, and the server's assets.

The repository keeps `ontology/` and `queries/` at the top (they are read by people and by
other tools, not only by kg); a wheel installs them inside the package as `kg/ontology/` and
`kg/queries/` (pyproject.toml maps them). Both layouts are found here, through
importlib.resources, so no other module works out paths from its own file.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

#: the top-level data folders that travel with the `kg` package
FOLDERS = ("ontology", "queries")


class ResourceError(Exception):
    """A shipped folder is missing: the installation is incomplete."""


def _as_path(traversable) -> Path:
    # pip installs wheels unpacked, so the resources are files on disk; a zipped install is refused.
    path = Path(str(traversable))
    if not path.exists():
        raise ResourceError(f"{traversable}: not found on disk (kg must be installed unpacked)")
    return path


def folder(name: str) -> Path:
    """The shipped folder `name` (one of FOLDERS): inside the installed package, else beside it."""
    if name not in FOLDERS:
        raise ValueError(f"{name!r} is not a shipped folder; there are {', '.join(FOLDERS)}")
    root = resources.files("kg")
    inside = root / name
    if inside.is_dir():  # an installed wheel
        return _as_path(inside)
    beside = Path(str(root)).parent / name  # a source checkout (editable install or PYTHONPATH)
    if beside.is_dir():
        return beside
    raise ResourceError(f"the shipped {name}/ folder is missing from {root} and {beside.parent}: "
                        "reinstall kg")


def ontology_file(name: str) -> Path:
    """A file of the ontology folder (kg.ttl, shapes.ttl)."""
    return folder("ontology") / name


def query_folder() -> Path:
    """The shipped saved queries."""
    return folder("queries")


def server_assets(*parts: str) -> Path:
    """A file or folder under the `server` package (templates, static): read as data only.

    kg does not import the server's code (only kg/commands does); the standalone actor page
    reuses the server's templates and scripts so that both views are the same page.
    """
    return _as_path(resources.files("server").joinpath(*parts))
