"""The bulletin's charts as image files: the ranking's scores, red and black list marked, and the
year's monthly trend of the criteria counted. Chinese needs a CJK font: without one an error says
which to install, rather than a chart of boxes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._core import Error
from .._labels import period_zh
from ._excel import RED_FILL
from ._numbers import as_float

if TYPE_CHECKING:
    from . import Bulletin

# Simplified Chinese faces first; matplotlib names a Noto CJK collection by its first face (JP), which
# holds the same characters.
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "Microsoft YaHei",
             "SimHei", "PingFang SC", "Noto Sans CJK JP", "Noto Serif CJK JP")


def _cjk_font() -> str:
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in installed:
            return name
    raise Error("no font with Chinese characters for the charts (install fonts-noto-cjk, or one of: "
                f"{', '.join(CJK_FONTS)})")


def _save(fig: Any, directory: Path, name: str, formats: tuple[str, ...]) -> list[Path]:
    from ..io import atomic_write

    out = []
    for fmt in formats:
        if fmt not in ("png", "svg", "pdf"):
            raise Error(f"chart format must be png, svg or pdf, got {fmt!r}")
        out.append(atomic_write(directory / f"{name}.{fmt}", lambda tmp: fig.savefig(tmp, format=fmt, dpi=200,
                                                                                     bbox_inches="tight")))
    return out


def write_charts(b: "Bulletin", directory: Path, formats: tuple[str, ...]) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    font = _cjk_font()
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    with plt.rc_context({"font.sans-serif": [font], "font.family": "sans-serif", "axes.unicode_minus": False,
                         "svg.fonttype": "none"}):
        units = [str(u) for u in b.board.index]
        scores = [float(s) for s in b.board["score"]]
        colours = [f"#{RED_FILL}" if r else "#7F7F7F" if k else "#9DC3E6"
                   for r, k in zip(b.board["red"], b.board["black"])]
        fig, ax = plt.subplots(figsize=(8, 0.35 * len(units) + 1.2))
        ax.barh(units[::-1], scores[::-1], color=colours[::-1])
        for y, s in enumerate(scores[::-1]):
            ax.text(s, y, f" {s:.3f}", va="center", fontsize=8)
        ax.set_title(f"{period_zh(b.period)}综合得分（红色为红榜，灰色为黑榜）")
        ax.set_xlabel("综合得分")
        ax.spines[["top", "right"]].set_visible(False)
        written += _save(fig, directory, "综合得分", formats)
        plt.close(fig)
        counts = [i for i in b.catalog.indicators if i.kind == "count" and i.code in b.config.criteria]
        if len(b.trend) and counts:
            fig, ax = plt.subplots(figsize=(8, 4))
            labels = [period_zh(m) for m in b.trend.index]
            for ind in counts:
                ax.plot(labels, [as_float(v) for v in b.trend[ind.code]], marker="o", label=ind.name_zh)
            ax.set_title("全部单位逐月走势")
            ax.legend(frameon=False)
            ax.tick_params(axis="x", rotation=45)
            ax.spines[["top", "right"]].set_visible(False)
            written += _save(fig, directory, "逐月走势", formats)
            plt.close(fig)
    return written
