"""Every input problem gets a message, never a traceback (issue 12, point 7).

Each case builds the small year of year_builder, spoils one thing the way a real file is
spoiled (the bytes Excel or another program writes), and checks the message a user reads.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import year_builder

from jxreport.cli import main
from jxreport.core import schema as S
from jxreport.core.exceptions import ParamsError, ValidationError
from jxreport.io import reading
from jxreport.io.loading import load_year
from jxreport.io.xlsx import set_value
from jxreport.pipeline.params import load_params
from jxreport.pipeline.run import STEM_BYTES, report_stem
from jxreport.scoring.rules import load_rules


def patch_xml(path: Path, old: bytes, new: bytes, member: str | None = None) -> None:
    """Replace bytes inside the workbook's XML (what openpyxl refuses to write, Excel writes)."""
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    hit = False
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename.endswith(".xml") and (member is None or info.filename == member) and old in data:
                data, hit = data.replace(old, new), True
            z.writestr(info, data)
    assert hit, old


def sheet_member(path: Path, sheet: str) -> str:
    wb = openpyxl.load_workbook(path)
    return f"xl/worksheets/sheet{wb.sheetnames.index(sheet) + 1}.xml"


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(ValidationError) as info:
        load_year(folder)
    return [str(p) for p in info.value.problems]


def cli(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out + err


# --------------------------------------------------------------------------- control characters

def test_control_characters_are_removed_and_noted_and_the_form_can_be_written(tmp_path, capsys):
    t = year_builder.tables()
    t[S.PROJECTS.name][0]["项目名称"] = "测试VTAB项目"
    t[S.PAYMENTS.name][0]["摘要"] = "一季度ESC[31m"
    year_builder.write(tmp_path, t)
    patch_xml(tmp_path / S.TARGETS, "VTAB".encode(), b"_x000B_")  # Word's Shift+Enter, as Excel stores it
    patch_xml(tmp_path / S.ACTUALS, b"ESC", b"_x001B_")  # a terminal escape
    year = load_year(tmp_path)
    assert year.projects["项目名称"].tolist() == ["测试\n项目"]  # the vertical tab became a line break
    assert year.payments["摘要"].tolist()[0] == "一季度[31m"
    notes = [str(p) for p in year.warnings]
    assert any("「项目名称」第 2 行含不可见的控制字符，已删除" in n for n in notes), notes
    assert any("「摘要」第 2 行" in n for n in notes), notes
    code, text = cli(capsys, "check", str(tmp_path))
    assert "\x1b" not in text and "\x0b" not in text and "控制字符" in text
    from jxreport.outputs.forms import write_form
    from jxreport.scoring.scorer import score_year

    write_form(score_year(year, load_rules()), tmp_path / "自评表.xlsx", year=year)  # no IllegalCharacterError
    assert openpyxl.load_workbook(tmp_path / "自评表.xlsx")


def test_set_value_strips_what_openpyxl_cannot_store():
    ws = openpyxl.Workbook().active
    assert set_value(ws["A1"], "甲\x0b乙\x1b[0m\x00").value == "甲乙[0m"
    assert set_value(ws["A2"], "=1+1\x07").data_type == "s"  # still text, not a formula


# --------------------------------------------------------------------------- formulas and error values

def test_a_formula_without_a_saved_value_and_an_error_value_are_named(tmp_path):
    year_builder.write(tmp_path)
    path = tmp_path / S.ACTUALS
    wb = openpyxl.load_workbook(path)
    ws = wb[S.PAYMENTS.name]
    head = [c.value for c in ws[1]]
    col = next(i for i, h in enumerate(head, 1) if str(h).startswith("金额"))
    ws.cell(2, col).value = "=SUM(1,2)"  # openpyxl saves the formula without its result
    wb.save(path)
    member = sheet_member(path, S.PAYMENTS.name)
    letter = openpyxl.utils.get_column_letter(col)
    xml = z_read(path, member)  # C3 as Excel saves a formula that divides by zero
    patch_xml(path, xml, re.sub(rf'<c r="{letter}3"[^>]*>.*?</c>'.encode(),
                                f'<c r="{letter}3" t="e"><f>1/0</f><v>#DIV/0!</v></c>'.encode(), xml), member)
    got = problems_of(tmp_path)
    joined = "\n".join(got)
    assert f"单元格 {letter}2 是公式，但文件中没有保存计算结果" in joined and "第 2 行" in joined
    assert f"单元格 {letter}3 是错误值 #DIV/0!" in joined and "第 3 行" in joined
    assert "为空" not in joined


def z_read(path: Path, member: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(member)


# --------------------------------------------------------------------------- unreadable files

def _broken_xml(folder: Path) -> None:
    path = folder / S.ACTUALS
    member = sheet_member(path, S.PAYMENTS.name)
    data = z_read(path, member)
    patch_xml(path, data, data[: len(data) // 2] + b"<row><c", member)


@pytest.mark.parametrize("spoil, words", [
    (lambda d: (d / S.ACTUALS).write_bytes(b""), ["actuals.xlsx 是空文件"]),
    (lambda d: (d / S.ACTUALS).write_text("项目编码,金额\nP1,100\n", encoding="utf-8"), ["CSV"]),
    (lambda d: (d / S.ACTUALS).write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), [".xls", "另存为"]),
    (lambda d: (d / S.ACTUALS).rename(d / "actuals.xls"), ["找不到 actuals.xlsx，但有 actuals.xls", "另存为"]),
    (lambda d: (d / S.ACTUALS).rename(d / "actuals.xlsm"), ["找不到 actuals.xlsx，但有 actuals.xlsm"]),
    (lambda d: _xlsm(d / S.ACTUALS), ["启用宏的工作簿（.xlsm）"]),
    (lambda d: (d / S.ACTUALS).write_bytes(b"PK\x03\x04 broken"), ["已损坏"]),
    (_broken_xml, ["工作表「支出明细」", "已损坏"]),
])
def test_unreadable_files_are_named_in_chinese(tmp_path, capsys, spoil, words):
    year_builder.write(tmp_path)
    spoil(tmp_path)
    code, text = cli(capsys, "check", str(tmp_path))
    assert code == 2
    for w in words:
        assert w in text, text
    assert "EOCD" not in text and "invalid Zip" not in text


def _xlsm(path: Path) -> None:
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("xl/vbaProject.bin", b"macro")


# --------------------------------------------------------------------------- numbers, long values, headers

@pytest.mark.parametrize("value", ["inf", "1e309", "1e30", "nan", "-inf"])
def test_money_that_is_not_a_finite_amount_is_refused_with_its_cell(tmp_path, value):
    t = year_builder.tables()
    t[S.PROJECTS.name][0]["年初预算数"] = value
    year_builder.write(tmp_path, t)
    got = problems_of(tmp_path)
    assert any("工作表「项目」第 2 行「年初预算数" in p and f"「{value}」不是有效的金额" in p for p in got), got


def test_a_huge_number_cell_is_refused_too(tmp_path):
    t = year_builder.tables()
    t[S.PAYMENTS.name][0]["金额"] = 1e30
    year_builder.write(tmp_path, t)
    assert any("支出明细" in p and "第 2 行" in p and "不是有效的金额" in p for p in problems_of(tmp_path))


def test_long_values_are_cut_in_messages(tmp_path):
    t = year_builder.tables()
    t[S.PROJECTS.name][0]["年初预算数"] = "很多" * 3000
    year_builder.write(tmp_path, t)
    (msg,) = [p for p in problems_of(tmp_path) if "年初预算数" in p]
    assert len(msg) < 400 and "共 6000 个字符" in msg


@pytest.mark.parametrize("header", ["年初预算数\u200b*", "年初预算数（万元）*", "年初预算数(万元)"])
def test_a_near_miss_header_is_one_error_naming_the_header_it_resembles(tmp_path, header):
    year_builder.write(tmp_path)
    path = tmp_path / S.TARGETS
    wb = openpyxl.load_workbook(path)
    ws = wb[S.PROJECTS.name]
    for c in ws[1]:
        if c.value == "年初预算数*":
            c.value = header
    wb.save(path)
    got = problems_of(tmp_path)
    assert len(got) == 1, got  # not one per row that refers to a project
    assert "应为「年初预算数」" in got[0] and "前 5 行" in got[0] and "第 1 行" in got[0]


# --------------------------------------------------------------------------- params and rules files

def params_file(root: Path, text: str, encoding: str = "utf-8") -> Path:
    (root / "data" / "2022").mkdir(parents=True, exist_ok=True)
    path = root / "params" / "2022.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


GOOD = "department: 高新区街道办事处\ndata: data/2022\nrules: mof-2020\nreport_date: 2023-03-31\n"


def test_params_in_gbk_are_read(tmp_path):
    p = load_params(params_file(tmp_path, GOOD, "gbk"))
    assert p.department == "高新区街道办事处" and p.report_date == dt.date(2023, 3, 31)


def test_params_in_utf16_are_refused_naming_the_encoding(tmp_path):
    with pytest.raises(ParamsError, match="UTF-8"):
        load_params(params_file(tmp_path, GOOD, "utf-16"))


def test_rules_in_gbk_are_read(tmp_path):
    src = Path(__file__).resolve().parents[1] / "params" / "rules" / "mof-2020.yaml"
    if not src.is_file():
        from jxreport.scoring.rules import BUILTIN_RULES

        src = Path(BUILTIN_RULES) / "mof-2020.yaml"
    text = src.read_text(encoding="utf-8")
    mine = tmp_path / "本地.yaml"
    mine.write_bytes(text.encode("gb18030"))
    assert load_rules(str(mine)).to_dict() == load_rules(str(src)).to_dict()


@pytest.mark.parametrize("date", ["2023-02-30", "'2023-02-30'", "2023-13-01"])
def test_an_impossible_report_date_is_refused_with_its_key(tmp_path, date):
    path = params_file(tmp_path, GOOD.replace("2023-03-31", date))
    with pytest.raises(ParamsError) as info:
        load_params(path)
    assert "「report_date」" in str(info.value) and date.strip("'") in str(info.value)


@pytest.mark.parametrize("key", ["department", "formats", "silence", "report_date", "monitor_month", "data"])
def test_an_alias_bomb_is_quoted_briefly(tmp_path, key):
    """Seven levels of nine aliases: 4.8 million leaves from a 400-byte file; never printed whole."""
    items = ["&x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"] + [
        f"&x{i} [" + ", ".join([f"*x{i - 1}"] * 9) + "]" for i in range(1, 7)]
    values = {"department": "单位", "data": "data/2022", "rules": "mof-2020", "report_date": "2023-03-31",
              key: "[" + ", ".join(items) + "]"}
    path = params_file(tmp_path, "".join(f"{k}: {v}\n" for k, v in values.items()))
    with pytest.raises(ParamsError) as info:
        load_params(path)
    assert len(str(info.value)) < 1000 and f"「{key}」" in str(info.value)


# --------------------------------------------------------------------------- file names, init, score --out

def test_a_long_project_name_gives_a_short_file_name_that_keeps_the_code():
    stem = report_stem("JX-01", "社区网格化管理" * 40)
    assert stem.startswith("JX-01_社区网格化管理") and stem.endswith("…")
    assert len(stem.encode("utf-8")) <= STEM_BYTES and len((stem + ".ipynb").encode("utf-8")) < 255
    assert report_stem("JX-01", "社区工作者工资") == "JX-01_社区工作者工资"
    assert report_stem("JX-01", "甲" * 100) != report_stem("JX-02", "甲" * 100)


def test_init_refuses_year_0_a_file_path_and_cleans_the_unit(tmp_path, capsys):
    code, text = cli(capsys, "init", str(tmp_path / "d"), "--year", "0", "--unit", "单位")
    assert code == 2 and "--year" in text and not (tmp_path / "d").exists()
    f = tmp_path / "file.txt"
    f.write_text("x", encoding="utf-8")
    code, text = cli(capsys, "init", str(f), "--year", "2023", "--unit", "单位")
    assert code == 2 and "是文件而不是文件夹" in text and f.read_text(encoding="utf-8") == "x"
    code, text = cli(capsys, "init", str(f / "sub"), "--year", "2023", "--unit", "单位")
    assert code == 2 and "是文件而不是文件夹" in text
    code, _ = cli(capsys, "init", str(tmp_path / "ok"), "--year", "2023", "--unit", "高新区\x0b街道\x1b办事处")
    assert code == 0
    rows = list(openpyxl.load_workbook(tmp_path / "ok" / S.TARGETS)[S.UNIT.name].values)
    assert any(r[1] == "高新区 街道 办事处" for r in rows), rows


def test_score_out_a_folder_is_refused_before_the_work(tmp_path, capsys):
    year_builder.write(tmp_path / "d")
    (tmp_path / "o").mkdir()
    code, text = cli(capsys, "score", str(tmp_path / "d"), "--out", str(tmp_path / "o"))
    assert code == 2 and "是文件夹" in text and list((tmp_path / "o").iterdir()) == []


# --------------------------------------------------------------------------- bounded reading (point 6)

def test_one_cell_far_away_is_refused_before_calamine_allocates(tmp_path, capsys):
    year_builder.write(tmp_path)
    path = tmp_path / S.ACTUALS
    member = sheet_member(path, S.PAYMENTS.name)
    patch_xml(path, b"</sheetData>", b'<row r="5000"><c r="XFD5000" t="n"><v>1</v></c></row></sheetData>', member)
    code, text = cli(capsys, "check", str(tmp_path))
    assert code == 2 and "XFD 列 × 5000 行" in text and "上限" in text


def test_an_inflated_sheet_is_refused(tmp_path, monkeypatch):
    year_builder.write(tmp_path)
    monkeypatch.setattr(reading, "MAX_SHEET_BYTES", 2000)  # a real bomb inflates to gigabytes
    got = problems_of(tmp_path)
    assert any("解压后超过" in p for p in got), got


def test_an_inflated_workbook_is_refused(tmp_path, monkeypatch):
    year_builder.write(tmp_path)
    monkeypatch.setattr(reading, "MAX_BOOK_BYTES", 2000)  # the real cap is 1 GiB for the whole book
    got = problems_of(tmp_path)
    assert any(S.TARGETS in p and "解压后" in p and "超过上限" in p for p in got), got


def test_a_failing_report_with_a_name_too_long_for_a_file_keeps_its_notebook(tmp_path):
    """keep_failed used the full name once (OSError 36); the kept notebook has the short name."""
    import nbformat
    from nbformat.v4 import new_code_cell
    from test_output_guard import tiny_notebooks, write_params

    from jxreport.core.exceptions import ReportError
    from jxreport.pipeline.run import run_reports

    t = year_builder.tables()
    t[S.PROJECTS.name][0]["项目名称"] = "街道社区网格化管理服务能力提升" * 12
    year_builder.write(tmp_path / "data" / "2022", t)
    nb_path = tiny_notebooks(tmp_path / "notebooks") / "project_report.ipynb"
    nb = nbformat.read(str(nb_path), as_version=4)
    nb.cells.append(new_code_cell("raise ValueError('故意失败')"))
    nbformat.write(nb, str(nb_path))
    with pytest.raises(ReportError, match="故意失败"):
        run_reports(write_params(tmp_path), notebooks=tmp_path / "notebooks", formats=["html"], workers=1,
                    progress=False)
    (kept,) = (tmp_path / "output" / "failed" / "2022").glob("P1_*.ipynb")
    assert len(kept.name.encode("utf-8")) <= 255


def test_a_run_with_a_project_name_too_long_for_a_file_name_publishes(tmp_path):
    from test_output_guard import tiny_notebooks, write_params

    from jxreport.pipeline.run import run_reports

    t = year_builder.tables()
    t[S.PROJECTS.name][0]["项目名称"] = "街道社区网格化管理服务能力提升" * 12  # 180 characters, 540 bytes
    year_builder.write(tmp_path / "data" / "2022", t)
    tiny_notebooks(tmp_path / "notebooks")
    summary = run_reports(write_params(tmp_path), notebooks=tmp_path / "notebooks", formats=["html"],
                          workers=1, progress=False)
    (page,) = [p.name for p in summary.output_dir.glob("报送稿/P1_*.html")]
    assert page.startswith("P1_街道社区网格化管理服务能力提升") and len(page.encode("utf-8")) <= 255
