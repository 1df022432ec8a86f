"""Reading the small YAML files a user edits (params, rules): any common encoding, no surprises.

Chinese Windows editors save in GBK (GB 18030) as often as in UTF-8; both are read. A file in
neither is refused with the encodings tried named. Dates stay text, so that an impossible
date (2023-02-30) is reported with its key by the caller instead of failing the whole file.
Values quoted in messages are cut (`brief`), so an alias bomb cannot be printed whole.
"""

from __future__ import annotations

import reprlib
from pathlib import Path

import yaml

from jxreport.core.exceptions import ParamsError

ENCODINGS = ("utf-8-sig", "gb18030")


def read_text(path: Path, what: str) -> str:
    """The file's text in UTF-8 (with or without BOM) or GBK/GB 18030."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ParamsError(f"{what} {path} 无法读取：{exc.strerror}。") from None
    if b"\x00" in data[:4096]:  # UTF-16 (Windows Notepad's 'Unicode') and binary files
        raise ParamsError(f"{what} {path} 的编码无法识别（可能是 UTF-16 或不是文本文件）；"
                          "请另存为 UTF-8 编码。") from None
    for enc in ENCODINGS:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ParamsError(f"{what} {path} 既不是 UTF-8 也不是 GBK 编码，无法读取；请另存为 UTF-8 编码。")


class _NoDates(yaml.SafeLoader):
    """SafeLoader that leaves dates as text."""


_NoDates.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def load_yaml(path: Path, what: str):
    """The parsed file (safe YAML, dates as text); every failure a ParamsError naming the file."""
    text = read_text(path, what)
    try:
        return yaml.load(text, Loader=_NoDates)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise ParamsError(f"{what} {path} 不是有效的 YAML：{brief(exc, 300)}") from None
    except (ValueError, TypeError, RecursionError, MemoryError) as exc:
        raise ParamsError(f"{what} {path} 无法解析：{type(exc).__name__}: {brief(exc, 300)}") from None


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring, _REPR.maxother = 3, 6, 6, 80, 80


def brief(value, limit: int = 80) -> str:
    """`value` for a message, cut to `limit` characters; nested data is abridged before it is
    printed (reprlib), so that an alias bomb costs nothing to quote."""
    if isinstance(value, BaseException):
        value = str(value)
    text = value if isinstance(value, str) else _REPR.repr(value)
    if len(text) > limit:
        return text[:limit] + f"…（共 {len(text)} 个字符）"
    return text
