"""The yes-phrase check of the target grammar is linear (issue 12, point 6) and means what the regex means.

_YES_PHRASE backtracked quadratically ('按时' × 16,000 took 9 s); _is_yes_phrase reads the
string once. It must agree with the regex on every string of the phrase's own pieces.
Timings are in benchmarks/bench_grammar_long.py, not here.
"""

from __future__ import annotations

import itertools
import random

from jxreport.grammar.targets import _YES_PHRASE, _is_yes_phrase, parse_target

PIECES = ["按时", "及时", "足额", "按期", "、", "和", "及", "与", "不", "未", "没", "是否", "发放", "完成",
          "兑现", "时", "按", "额", "1", "１", "资金", "x"]


def test_agrees_with_the_regex_on_every_short_combination():
    for k in range(4):
        for combo in itertools.product(PIECES, repeat=k):
            s = "".join(combo)
            assert _is_yes_phrase(s) == bool(_YES_PHRASE.match(s)), s


def test_agrees_with_the_regex_on_random_longer_strings():
    rnd = random.Random(12)
    for _ in range(30000):
        s = "".join(rnd.choice(PIECES) for _ in range(rnd.randint(4, 12)))
        assert _is_yes_phrase(s) == bool(_YES_PHRASE.match(s)), s


def test_known_phrases():
    assert _is_yes_phrase("村干部工资按时、足额发放") and _is_yes_phrase("资金是否按时发放")
    assert not _is_yes_phrase("未按时发放") and not _is_yes_phrase("按时发放3次")
    assert parse_target("按时足额发放").kind == "boolean"


def test_a_very_long_repetition_is_read():
    assert _is_yes_phrase("按时" * 16000) and not _is_yes_phrase("按时" * 16000 + "x")
    assert parse_target("按时" * 16000).kind == "boolean"
