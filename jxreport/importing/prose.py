"""Read the prose parts: the department goals, the fund sources and the 测算 in 主要用途.

Everything returned is a slice of the document's text (trimmed), never reworded; numbers
are the numbers written. Where a value had to be worked out (a group total split over
its priced members), the line's 说明 says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from jxreport.core.rounding import WAN, dec, q2, yuan_to_wan
from jxreport.importing.readers import Paragraph
from jxreport.importing.tables import Piece, Unplaced

NUM = r"\d+(?:\.\d+)?"

# ----------------------------------------------------------------------------- department goals

SECTION = re.compile(r"^([一二三四五六七八九十]+)[、.．]\s*(.+)$")
AREA = re.compile(r"^[（(]([一二三四五六七八九十]+|\d+)[)）]\s*(.+)$")
LEAD = re.compile(r"^(绩效目标|绩效指标)\s*[:：]\s*(.*)$", re.S)
# Words that link a name to its value and belong to neither.
LINK = re.compile(r"(?:的|为|在|达到|达|控制在|保持在|均|要|须|应|是|按照)$")
COMPARATOR = r"(?:不低于|不少于|不高于|不超过|大于等于|小于等于|大于|小于|低于|高于|超过|少于|多于|≥|≤|>|<|＞|＜|≧|≦)"
UNIT = (r"(?:%|％|‰|万元|元|个工作日|工作日|人次|户次|个|次|人|户|亩|分|天|日|年|月|周|项|家|所|件|台|套|条|座|名|位|场|期"
        r"|篇|批|公里|千米|米|平方米|吨|小时|万人|辆|处|栋|间|张|本|份|册|棵|株)?")
QUALIFIER = r"(?:及以上|及以下|以上|以下|以内|之内|内|左右)?"
VALUE = re.compile(rf"{COMPARATOR}?\s*{NUM}\s*{UNIT}{QUALIFIER}")
# A qualitative value: from the first of these adverbs to the end of the clause.
ADVERB = re.compile(r"(显著|明显|逐步|不断|持续|动态|顺利|按时|及时|足额|全面|稳步|进一步|有效|大幅|切实|稳定)")


@dataclass
class Department:
    unit_name: Piece | None = None
    year: Piece | None = None
    goal: Piece | None = None
    rows: list[dict] = field(default_factory=list)  # 工作领域 / 绩效目标 / 指标名称 / 指标值 (Pieces)
    unplaced: list[Unplaced] = field(default_factory=list)
    used: set = field(default_factory=set)  # id() of paragraphs placed


def split_clauses(sentence: str) -> list[tuple[str, str]]:
    """(clause, the separator after it), split at ；。， and 且 (two targets joined)."""
    out, start = [], 0
    for m in re.finditer(r"[；;。，,]|且", sentence):
        out.append((sentence[start:m.start()].strip(), m.group()))
        start = m.end()
    out.append((sentence[start:].strip(), ""))
    return [(c, s) for c, s in out if c]


def name_and_value(clause: str) -> tuple[str, str, str] | None:
    """(指标名称, 指标值, text left over) of one clause, or None when it holds no target."""
    m = VALUE.search(clause)
    if m and re.search(r"\d", m.group()):
        before, value, after = clause[:m.start()], m.group().strip(), clause[m.end():]
        name = LINK.sub("", before.rstrip()).rstrip()
        name = LINK.sub("", name).rstrip()
        leftover = ""
        if after:
            if after.startswith("为") or not name:
                leftover = after  # "100%为优秀": a grading remark, not part of the target
                if not name:
                    name, leftover = after, ""
            else:
                name = name + after  # "开展4次以上法律知识宣传" → 开展法律知识宣传 / 4次以上
        return (name or clause), value, leftover
    a = ADVERB.search(clause)
    if a and a.start() > 0:
        return clause[:a.start()], clause[a.start():], ""
    m = re.search(r"((?:[\u4e00-\u9fff]{2}、)+[\u4e00-\u9fff]{2})$", clause)  # 村级考核公开、公正、透明
    if m and m.start() > 0:
        return clause[:m.start()], m.group(1), ""
    return None


def shared_value_names(name: str) -> list[str]:
    """"准确率、及时率100%": two rates that share one value are two indicators.

    Only when every part is itself a rate or degree (…率 / …度), so that a name such as
    "保障性住房以及民政事务申请受理率" or "公开、公正、透明" is never cut.
    """
    parts = [x.strip() for x in name.split("、")]
    if len(parts) > 1 and all(len(x) >= 3 and x[-1] in "率度" for x in parts):
        return parts
    return [name]


def read_department(paragraphs: list[Paragraph]) -> Department:
    dep = Department()
    section = ""
    area: dict | None = None
    pending_lead = ""  # a clause without a target, joined to the next one ("对检查发现的安全隐患，…")
    for p in paragraphs:
        text = p.text.strip()
        m = re.fullmatch(r"(.+?)\s*编制", text) or re.fullmatch(r"(?:填报单位|编报单位|预算单位)\s*(?:[（(]盖章[)）])?\s*[:：]\s*(.+)", text)
        if m and dep.unit_name is None and len(text) < 40:
            dep.unit_name = Piece(m.group(1), p.place)
            dep.used.add(id(p))
            continue
        m = re.search(r"((?:19|20)\d{2})\s*年度?.*绩效目标", text) or \
            (re.search(r"((?:19|20)\d{2})\s*年度", text) if re.search(r"绩效目标|目标表|申报表", text) else None) or \
            re.fullmatch(r"[（(]?\s*((?:19|20)\d{2})\s*年度?\s*[)）]?", text)  # "（2021年度）" under the title
        if m and dep.year is None and len(text) < 40 and not SECTION.match(text):
            dep.year = Piece(m.group(1), p.place)
            dep.used.add(id(p))
            continue
        if len(text) < 40 and re.search(r"(绩效目标表|目标申报表)$", text):
            dep.used.add(id(p))  # a form's title: the table says what it is
            continue
        sm = SECTION.match(text)
        if sm and len(text) < 30:
            section = sm.group(2)
            area = None
            dep.used.add(id(p))
            continue
        if "总体" in section and "目标" in section:
            dep.goal = Piece(text, p.place) if dep.goal is None else Piece(dep.goal.value + "\n" + text, dep.goal.place + "；" + p.place)
            dep.used.add(id(p))
            continue
        am = AREA.match(text)
        if am and "绩效目标" in section and not LEAD.match(am.group(2)) and len(text) < 40:
            area = {"工作领域": Piece(am.group(2).strip(), p.place), "绩效目标": None}
            dep.used.add(id(p))
            continue
        lm = LEAD.match(text)
        if lm and area is not None:
            dep.used.add(id(p))
            if lm.group(1) == "绩效目标":
                area["绩效目标"] = Piece(lm.group(2).strip(), p.place)
                continue
            pending_lead = ""
            for clause, sep in split_clauses(lm.group(2)):
                got = name_and_value(clause)
                if got is None:
                    if sep in ("，", ","):
                        pending_lead += clause + sep
                        continue
                    got = (pending_lead + clause, pending_lead + clause, "")  # a target only in words
                    pending_lead = ""
                    dep.rows.append({"工作领域": area["工作领域"], "绩效目标": area["绩效目标"],
                                     "指标名称": Piece(got[0], p.place), "指标值": Piece(got[1], p.place),
                                     "_note": "未能分出指标值：整句作指标值"})
                    continue
                name, value, leftover = got
                name = pending_lead + name
                pending_lead = ""
                names = shared_value_names(name)
                for one in names:
                    row = {"工作领域": area["工作领域"], "绩效目标": area["绩效目标"],
                           "指标名称": Piece(one, p.place), "指标值": Piece(value, p.place)}
                    if len(names) > 1:
                        row["_note"] = f"「{name}{value}」一句含 {len(names)} 个指标，共用指标值"
                    dep.rows.append(row)
                if leftover:
                    dep.unplaced.append(Unplaced(p.place, leftover,
                                                 f"指标「{name}」的指标值「{value}」之后的评价说明，部门指标无对应栏目"))
            if pending_lead:
                dep.unplaced.append(Unplaced(p.place, pending_lead, "句中没有指标值，未能作为部门指标导入"))
                pending_lead = ""
    return dep


# ----------------------------------------------------------------------------- funds

FUND_PATTERNS = (
    ("年初预算数", re.compile(rf"(?:项目安排|预算数|项目预算|预算安排|安排资金|资金总额|预算)\s*[:：]?\s*({NUM})\s*万元")),
    ("本级资金", re.compile(rf"(?:本级(?:财政)?(?:安排|资金)?|财政资金|财政拨款)\s*[:：]?\s*({NUM})\s*万元")),
    ("上级转移支付", re.compile(rf"(?:上级)?(?:转移支付|补助)(?:资金|安排)?\s*[:：]?\s*({NUM})\s*万元")),
    ("其他资金", re.compile(rf"其他资金\s*[:：]?\s*({NUM})\s*万元")),
)


def fund_sources(text: str) -> dict[str, tuple[str, str]]:
    """{column: (number as written, the words it came from)} from 主要用途 prose."""
    out = {}
    for col, pat in FUND_PATTERNS:
        m = pat.search(text or "")
        if m:
            out[col] = (m.group(1), m.group(0))
    return out


# ----------------------------------------------------------------------------- 测算明细

ITEM = re.compile(r"(?<![\d.])(\d{1,2})[.、．](?=\D)")
FACTOR = rf"{NUM}[^\d*×＊=＝，,；;。：:（(）)\n]*"
FORMULA = re.compile(rf"({FACTOR}(?:\s*[*×＊]\s*{FACTOR})+)\s*[=＝]\s*({NUM})\s*(万元|万|元)")
PRICED = re.compile(rf"([^\s，,；;。：:、\d]+?)({NUM})\s*(元/[^，,；;。\d]+)[，,]\s*共\s*({NUM})\s*([^\d，,；;。]+)")
AMOUNT = re.compile(rf"({NUM})\s*万元")
NOTE = re.compile(r"^\s*[（(]([^）)]*)[）)]")


def _items(text: str) -> list[str]:
    """The numbered items 1. 2. 3. (numbers must follow each other, so 4829元 is no item)."""
    marks, want = [], 1
    for m in ITEM.finditer(text):
        if int(m.group(1)) == want:
            marks.append(m)
            want += 1
    if not marks:
        m = re.search(r"主要用于\s*[:：]?", text)
        return [text[m.end():]] if m else []
    return [text[a.end():(marks[k + 1].start() if k + 1 < len(marks) else len(text))]
            for k, a in enumerate(marks)]


def _name_before(item: str, end: int) -> str:
    head = item[:end]
    head = re.split(r"[；;。]", head)[-1]
    head = re.sub(r"^\s*(?:其中|主要包括|包括|主要用于)\s*[,，:：]?", "", head)
    return head.strip().rstrip("：:，,").strip()


def _factor(text: str) -> tuple[Decimal, str]:
    m = re.match(rf"\s*({NUM})\s*(.*)$", text.strip())
    return dec(m.group(1)), m.group(2).strip()


def calc_lines(text: str) -> tuple[list[dict], list[str]]:
    """测算明细 rows (values as written) and notes on what was not turned into a line."""
    lines: list[dict] = []
    notes: list[str] = []
    for item in _items(text or ""):
        formulas = list(FORMULA.finditer(item))
        if formulas:
            for f in formulas:
                line = {"明细名称": _name_before(item, f.start()), "测算金额": _wan(f.group(2), f.group(3)),
                        "_source": f.group(0)}
                for part in re.split(r"\s*[*×＊]\s*", f.group(1)):
                    value, unit = _factor(part)
                    if "元" in unit:
                        if unit.startswith("万元"):
                            value, unit = value * WAN, "元" + unit[2:]
                        line.update(单价=value, 单价单位=unit or "元")
                    elif re.fullmatch(r"个?月", unit) and "月数" not in line:
                        line["月数"] = value
                    elif "数量" not in line:
                        line.update(数量=value, 数量单位=unit)
                    else:
                        notes.append(f"「{f.group(0)}」中的因子「{part}」未能归入单价、数量或月数")
                m = NOTE.match(item[f.end():])
                if m:
                    line["说明"] = m.group(1).strip()
                if line["明细名称"]:
                    lines.append(line)
                else:
                    notes.append(f"算式「{f.group(0)}」前没有明细名称，未导入测算明细")
            continue
        amount = AMOUNT.search(item)
        if not amount:
            continue
        name = _name_before(item, amount.start())
        total = dec(amount.group(1))
        priced = list(PRICED.finditer(item[amount.end():]))
        if priced:
            months = 12 if all("/月" in p.group(3) for p in priced) else 1
            parts = [dec(p.group(2)) * dec(p.group(4)) * months / WAN for p in priced]
            if q2(sum(parts, Decimal(0))) == q2(total):
                for p, part in zip(priced, parts):
                    line = {"明细名称": p.group(1), "单价": dec(p.group(2)), "单价单位": p.group(3).strip(),
                            "数量": dec(p.group(4)), "数量单位": p.group(5).strip(), "测算金额": q2(part),
                            "说明": f"原文「{name}{amount.group(0)}」为合计；按单价×数量"
                                    + ("×12个月" if months == 12 else "") + "拆分，合计相符",
                            "_source": p.group(0)}
                    if months == 12:
                        line["月数"] = Decimal(12)
                    lines.append(line)
                continue
            notes.append(f"「{name}{amount.group(0)}」的分项按单价×数量" + ("×12个月" if months == 12 else "")
                         + "合计与其金额不符，只导入合计")
        if not name:
            notes.append(f"金额「{amount.group(0)}」前没有明细名称，未导入测算明细")
            continue
        line = {"明细名称": name, "测算金额": total, "_source": item[:amount.end()].strip()}
        rest = item[amount.end():].strip()
        m = NOTE.match(rest)
        if m:
            line["说明"] = m.group(1).strip()
        elif rest.lstrip("，,：:").strip():
            line["说明"] = rest.lstrip("，,：:").strip().rstrip("；;。").strip()
        lines.append(line)
    return lines, notes


def _wan(number: str, unit: str) -> Decimal:
    return yuan_to_wan(number) if unit == "元" else dec(number)
