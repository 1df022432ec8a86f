"""Executed notebooks that are the same bytes whenever the inputs are the same.

Papermill stamps every executed notebook with times (start, end, duration, per cell and
in the notebook), the kernel's message times, a random id for the injected-parameters
cell and the absolute paths of the source and of the run's temporary folder. None of
them says anything about the report, and they make two runs of the same inputs differ,
so that a manifest could never serve as the record of what a report was built from.
Here they are removed or fixed; the parameters, outputs and execution counts stay.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from jxreport.core.paths import PACKAGE

# Papermill's volatile fields, in the notebook's and in each cell's metadata.papermill.
_TIMES = ("start_time", "end_time", "duration")
INJECTED_ID = "injected-parameters"


def rel_name(path, root) -> str:
    """A notebook's name relative to the project root, or to the package for a built-in one."""
    for p in (Path(os.path.abspath(path)), Path(path).resolve()):
        for base, prefix in ((Path(root).resolve(), ""), (PACKAGE, "jxreport/"), (PACKAGE.resolve(), "jxreport/")):
            try:
                return prefix + p.relative_to(base).as_posix()
            except ValueError:
                pass
    return Path(path).name


def source_ids(path) -> list[str]:
    """The cell ids of the source notebook (none for an nbformat < 4.5 notebook)."""
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
        return [c["id"] for c in nb.get("cells", []) if isinstance(c, dict) and c.get("id")]
    except (OSError, ValueError, TypeError):
        return []


def normalize(nb, *, source, output_rel: str, root) -> None:
    """Strip times and temporary paths from an executed notebook (in place); fix its cell ids.

    A cell keeps the id it has in the source; any other (the injected-parameters cell,
    or ids nbformat made up for an old notebook) gets one derived from its position.
    """
    pm = nb.metadata.get("papermill")
    if pm is not None:
        for key in _TIMES:
            if key in pm:
                pm[key] = None
        pm["input_path"] = rel_name(source, root)
        pm["output_path"] = output_rel
    known = set(source_ids(source))
    used: set[str] = set()
    for k, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)  # the kernel's iopub/shell message times
        cpm = cell.metadata.get("papermill")
        if cpm is not None:
            for key in _TIMES:
                if key in cpm:
                    cpm[key] = None
        if "id" not in cell:
            continue
        cid = cell.get("id")
        if cid not in known or cid in used:
            tags = cell.metadata.get("tags") or ()
            cid = INJECTED_ID if "injected-parameters" in tags and INJECTED_ID not in used else f"jx-cell-{k:03d}"
            while cid in used or cid in known:
                cid += "-x"
            cell["id"] = cid
        used.add(cid)


def write_normalized(nb, path, *, source, output_rel: str, root) -> None:
    """Normalise `nb` and write it to `path` (replacing what papermill wrote)."""
    import nbformat

    normalize(nb, source=source, output_rel=output_rel, root=root)
    nbformat.write(nb, str(path))


__all__ = ["INJECTED_ID", "normalize", "rel_name", "source_ids", "write_normalized"]
