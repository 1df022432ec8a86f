"""Do two runs hold the same reports? Notebook outputs, PDF text and PDF figures, compared.

What may differ between two correct runs is removed first: papermill's timings and paths,
nbclient's per-cell timestamps, and PDF bytes such as object ids. What remains is what a
reader sees: every cell's source, execution count and outputs (HTML, text, images), every
PDF page's text, and a hash of every image on every page.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

_PAPERMILL_VOLATILE = ("start_time", "end_time", "duration", "input_path", "output_path")


def notebook_signature(path, *, ignore_parameters: bool = False) -> dict:
    """The reader-visible content of an executed notebook, without timings and paths.

    `ignore_parameters` also leaves out the injected parameters (their cell and papermill's
    record of them): for runs whose inputs lie at other paths, e.g. shipped to a Dask worker.
    """
    import nbformat

    nb = nbformat.read(str(path), as_version=4)
    volatile = _PAPERMILL_VOLATILE + (("parameters",) if ignore_parameters else ())
    pm = {k: v for k, v in nb.metadata.get("papermill", {}).items() if k not in volatile}
    cells = []
    for cell in nb.cells:
        if ignore_parameters and "injected-parameters" in cell.metadata.get("tags", []):
            continue
        entry = {"type": cell.cell_type, "source": cell.source, "tags": cell.metadata.get("tags", [])}
        if cell.cell_type == "code":
            entry["count"] = cell.get("execution_count")
            entry["status"] = cell.metadata.get("papermill", {}).get("status")
            entry["outputs"] = [_output(o) for o in cell.get("outputs", [])]
        cells.append(entry)
    return {"papermill": pm, "language": nb.metadata.get("language_info", {}).get("name"), "cells": cells}


def _output(o) -> dict:
    o = dict(o)
    o.pop("metadata", None) if not o.get("metadata") else None
    return json.loads(json.dumps(o, sort_keys=True, default=str))


def pdf_signature(path) -> dict:
    """Each page's text and the sha256 of each image on it."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    pages = []
    for page in reader.pages:
        images = []
        try:
            images = sorted(hashlib.sha256(img.data).hexdigest()[:16] for img in page.images)
        except Exception:  # an image format pypdf cannot decode: fall back to text only
            images = ["?"]
        pages.append({"text": page.extract_text(), "images": images})
    return {"pages": pages}


def compare_dirs(a, b, *, pdf: bool = True, ignore_parameters: bool = False) -> list[str]:
    """Differences between the reports of two output folders (empty list: identical content)."""
    a, b = Path(a), Path(b)
    diffs = []
    nbs_a = {p.name for p in (a / "notebooks").glob("*.ipynb")}
    nbs_b = {p.name for p in (b / "notebooks").glob("*.ipynb")}
    if nbs_a != nbs_b:
        diffs.append(f"notebooks differ: {sorted(nbs_a ^ nbs_b)}")
    for name in sorted(nbs_a & nbs_b):
        sa = notebook_signature(a / "notebooks" / name, ignore_parameters=ignore_parameters)
        sb = notebook_signature(b / "notebooks" / name, ignore_parameters=ignore_parameters)
        if sa != sb:
            diffs.append(f"notebook {name}: " + _first_difference(sa, sb))
    if pdf:
        # one PDF per edition: 报送稿/<stem>.pdf, 审核底稿/<stem>.pdf (a flat layout from before editions too)
        pdfs_a = {p.relative_to(a).as_posix() for p in [*a.glob("*.pdf"), *a.glob("*/*.pdf")]}
        pdfs_b = {p.relative_to(b).as_posix() for p in [*b.glob("*.pdf"), *b.glob("*/*.pdf")]}
        if pdfs_a != pdfs_b:
            diffs.append(f"PDFs differ: {sorted(pdfs_a ^ pdfs_b)}")
        for name in sorted(pdfs_a & pdfs_b):
            if pdf_signature(a / name) != pdf_signature(b / name):
                diffs.append(f"PDF {name}: text or figures differ")
    return diffs


def _first_difference(x, y, where="") -> str:
    if type(x) is not type(y):
        return f"{where}: {type(x).__name__} vs {type(y).__name__}"
    if isinstance(x, dict):
        for k in sorted(set(x) | set(y), key=str):
            if x.get(k) != y.get(k):
                return _first_difference(x.get(k), y.get(k), f"{where}/{k}")
    if isinstance(x, list):
        if len(x) != len(y):
            return f"{where}: {len(x)} vs {len(y)} items"
        for i, (u, v) in enumerate(zip(x, y)):
            if u != v:
                return _first_difference(u, v, f"{where}[{i}]")
    return f"{where}: {str(x)[:120]!r} vs {str(y)[:120]!r}"
