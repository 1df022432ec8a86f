"""pyproject.toml (pip) and environment.yml (conda) list the same dependencies."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# conda splits dask[distributed] in two; everything else keeps its PyPI name.
CONDA_NAMES = {"dask[distributed]": {"dask", "distributed"}}


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ ]", spec.strip(), maxsplit=1)[0].lower()


def _pip_requirements() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = list(project["dependencies"]) + list(project["optional-dependencies"]["dev"])
    names: set[str] = set()
    for spec in specs:
        names |= CONDA_NAMES.get(_name(spec), {_name(spec)})
    return names


def _conda_requirements() -> set[str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    names: set[str] = set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            names |= {_name(d) for d in dep["pip"] if not d.startswith("-")}
        elif _name(dep) not in {"python", "pip"}:
            names.add(_name(dep))
    return names


def test_pip_and_conda_list_the_same_dependencies():
    assert _pip_requirements() == _conda_requirements()


def test_versions_agree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = {_name(s): s.split(_name(s), 1)[1].strip() for s in project["dependencies"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    for dep in env["dependencies"]:
        items = dep["pip"] if isinstance(dep, dict) else [dep]
        for d in items:
            n = _name(d)
            if n in pins and pins[n]:
                assert d.lower().endswith(pins[n].lower()), (d, pins[n])


def test_public_api_names_exist():
    import jxreport

    missing = [name for name in jxreport.__all__ if not hasattr(jxreport, name)]
    assert missing == []
    assert jxreport.parse_target("85%以上").value == 85.0
