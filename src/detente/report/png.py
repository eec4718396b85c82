"""The report's figures as PNG files (matplotlib), for papers and slides."""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from detente.analysis.dyads import dyad_name
from detente.analysis.triangle import TriangleResult
from detente.ontology import QUAD_CLASS_NAMES
from detente.report.charts import DYAD_COLORS, QUAD_COLORS


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _dates(ax) -> None:
    """Readable date ticks however long the window (matplotlib's concise formatter)."""
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def dyads_png(panel: dict[tuple[str, str], pd.DataFrame], freq: str, out: Path) -> Path:
    plt = _plt()
    fig, ax = plt.subplots(figsize=(10, 4.5))
    for i, ((a, b), f) in enumerate(panel.items()):
        ax.plot(f.index, f["goldstein_sum"], label=dyad_name(a, b), color=DYAD_COLORS[i % len(DYAD_COLORS)], lw=1.3)
    ax.axhline(0, color="#888", lw=0.8)
    _dates(ax)
    ax.set_title(f"Goldstein sum per {freq}")
    ax.legend(ncol=3, fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=150)
    plt.close(fig)
    return out


def quadclass_png(panel: dict[tuple[str, str], pd.DataFrame], freq: str, out: Path) -> Path:
    plt = _plt()
    keys = list(panel)
    rows = max(1, math.ceil(len(keys) / 2))
    fig, axes = plt.subplots(rows, 2, figsize=(10, 2.2 * rows), sharex=True, squeeze=False)
    for i, key in enumerate(keys):
        ax = axes[i // 2][i % 2]
        f = panel[key]
        width = {"day": 1, "week": 6, "month": 25}.get(freq, 6)
        bottom = np.zeros(len(f))
        for q in (1, 2, 3, 4):
            ax.bar(f.index, f[f"q{q}"], bottom=bottom, width=width, color=QUAD_COLORS[q],
                   label=QUAD_CLASS_NAMES[q] if i == 0 else None)
            bottom += f[f"q{q}"].to_numpy()
        ax.set_title(dyad_name(*key), fontsize=9)
        _dates(ax)
    for j in range(len(keys), rows * 2):
        axes[j // 2][j % 2].axis("off")
    fig.legend(loc="lower center", ncol=4, fontsize=8)
    fig.suptitle(f"Events per {freq} by QuadClass")
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    fig.savefig(out, dpi=150)
    plt.close(fig)
    return out


def granger_png(res: TriangleResult, out: Path) -> Path:
    plt = _plt()
    names = res.variables
    z = np.full((len(names), len(names)), np.nan)
    for _, r in res.granger.iterrows():
        z[names.index(r["effect"]), names.index(r["cause"])] = r["p"]
    fig, ax = plt.subplots(figsize=(6.5, 5.5))
    im = ax.imshow(z, cmap="Blues_r", vmin=0, vmax=0.2)
    ax.set_xticks(range(len(names)), names, rotation=45, ha="right")
    ax.set_yticks(range(len(names)), names)
    for i in range(len(names)):
        for j in range(len(names)):
            if not np.isnan(z[i, j]):
                ax.text(j, i, f"{z[i, j]:.2f}", ha="center", va="center", fontsize=8)
    ax.set_xlabel("cause")
    ax.set_ylabel("effect")
    ax.set_title(f"Granger p-values, VAR({res.lag})")
    fig.colorbar(im, ax=ax, label="p")
    fig.tight_layout()
    fig.savefig(out, dpi=150)
    plt.close(fig)
    return out


def irf_png(res: TriangleResult, out: Path) -> Path:
    plt = _plt()
    names = res.variables
    k = len(names)
    cols = 3
    rows = math.ceil(k / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(12, 3 * rows), sharex=True, squeeze=False)
    h = np.arange(res.irf.shape[0])
    for j, impulse in enumerate(names):
        ax = axes[j // cols][j % cols]
        for i, response in enumerate(names):
            ax.plot(h, res.irf[:, i, j], color=DYAD_COLORS[i % len(DYAD_COLORS)], label=response if j == 0 else None)
        ax.axhline(0, color="#888", lw=0.8)
        ax.set_title(f"shock: {impulse}", fontsize=9)
    for j in range(k, rows * cols):
        axes[j // cols][j % cols].axis("off")
    fig.legend(loc="lower center", ncol=k, fontsize=8)
    fig.suptitle("Orthogonalised impulse responses")
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    fig.savefig(out, dpi=150)
    plt.close(fig)
    return out


def network_png(g: nx.DiGraph, broker: str | None, out: Path) -> Path:
    plt = _plt()
    fig, ax = plt.subplots(figsize=(7, 7))
    inner = [n for n in g.nodes if g.nodes[n].get("analysed")]
    pos = nx.shell_layout(g, [inner, [n for n in g.nodes if n not in inner]] if len(g) > len(inner) else [inner])
    top = max([d["events"] for _, _, d in g.edges(data=True)] or [1])
    colors = ["#238b45" if d["goldstein_sum"] > 0 else "#cb181d" for _, _, d in g.edges(data=True)]
    widths = [0.5 + 5 * math.sqrt(d["events"] / top) for _, _, d in g.edges(data=True)]
    nx.draw_networkx_edges(g, pos, ax=ax, edge_color=colors, width=widths, alpha=0.7, arrows=True,
                           connectionstyle="arc3,rad=0.1", node_size=1200)
    node_colors = ["#ffd92f" if n == broker else ("#9ecae1" if n in inner else "#eeeeee") for n in g.nodes]
    nx.draw_networkx_nodes(g, pos, ax=ax, node_color=node_colors, node_size=1200, edgecolors="#333")
    nx.draw_networkx_labels(g, pos, ax=ax, font_size=9)
    ax.set_title("Network (green: net cooperation, red: net conflict)")
    ax.axis("off")
    fig.tight_layout()
    fig.savefig(out, dpi=150)
    plt.close(fig)
    return out
