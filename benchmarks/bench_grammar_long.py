"""Target-grammar time on long cells: 200, 2,000 and 20,000 characters (issue 12, point 6).

Linear parsing gives a 20,000/200 ratio near 100; the old _YES_PHRASE regex gave about 10,000
('按时' × 16,000: 9 s). Run: .venv/bin/python benchmarks/bench_grammar_long.py
"""

from __future__ import annotations

import time

from jxreport.grammar.targets import parse_actual, parse_target

BASES = ("按时", "按时足额", "社区", "≥95%", "12月底前", "不低于", "1", "及时、")


def main() -> None:
    for base in BASES:
        row = []
        for n in (200, 2000, 20000):
            s = (base * (n // len(base) + 1))[:n]
            t = time.perf_counter()
            for text in (s, s + "x"):
                parse_target(text)
                parse_actual(text)
            row.append(time.perf_counter() - t)
        print(f"{base!r:>12}: " + "  ".join(f"{x * 1000:8.1f} ms" for x in row) + f"   ratio {row[2] / row[0]:.0f}")


if __name__ == "__main__":
    main()
