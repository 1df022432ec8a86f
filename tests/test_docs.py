"""The user documentation in docs/ names what the code has: a renamed column, a new check,
a new rule key or params key must show up there too, or this test fails."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jxreport.checks import CHECKS
from jxreport.core import schema as S
from jxreport.io.loading import load_year
from jxreport.outputs import scores_json
from jxreport.pipeline.params import OPTIONAL, REQUIRED
from jxreport.scoring.rules import _KEYS, load_rules
from jxreport.scoring.scorer import score_year

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _read(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def _sections(text: str) -> dict[str, str]:
    """`### 名称…` heading → the text up to the next heading of level 2 or 3."""
    out: dict[str, str] = {}
    parts = re.split(r"^(#{2,3} .*)$", text, flags=re.M)
    for head, body in zip(parts[1::2], parts[2::2]):
        if head.startswith("### "):
            name = re.split(r"[（(\s]", head[4:].strip(), maxsplit=1)[0]
            out[name] = body
    return out


@pytest.mark.parametrize("sheet", S.SHEETS, ids=lambda s: s.name)
def test_every_sheet_and_column_is_documented(sheet):
    sections = _sections(_read("input-workbooks.md"))
    assert sheet.name in sections, f"docs/input-workbooks.md has no section for sheet {sheet.name}"
    body = sections[sheet.name]
    columns = S.UNIT_KEYS if sheet.keyvalue else sheet.columns
    for c in columns:
        row = re.search(rf"^\| {re.escape(c.name)} \| (是)? ?\|", body, flags=re.M)
        assert row, f"{sheet.name}: column {c.name} missing from its table"
        assert bool(row.group(1)) == c.required, f"{sheet.name}: {c.name} required is {c.required}"


def test_sheets_are_marked_required_or_optional_as_the_schema_says():
    text = _read("input-workbooks.md")
    for sheet in S.SHEETS:
        head = re.search(rf"^### {re.escape(sheet.name)}（(必需|可选)", text, flags=re.M)
        assert head, sheet.name
        assert (head.group(1) == "必需") == sheet.required, sheet.name


@pytest.mark.parametrize("check_id", sorted(CHECKS))
def test_every_check_is_documented_with_its_level_and_title(check_id):
    c = CHECKS[check_id]
    row = f"| {c.id} | {c.level} | {c.title} |"
    assert row in _read("checks.md"), f"docs/checks.md lacks the row {row}"


def test_no_documented_check_is_unknown():
    ids = set(re.findall(r"^\| ([TRA]\d{3}) \|", _read("checks.md"), flags=re.M))
    assert ids == set(CHECKS)


def test_every_params_key_is_documented():
    text = _read("outputs.md")
    for key in (*REQUIRED, *OPTIONAL):
        assert f"| `{key}` |" in text, key


def test_every_rule_key_is_documented():
    text = _read("scoring.md")
    rules = load_rules("mof-2020").to_dict()
    for key in _KEYS[""]:
        assert f"`{key}" in text, key
    for section in ("execution", "satisfaction", "department", "monitoring"):
        for key in _KEYS[section]:
            assert f"`{section}.{key}`" in text, f"{section}.{key}"
    for level1 in rules["weights"]:
        assert f"`weights.{level1}`" in text, level1


def _keys(value, out: set) -> set:
    """Every mapping key inside a JSON-like value, at any depth (not the values of `weights` …)."""
    if isinstance(value, dict):
        for k, v in value.items():
            out.add(k)
            _keys(v, out)
    elif isinstance(value, list):
        for v in value:
            _keys(v, out)
    return out


def test_every_scores_json_key_is_documented():
    year = load_year(Path(__file__).resolve().parents[1] / "data" / "2022")
    data = scores_json.to_dict(score_year(year, "mof-2020"))
    text = _read("outputs.md")
    missing = sorted(k for k in _keys(data, set()) if f"`{k}`" not in text)
    assert not missing, f"scores.json keys not in docs/outputs.md: {missing}"
