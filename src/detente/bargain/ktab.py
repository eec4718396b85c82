"""Import KTAB's SMP scenario CSV (KAPSARC Toolkit for Behavioral Analysis) as a `Scenario`.

Layout: line 1 = scenario name, description, number of actors, number of dimensions; line 2 =
headers (Actor, Description, Power/Influence, then a Position and a Salience column per
dimension); then one line per actor. Saliences are on 0–100. Each dimension becomes an issue.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from detente.bargain.scenario import Scenario, ScenarioError, parse_scenario


def _slug(text: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", text.lower().replace("position", "")).strip("_") or "dim"
    slug, k = base, 2
    while slug in taken:
        slug, k = f"{base}_{k}", k + 1
    taken.add(slug)
    return slug


def load_ktab(path: Path) -> Scenario:
    """Read a KTAB SMP CSV; problems become one-line ScenarioErrors naming the line."""
    path = Path(path)
    with open(path, newline="", encoding="utf-8-sig", errors="replace") as fh:
        rows = [[c.strip() for c in row] for row in csv.reader(fh)]
    rows = [r for r in rows if any(r)]
    if len(rows) < 3:
        raise ScenarioError(f"{path.name}: too short for a KTAB SMP file (need a title line, headers, actors)")
    title, header = rows[0], [h for h in rows[1] if h]
    try:
        n_actors, n_dims = int(float(title[2])), int(float(title[3]))
    except (IndexError, ValueError):
        raise ScenarioError(f"{path.name}: line 1: expected name, description, #actors, #dimensions") from None
    if len(header) < 3 + 2 * n_dims:
        raise ScenarioError(f"{path.name}: line 2: {len(header)} headers for {n_dims} dimension(s)")
    taken: set[str] = set()
    dims = [_slug(header[3 + 2 * d], taken) for d in range(n_dims)]
    actors = []
    for k, row in enumerate(rows[2:2 + n_actors]):
        line = k + 3
        try:
            nums = [float(c) for c in row[2:3 + 2 * n_dims]]
        except ValueError:
            raise ScenarioError(f"{path.name}: line {line}: a number is not numeric") from None
        if len(nums) < 1 + 2 * n_dims:
            raise ScenarioError(f"{path.name}: line {line}: expected {1 + 2 * n_dims} numbers")
        actors.append({
            "name": row[0],
            "code": row[0],
            "capability": nums[0],
            "positions": {d: nums[1 + 2 * i] for i, d in enumerate(dims)},
            "saliences": {d: nums[2 + 2 * i] for i, d in enumerate(dims)},
        })
    if len(actors) != n_actors:
        raise ScenarioError(f"{path.name}: line 1 announces {n_actors} actors, the file has {len(actors)}")
    data = {
        "name": title[0] or path.stem,
        "description": title[1] if len(title) > 1 else None,
        "issues": [{"id": d, "name": header[3 + 2 * i], "low": "0 on the KTAB scale", "high": "100 on the KTAB scale"}
                   for i, d in enumerate(dims)],
        "actors": actors,
    }
    return parse_scenario(data, path.name)
