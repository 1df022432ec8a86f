"""The two editions of a report: the 报送稿 sent to the finance bureau and the 审核底稿 kept by the preparer.

A report notebook is executed once; its sections mark what belongs to one edition only with
HTML comments (workbook text is escaped, so it can never forge one), and the export keeps or
drops the marked spans per edition. The 底稿 has everything the 报送稿 has plus the findings
with their place and the to-dos; where the 报送稿 needs a sentence of its own instead, the
section marks that sentence `submit_only`.
"""

from __future__ import annotations

import re

SUBMIT = "报送稿"
DRAFT = "审核底稿"
EDITIONS = (SUBMIT, DRAFT)
# the marker names are short (底稿, 报送稿) and fixed: a rename here would orphan stored notebooks
_DRAFT_TAG, _SUBMIT_TAG = "底稿", "报送稿"
EDITION_CHOICES = {SUBMIT: (SUBMIT,), DRAFT: (DRAFT,), "全部": EDITIONS}


def _open(tag: str) -> str:
    return f"<!--jx:{tag}-->"


def _close(tag: str) -> str:
    return f"<!--/jx:{tag}-->"


def draft_only(html: str) -> str:
    """HTML that only the 审核底稿 shows (findings with their place, prompts, to-dos)."""
    return f"{_open(_DRAFT_TAG)}{html}{_close(_DRAFT_TAG)}" if html else ""


def submit_only(html: str) -> str:
    """HTML that only the 报送稿 shows (the statement that replaces a to-do of the 底稿)."""
    return f"{_open(_SUBMIT_TAG)}{html}{_close(_SUBMIT_TAG)}" if html else ""


def per_edition(submit_html: str, draft_html: str) -> str:
    """One text for the 报送稿, another for the 底稿, in the same place."""
    return submit_only(submit_html) + draft_only(draft_html)


def _span(tag: str) -> re.Pattern:
    return re.compile(re.escape(_open(tag)) + r".*?" + re.escape(_close(tag)), re.S)


_SPANS = {tag: _span(tag) for tag in (_DRAFT_TAG, _SUBMIT_TAG)}
_MARKS = re.compile(r"<!--/?jx:(?:底稿|报送稿)-->")


def for_edition(html: str, edition: str) -> str:
    """The page of one edition: the other edition's spans dropped, the markers removed."""
    if edition not in EDITIONS:
        raise ValueError(f"未知的报告版本「{edition}」，可选：{'、'.join(EDITIONS)}")
    drop = _DRAFT_TAG if edition == SUBMIT else _SUBMIT_TAG
    return _MARKS.sub("", _SPANS[drop].sub("", html))


def parse_editions(value) -> tuple[str, ...]:
    """A list (or comma-separated text, or 全部) of editions, in EDITIONS order; ValueError if unknown."""
    if value is None:
        return EDITIONS
    if isinstance(value, str):
        value = [v.strip() for v in re.split(r"[,，、]", value) if v.strip()]
    chosen: set[str] = set()
    for v in value:
        if str(v) not in EDITION_CHOICES:
            raise ValueError(f"未知的报告版本「{v}」，可选：{'、'.join(EDITION_CHOICES)}")
        chosen.update(EDITION_CHOICES[str(v)])
    if not chosen:
        raise ValueError("至少选择一个报告版本：" + "、".join(EDITIONS))
    return tuple(x for x in EDITIONS if x in chosen)


def edition_path(edition: str, stem: str, ext: str) -> str:
    """Where an edition's page goes, relative to the year's folder: 报送稿/<stem>.html."""
    return f"{edition}/{stem}.{ext}"
