"""Rule sets: every 〔规则〕 number of docs/scoring.md comes from a rule file (YAML)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jxreport.core.exceptions import ParamsError
from jxreport.scoring.rules import DEFAULT_RULES, BUILTIN_RULES, available, load_rules

D = Decimal


def test_default_is_the_ministry_rule_set_with_every_number_of_the_spec():
    r = load_rules()
    assert DEFAULT_RULES == "mof-2020" and r.name == "mof-2020"
    assert "财预〔2020〕10号" in r.title
    assert r.execution_weight == 10
    assert dict(r.category_weights) == {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
    assert r.missing_category == "share"
    assert r.execution_denominator == "全年预算数"
    assert r.execution_warning_below == D("0.90")
    assert r.reverse == "ratio"
    full, partial, none = r.qualitative
    assert (full.low, full.high, full.default, full.closed) == (D("0.8"), 1, 1, True)
    assert (partial.low, partial.high, partial.default, partial.closed) == (D("0.6"), D("0.8"), D("0.7"), False)
    assert (none.low, none.high, none.default) == (0, D("0.6"), D("0.3"))
    assert full.label == "达成年度指标" and partial.label == "部分达成年度指标并具有一定效果"
    assert r.over_completion == D("1.30")
    assert r.satisfaction_method == "share"
    assert r.satisfaction_counted == ("非常满意", "满意", "基本满意")
    assert dict(r.satisfaction_weights) == {"非常满意": 100, "满意": 80, "基本满意": 60, "不满意": 30, "非常不满意": 0}
    assert r.satisfaction_min_sample == 30
    assert r.grades == (("优", 90), ("良", 80), ("中", 60), ("差", 0))
    assert (r.department_areas_weight, r.department_execution_weight) == (90, 10)
    assert (r.monitoring_red_below, r.monitoring_yellow_below, r.monitoring_forecast_miss) == (D("0.6"), D("0.8"), D("0.2"))


@pytest.mark.parametrize("score, grade", [(100, "优"), (90, "优"), ("89.99", "良"), (80, "良"), ("79.99", "中"),
                                          (60, "中"), ("59.99", "差"), (0, "差")])
def test_grade_boundaries(score, grade):
    assert load_rules().grade(D(str(score))) == grade


def test_band_edges_lower_bands_are_half_open():
    r = load_rules()
    assert r.band("full").contains(D("0.8")) and r.band("full").contains(D("1"))
    assert not r.band("partial").contains(D("0.8")) and r.band("partial").contains(D("0.6"))
    assert not r.band("none").contains(D("0.6")) and r.band("none").contains(D("0"))


def test_local_linear_overrides_only_what_differs():
    base, local = load_rules("mof-2020"), load_rules("local-linear")
    assert local.name == "local-linear" and local.title != base.title
    assert local.reverse == "linear" and local.execution_denominator == "年初预算数"
    assert (local.band("partial").low, local.band("partial").high) == (D("0.5"), D("0.8"))
    assert (local.band("none").low, local.band("none").high) == (0, D("0.5"))
    # everything else is inherited
    same = ("category_weights", "execution_weight", "missing_category", "over_completion", "grades",
            "satisfaction_counted", "satisfaction_min_sample", "department_areas_weight", "monitoring_red_below")
    for field in same:
        assert getattr(local, field) == getattr(base, field), field
    assert local.band("partial").default == D("0.7") and local.band("full") == base.band("full")


def test_repository_rule_sets_are_listed():
    assert {"mof-2020", "local-linear"} <= set(available())
    assert (BUILTIN_RULES / "mof-2020.yaml").is_file()


def test_a_name_is_looked_up_in_the_working_directory_first(tmp_path, monkeypatch):
    rules_dir = tmp_path / "params" / "rules"
    rules_dir.mkdir(parents=True)
    (rules_dir / "mof-2020.yaml").write_text("name: mof-2020\ntitle: 本地改写\nextends: " +
                                              str(BUILTIN_RULES / "mof-2020.yaml") + "\nreverse: linear\n",
                                              encoding="utf-8")
    (rules_dir / "mine.yaml").write_text("name: mine\ntitle: 我的规则\nextends: local-linear\nover_completion: 1.5\n",
                                         encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert load_rules("mof-2020").title == "本地改写"
    assert load_rules("mof-2020").reverse == "linear"
    mine = load_rules("mine")  # extends a name found in the repository
    assert mine.over_completion == D("1.5") and mine.execution_denominator == "年初预算数"


def test_a_path_is_used_as_is(tmp_path):
    p = tmp_path / "strict.yaml"
    p.write_text("name: strict\ntitle: 严格\nextends: mof-2020\nmissing_category: error\n", encoding="utf-8")
    r = load_rules(p)
    assert r.name == "strict" and r.missing_category == "error" and r.source == str(p)
    assert load_rules(str(p)).missing_category == "error"


def test_unknown_name_lists_the_available_ones():
    with pytest.raises(ParamsError) as e:
        load_rules("mof-2021")
    assert "mof-2021" in str(e.value) and "mof-2020" in str(e.value) and "local-linear" in str(e.value)


def _bad(tmp_path, body: str) -> str:
    p = tmp_path / "bad.yaml"
    p.write_text("name: bad\ntitle: 坏规则\nextends: mof-2020\n" + body, encoding="utf-8")
    with pytest.raises(ParamsError) as e:
        load_rules(p)
    return str(e.value)


def test_bad_values_say_what_is_allowed(tmp_path):
    assert "ratio 或 linear" in _bad(tmp_path, "reverse: quadratic\n")
    assert "全年预算数 或 年初预算数" in _bad(tmp_path, "execution:\n  denominator: 决算数\n")
    assert "share 或 error" in _bad(tmp_path, "missing_category: ignore\n")
    msg = _bad(tmp_path, "weights:\n  产出指标: 60\n")
    assert "合计应为 100" in msg and "110" in msg
    msg = _bad(tmp_path, "qualitative:\n  partial:\n    default: 0.9\n")
    assert "qualitative.partial.default" in msg and "[60%, 80%)" in msg
    msg = _bad(tmp_path, "over_completoin: 1.5\n")  # a typo is not silently ignored
    assert "over_completoin" in msg and "over_completion" in msg
    msg = _bad(tmp_path, "execution:\n  warning_below: 九成\n")
    assert "execution.warning_below" in msg and "比例" in msg
    msg = _bad(tmp_path, "qualitative:\n  partial:\n    low: 0.55\n")
    assert "首尾相接" in msg
    msg = _bad(tmp_path, "grades:\n  优: 90\n  良: 95\n  差: 0\n")
    assert "由高到低" in msg


def test_every_error_of_a_file_is_reported_at_once(tmp_path):
    msg = _bad(tmp_path, "reverse: x\nmissing_category: y\n")
    assert "2 处错误" in msg


def test_percent_text_is_accepted_for_fractions(tmp_path):
    p = tmp_path / "pct.yaml"
    p.write_text("name: pct\ntitle: 百分比写法\nextends: mof-2020\nexecution:\n  warning_below: 85%\n", encoding="utf-8")
    assert load_rules(p).execution_warning_below == D("0.85")


def test_extends_cycle_is_an_error(tmp_path):
    (tmp_path / "a.yaml").write_text("name: a\ntitle: A\nextends: b\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("name: b\ntitle: B\nextends: a\n", encoding="utf-8")
    with pytest.raises(ParamsError, match="循环"):
        load_rules(tmp_path / "a.yaml")


def test_to_dict_is_plain_data():
    d = load_rules("local-linear").to_dict()
    assert d["reverse"] == "linear" and d["weights"]["预算执行率"] == 10.0
    assert d["qualitative"]["partial"]["low"] == 0.5
