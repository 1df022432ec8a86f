"""Where the package's own files are, and how a relative data folder is found.

The notebooks, the rule sets and the templates are package data, so an installed jxreport
(not only a git checkout) finds them; everything that needs one asks here.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

PACKAGE = Path(str(files("jxreport")))
NOTEBOOKS = PACKAGE / "notebooks"  # the report notebooks (`jxreport new` copies them)
RULESETS = PACKAGE / "rulesets"  # the built-in rule sets: mof-2020.yaml …
TEMPLATES = PACKAGE / "templates"  # page template and stylesheets


def template(name: str) -> str:
    """The text of a file in templates/ (a stylesheet, the page template)."""
    return (TEMPLATES / name).read_text(encoding="utf-8")


def resolve_dir(path) -> Path:
    """A data folder: absolute as given; else relative to the working directory where it exists
    there, else relative to ./notebooks/ (the notebooks' defaults, "../data/2022", are written
    from a project's notebooks/ folder, so they work from the project root as well)."""
    p = Path(path).expanduser()
    if p.is_absolute() or p.exists():
        return p.resolve()
    alt = Path("notebooks") / p
    return alt.resolve() if alt.exists() else p.resolve()
