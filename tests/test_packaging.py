"""The package as installed: every folder ships, and only the CLI imports the server."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _folders(top: str, dotted: str | None = None) -> set[str]:
    """Dotted names of the folders under `top` that hold files (what setuptools must ship)."""
    base = ROOT / top
    return {".".join((dotted or top, *p.relative_to(base).parts)) for p in [base, *base.rglob("*")]
            if p.is_dir() and "__pycache__" not in p.parts and any(c.is_file() for c in p.iterdir())}


def test_every_folder_of_kg_and_server_is_a_listed_package():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    found = _folders("kg") | _folders("server")
    found |= _folders("ontology", "kg.ontology") | _folders("queries", "kg.queries")  # installed inside kg
    assert found - listed == set(), "add these folders to [tool.setuptools] packages in pyproject.toml"
    assert listed - found == set(), "these listed packages have no folder"
    assert config["package-dir"] == {"kg.ontology": "ontology", "kg.queries": "queries"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
            names.add(str(node.args[0].value).split(".")[0])
    return names


def test_only_the_commands_import_the_server():
    offenders = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "kg").rglob("*.py")
                       if "commands" not in p.relative_to(ROOT / "kg").parts[:1] and "server" in _imports(p))
    assert offenders == [], "only kg/commands/ may import server (the CLI wires the service up)"


def test_the_import_scan_sees_imports(tmp_path: Path):
    sample = tmp_path / "m.py"
    sample.write_text("def f():\n    from server.app import create_app\n", encoding="utf-8")
    assert "server" in _imports(sample)
    sample.write_text("import importlib\nimportlib.import_module('server.safety')\n", encoding="utf-8")
    assert "server" in _imports(sample)
