"""Read the reference logs of KTAB's `smpc` (the lines our SMP must reproduce).

We keep three things from a log: the options it ran with, the "Fractional change compared to
first step" line of every turn, and the closing histories (every actor's position per
dimension per turn, and its position's win probability per turn), as printed (0.1 and 0.0001).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

OPTION_KEYS = ("VictoryProbModel", "VotingRule", "PCEModel", "StateTransitions", "BigRRange", "BigRAdjust",
               "ThirdPartyCommit", "InterVecBrgn", "BargnModel")


@dataclass
class KtabLog:
    options: dict[str, str] = field(default_factory=dict)
    fractional: list[float] = field(default_factory=list)
    positions: dict[tuple[str, str], list[float]] = field(default_factory=dict)  # (actor, dimension) → per turn
    probabilities: dict[str, list[float]] = field(default_factory=dict)  # actor → per turn


def read_ktab_log(path: Path) -> KtabLog:
    """Parse one `20170530_ref-*.txt` log; raises ValueError when it holds no history."""
    log = KtabLog()
    section = None
    for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.rstrip()
        key = line.split(":", 1)[0].strip()
        if key in OPTION_KEYS and ":" in line:
            log.options[key] = line.split(":", 1)[1].strip()
        elif line.startswith("Fractional change compared to first step:"):
            log.fractional.append(float(line.split(":", 1)[1].split()[0]))
        elif line.startswith("History of actor positions"):
            section = "pos"
        elif line.startswith("History of actors' winning probabilities"):
            section = "prob"
        elif section and "," in line and ":" in line:
            head, values = line.split(":", 1)
            name, label = (p.strip() for p in head.split(",", 1))
            numbers = [float(v) for v in re.findall(r"-?\d+\.\d+", values)]
            if section == "prob" and label == "prob":
                log.probabilities[name] = numbers
            elif section == "pos":
                log.positions[(name, label)] = numbers
        elif section and line and not line[0].isspace() and "," not in line:
            section = None if section == "prob" else section
    if not log.positions:
        raise ValueError(f"{Path(path).name}: no position history (an empty or cut-short KTAB log)")
    return log
