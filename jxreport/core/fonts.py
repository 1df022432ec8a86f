"""The CJK font every chart and PDF uses: Noto Sans CJK SC (SIL OFL), shipped by the mplfonts wheel.

No system font package is needed: the font file comes from PyPI, matplotlib registers it
by path, and the PDF stylesheet points @font-face at the same file so WeasyPrint embeds it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from jxreport.core.exceptions import MissingDependencyError

FAMILY = "Noto Sans CJK SC"
_FILE = "NotoSansCJKsc-Regular.otf"


@lru_cache(maxsize=1)
def font_path() -> Path:
    """Absolute path of NotoSansCJKsc-Regular.otf inside the installed mplfonts package."""
    from importlib.util import find_spec


    spec = find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        raise MissingDependencyError("缺少中文字体包 mplfonts：请运行 pip install mplfonts（提供 Noto Sans CJK SC 字体）。")
    path = Path(list(spec.submodule_search_locations)[0]) / "fonts" / _FILE
    if not path.exists():
        raise MissingDependencyError(f"mplfonts 中找不到字体文件 {_FILE}：请重新安装 mplfonts。")
    return path


@lru_cache(maxsize=1)
def setup_matplotlib() -> str:
    """Register the font with matplotlib and make it the default; returns the family name."""
    import matplotlib
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(font_path()))
    name = font_manager.FontProperties(fname=str(font_path())).get_name()
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [name, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    matplotlib.rcParams["pdf.fonttype"] = 42
    matplotlib.rcParams["svg.fonttype"] = "path"
    return name


def font_face_css() -> str:
    """@font-face rule pointing at the packaged font file, for HTML→PDF rendering."""
    return (f"@font-face {{ font-family: '{FAMILY}'; src: url('{font_path().as_uri()}'); "
            "font-weight: normal; font-style: normal; }\n")
