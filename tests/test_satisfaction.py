"""Satisfaction rates (docs/scoring.md §6) with their Wilson interval."""

from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd
import pytest

from jxreport.scoring import satisfaction as sat
from jxreport.scoring.rules import load_rules

RULES = load_rules()


def test_wilson_interval_of_90_out_of_100_worked_by_hand():
    # z = 1.959963984540054, z² = 3.841459, p = 0.9, n = 100
    # centre = (0.9 + 3.841459/200) / (1 + 3.841459/100) = 0.9192073 / 1.0384146 = 0.885202
    # half   = 1.959964 / 1.0384146 × √(0.9·0.1/100 + 3.841459/40000) = 1.887457 × 0.0315601 = 0.059569
    low, high = sat.wilson(0.9, 100)
    assert low == pytest.approx(0.885202 - 0.059569, abs=2e-6)
    assert high == pytest.approx(0.885202 + 0.059569, abs=2e-6)
    assert round(low, 4) == 0.8256 and round(high, 4) == 0.9448


def test_wilson_stays_inside_zero_and_one():
    low, high = sat.wilson(1.0, 10)
    assert high == pytest.approx(1.0) and high <= 1.0 and low == pytest.approx(10 / (10 + 1.959963984540054 ** 2))
    assert sat.wilson(0.0, 10)[0] == 0.0


def test_share_counts_the_three_satisfied_levels():
    responses = ["非常满意"] * 50 + ["满意"] * 30 + ["基本满意"] * 10 + ["不满意"] * 7 + ["非常不满意"] * 3
    s = sat.rate(responses, RULES)
    assert (s.n, s.satisfied) == (100, 90)
    assert s.rate == pytest.approx(0.9)
    assert (round(s.low, 4), round(s.high, 4)) == (0.8256, 0.9448)
    assert dict(s.counts) == {"非常满意": 50, "满意": 30, "基本满意": 10, "不满意": 7, "非常不满意": 3}
    assert s.method == "share" and not s.small_sample


def test_scores_one_to_five_map_to_levels_and_invalid_answers_are_not_counted():
    # 5 → 非常满意, 4 → 满意, 3 → 基本满意, 2 → 不满意, 1 → 非常不满意; None and 7 are not valid answers
    s = sat.rate([5, 4, "3", 2, 1, None, 7], RULES)
    assert s.n == 5 and s.satisfied == 3 and s.rate == pytest.approx(3 / 5)


def test_weighted_rule_averages_the_level_points():
    rules = replace(RULES, satisfaction_method="weighted")
    # (100 + 100 + 80 + 30) ÷ (4 × 100) = 310 / 400 = 0.775
    s = sat.rate(["非常满意", "非常满意", "满意", "不满意"], rules)
    assert s.rate == pytest.approx(0.775) and s.method == "weighted"
    low, high = sat.wilson(0.775, 4)
    assert (s.low, s.high) == (pytest.approx(low), pytest.approx(high))


def test_counted_levels_follow_the_rule():
    rules = replace(RULES, satisfaction_counted=("非常满意", "满意"))
    s = sat.rate(["非常满意", "满意", "基本满意", "不满意"], rules)
    assert s.satisfied == 2 and s.rate == 0.5


def test_small_sample_flag_under_thirty():
    assert sat.rate(["满意"] * 29, RULES).small_sample
    assert not sat.rate(["满意"] * 30, RULES).small_sample


def test_no_valid_response_gives_none():
    assert sat.rate([], RULES) is None
    assert sat.rate([None, "还行"], RULES) is None


def test_by_project_and_groups_from_a_frame():
    frame = pd.DataFrame({"项目编码": ["A"] * 4 + ["B"] * 2,
                          "调查对象": ["村民", "村民", "干部", "干部", None, None],
                          "评价": ["满意", "不满意", "满意", "满意", "非常满意", "非常不满意"]})
    per = sat.by_project(frame, RULES)
    assert per["A"].n == 4 and per["A"].rate == 0.75
    assert per["B"].n == 2 and per["B"].rate == 0.5
    villagers = sat.of_frame(frame[frame["项目编码"] == "A"], RULES, "村民")
    assert villagers.group == "村民" and villagers.n == 2 and villagers.rate == 0.5
    assert math.isclose(villagers.low + villagers.high, 2 * ((0.5 + 1.959963984540054 ** 2 / 4) /
                                                             (1 + 1.959963984540054 ** 2 / 2)))
