"""PNG figures: the distribution of forecasts per issue, and EUM position paths over rounds."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from detente.bargain.montecarlo import Distribution  # noqa: E402


def _stem(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "issue"


def plot_outcomes(issue: str, label: str, dists: list[Distribution], path: Path) -> Path:
    """Histogram of each model's Monte Carlo outcomes with the point forecast as a line."""
    fig, ax = plt.subplots(figsize=(7, 3.6))
    bins = np.linspace(0, 100, 41).tolist()
    for k, d in enumerate(dists):
        color = f"C{k}"
        if len(d.samples) > 1:
            ax.hist(d.samples, bins=bins, alpha=0.45, color=color, label=f"{d.model} (80%: {d.low:.0f}–{d.high:.0f})")
        ax.axvline(d.outcome, color=color, lw=2, ls="--", label=None if len(d.samples) > 1 else d.model)
    ax.set_xlim(0, 100)
    ax.set_xlabel("outcome (0–100)")
    ax.set_ylabel("runs")
    ax.set_title(f"Forecast distribution: {label}", fontsize=10)
    ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def plot_rounds(label: str, actors: tuple[str, ...], path_xy: np.ndarray, forecast: float, path: Path) -> Path:
    """Each actor's EUM position per round; the final weighted mean as a dashed line."""
    fig, ax = plt.subplots(figsize=(7, 3.6))
    rounds = np.arange(path_xy.shape[0])
    many = len(actors) > 12
    for k, name in enumerate(actors):
        ax.plot(rounds, path_xy[:, k], lw=0.7 if many else 1.6, marker=None if many else "o", ms=3,
                label=None if many else name)
    ax.axhline(forecast, color="black", ls="--", lw=1, label="final weighted mean")
    ax.set_ylim(-2, 102)
    ax.set_xlabel("round")
    ax.set_ylabel("position (0–100)")
    ax.set_title(f"EUM position paths: {label}", fontsize=10)
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5))
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def figure_paths(directory: Path, issue: str) -> tuple[Path, Path]:
    return directory / f"outcomes-{_stem(issue)}.png", directory / f"rounds-{_stem(issue)}.png"
