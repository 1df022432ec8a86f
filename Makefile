# 两条命令：`make reports`（安装并生成示例年度报告）与 `make test`（运行全部测试）。
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
YEAR   ?= 2022

.PHONY: reports test check install clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

reports: $(STAMP)
	$(BIN)/jxreport run params/$(YEAR).yaml

check: $(STAMP)
	$(BIN)/jxreport check data/$(YEAR)

test: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider

clean:
	rm -rf $(VENV) output/20* output/.releases output/.20*.lock
