"""scores.json (docs/outputs.md): the schema, the printed figures, and the sample year by hand."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from jxreport.outputs import scores_json
from jxreport.outputs.console import format_score_table, width
from jxreport.scoring.scorer import score_year

from scoring_fixtures import make_year, result, standard_results

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "2022"

NUM = {"type": "number"}
STR = {"type": "string"}
OPT_STR = {"type": ["string", "null"]}
RATE = {"type": "number", "minimum": 0}

INDICATOR = {
    "type": "object",
    "required": ["level1", "level2", "name", "target", "actual", "weight", "score", "kind", "op", "overridden"],
    "properties": {
        "level1": STR, "level2": STR, "name": STR, "target": STR, "actual": STR,
        "weight": NUM, "score": NUM,
        "kind": {"enum": ["quantitative", "deadline", "boolean", "qualitative"]},
        "op": {"enum": [">=", "<=", ">", "<", "=", None]},
        "overridden": {"type": "boolean"},
        "rule_score": NUM, "status": {"enum": ["met", "missed", "over", "partial", "late", "unknown"]},
        "completion": {"type": ["number", "null"]}, "derivation": OPT_STR,
    },
}
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["year", "department", "rules", "department_score", "department_grade", "projects",
                 "department_detail", "warnings"],
    "properties": {
        "year": {"type": "integer"},
        "department": STR,
        "rules": STR,
        "department_score": NUM,
        "department_grade": {"enum": ["优", "良", "中", "差"]},
        "projects": {"type": "array", "items": {
            "type": "object",
            "required": ["code", "name", "budget_initial_wan", "budget_full_year_wan", "spent_wan", "execution_rate",
                         "execution_score", "score", "grade", "indicators", "warnings"],
            "properties": {
                "code": STR, "name": STR, "budget_initial_wan": NUM, "budget_full_year_wan": NUM, "spent_wan": NUM,
                "execution_rate": RATE, "execution_score": NUM, "score": NUM,
                "grade": {"enum": ["优", "良", "中", "差"]},
                "indicators": {"type": "array", "items": INDICATOR, "minItems": 1},
                "warnings": {"type": "array", "items": STR},
                "notes": {"type": "array", "items": STR},
            },
        }},
        "department_detail": {
            "type": "object",
            "required": ["budget_wan", "spent_wan", "execution_rate", "execution_score", "areas", "score", "grade",
                         "weighted_project_score"],
            "properties": {
                "budget_wan": NUM, "spent_wan": NUM, "execution_rate": RATE, "execution_score": NUM, "score": NUM,
                "weighted_project_score": {"type": ["number", "null"]},
                "areas": {"type": "array", "items": {
                    "type": "object", "required": ["area", "weight", "score", "indicators"],
                    "properties": {"area": STR, "weight": NUM, "score": NUM,
                                   "indicators": {"type": "array", "items": INDICATOR}}}},
            },
        },
        "warnings": {"type": "array", "items": STR},
    },
}


def _two_decimals(x: float) -> bool:
    return round(x * 100) == pytest.approx(x * 100, abs=1e-6)


def _check_printed_figures(doc: dict) -> None:
    """Scores and 万元 are printed figures (2 decimals) and each project's column adds up."""
    for p in doc["projects"]:
        for key in ("budget_full_year_wan", "spent_wan", "execution_score", "score"):
            assert _two_decimals(p[key]), (p["code"], key, p[key])
        total = round(p["execution_score"] * 100) + sum(round(i["score"] * 100) for i in p["indicators"])
        assert total == round(p["score"] * 100), p["code"]
        weights = round(p["execution_weight"] * 100) + sum(round(i["weight"] * 100) for i in p["indicators"])
        assert weights == 10000, p["code"]


def test_a_small_year_validates_and_its_figures_are_printed_ones(tmp_path):
    res = standard_results()
    res[1] = result("P1", "发放准确率", "89%")  # 12.5 × 0.89 = 11.125 → 11.13, no reason → a warning
    ys = score_year(make_year(tmp_path, results=res))
    doc = scores_json.to_dict(ys)
    jsonschema.validate(doc, SCHEMA)
    _check_printed_figures(doc)
    p = doc["projects"][0]
    assert doc["rules"] == "mof-2020" and doc["year"] == 2022 and doc["department"] == "测试街道办事处"
    assert p["indicators"][1]["score"] == 11.13 and p["score"] == 98.63
    assert p["indicators"][1]["op"] == ">=" and p["indicators"][4]["op"] == "<"
    assert any("发放准确率" in w for w in p["warnings"]) and any("发放准确率" in w for w in doc["warnings"])
    path = scores_json.write(ys, tmp_path / "out" / "scores.json")
    text = path.read_text(encoding="utf-8")
    assert "发放准确率" in text and "\\u" not in text  # Chinese kept as is
    assert json.loads(text) == doc


@pytest.mark.skipif(not (SAMPLE / "actuals.xlsx").exists(), reason="data/2022 not generated yet (tools/make_sample_data.py)")
def test_sample_year_validates_and_jx01_is_worked_by_hand():
    from jxreport.io.loading import load_year

    doc = scores_json.to_dict(score_year(load_year(SAMPLE)))
    jsonschema.validate(doc, SCHEMA)
    _check_printed_figures(doc)
    p = next(x for x in doc["projects"] if x["code"] == "JX-01")
    # 全年执行数: the ledger sums to 2,043,700.00 元 = 204.37 万元 of 208 万元 (no 预算调整)
    assert (p["budget_initial_wan"], p["budget_full_year_wan"], p["spent_wan"]) == (208.0, 208.0, 204.37)
    # the rate is the unrounded fraction 204.37 ÷ 208 = 0.98254807…, printed 98.25 %
    assert p["execution_rate"] == pytest.approx(0.9825480769, abs=1e-10)
    # execution score 10 × 0.98254807 = 9.8254807 → 9.83 (half up)
    assert p["execution_score"] == 9.83
    # 6 indicators, all met: 产出 4 × 12.5 + 效益 30 + 满意度 10 = 90 → 9.83 + 90 = 99.83, 优
    assert [i["weight"] for i in p["indicators"]] == [12.5, 12.5, 12.5, 12.5, 30.0, 10.0]
    assert p["score"] == 99.83 and p["grade"] == "优"
    sat = next(i for i in p["indicators"] if i["level1"] == "满意度指标")
    assert sat["actual"].endswith("%") and "份有效答卷" in sat["derivation"]
    d = doc["department_detail"]
    assert d["execution_rate"] == pytest.approx(d["spent_wan"] / d["budget_wan"], abs=1e-4)


def test_console_table_aligns_chinese_by_display_width(tmp_path):
    ys = score_year(make_year(tmp_path))
    text = format_score_table(ys)
    lines = text.splitlines()
    head = next(line for line in lines if line.startswith("项目编码"))
    row = next(line for line in lines if line.startswith("P1"))
    total = next(line for line in lines if line.startswith("部门整体"))
    # the 得分 column ends at the same display column in the header, the project and the total row
    col = width(head[: head.index("得分") + 2])
    assert width(row[: row.index("100.00", row.index("%")) + 6]) == col
    assert width(total[: total.index("100.00", total.index("%")) + 6]) == col
    assert "优" in row and "100.00%" in row
    verbose = format_score_table(ys, verbose=True)
    assert "平台持续运行" in verbose and "12.50" in verbose and "预算执行率" in verbose
    assert width("项目") == 4 and width("ab") == 2
