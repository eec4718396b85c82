"""Actor networks: directed edges weighted by cooperation and conflict, centrality, the broker.

Broker (documented in docs/report.md): in a triangle X, Y, Z with tie strength t(u, v) = events
u→v plus v→u, X's brokerage is ``min(t(X,Y), t(X,Z)) / (min(t(X,Y), t(X,Z)) + t(Y,Z))`` — near 1
when X is tied to both others while they barely deal with each other directly, 0 when X lacks a
tie to one of them. The broker is the actor with the highest score (betweenness within the triangle breaks ties);
when two actors still tie, no broker is named. Partners whose country is unknown (ICEWS writes
``---``) are left out: they are many different actors under one label.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import networkx as nx
import pandas as pd


def unknown_label(label: object) -> bool:
    """``---``, ``???`` or an empty label: an actor whose country the data set does not know."""
    text = str(label or "").strip()
    return not text or not any(ch.isalnum() for ch in text)


def build_network(counts: pd.DataFrame, actors: list[str], max_partners: int = 12) -> nx.DiGraph:
    """A directed graph from aggregated counts (src, tgt, quad_class, n, goldstein_sum).

    Keeps the analysed actors and their ``max_partners`` busiest other partners, so a network
    built from a large import stays readable.
    """
    g = nx.DiGraph()
    for a in actors:
        g.add_node(a, analysed=True)
    if counts.empty:
        return g
    c = counts[~counts["src"].map(unknown_label) & ~counts["tgt"].map(unknown_label)].copy()
    c["coop"] = c["n"].where(c["quad_class"].isin([1, 2]), 0)
    c["conflict"] = c["n"].where(c["quad_class"].isin([3, 4]), 0)
    edges = c.groupby(["src", "tgt"], as_index=False)[["n", "coop", "conflict", "goldstein_sum"]].sum()
    others = edges[~edges["src"].isin(actors) | ~edges["tgt"].isin(actors)]
    volume: dict[str, float] = {}
    for row in others.itertuples():
        other = row.tgt if row.src in actors else row.src
        volume[other] = volume.get(other, 0.0) + float(row.n)
    partners = [p for p, _ in sorted(volume.items(), key=lambda kv: (-kv[1], kv[0]))[:max_partners]]
    keep = set(actors) | set(partners)
    for p in partners:
        g.add_node(p, analysed=False)
    for row in edges.itertuples():
        if row.src in keep and row.tgt in keep and row.src != row.tgt:
            g.add_edge(row.src, row.tgt, events=int(row.n), coop=int(row.coop), conflict=int(row.conflict),
                       goldstein_sum=float(row.goldstein_sum))
    return g


def tie(g: nx.DiGraph, u: str, v: str, weight: str = "events") -> float:
    """Undirected tie strength: u→v plus v→u."""
    return float(g.get_edge_data(u, v, {}).get(weight, 0)) + float(g.get_edge_data(v, u, {}).get(weight, 0))


def undirected(g: nx.DiGraph, weight: str = "events") -> nx.Graph:
    """Ties as an undirected graph with ``distance = 1 / strength`` for path-based centrality."""
    h = nx.Graph()
    h.add_nodes_from(g.nodes(data=True))
    for u, v in combinations(g.nodes, 2):
        w = tie(g, u, v, weight)
        if w > 0:
            h.add_edge(u, v, strength=w, distance=1.0 / w)
    return h


def centrality(g: nx.DiGraph) -> pd.DataFrame:
    """Per actor: events sent/received, cooperation and conflict sent, weighted degree, betweenness."""
    h = undirected(g)
    betw = nx.betweenness_centrality(h, weight="distance", normalized=True) if len(h) > 2 else {n: 0.0 for n in h}
    rows = []
    for n in g.nodes:
        out_e = sum(d["events"] for _, _, d in g.out_edges(n, data=True))
        in_e = sum(d["events"] for _, _, d in g.in_edges(n, data=True))
        rows.append({
            "actor": n, "analysed": bool(g.nodes[n].get("analysed")), "sent": out_e, "received": in_e,
            "coop_sent": sum(d["coop"] for _, _, d in g.out_edges(n, data=True)),
            "conflict_sent": sum(d["conflict"] for _, _, d in g.out_edges(n, data=True)),
            "partners": h.degree(n), "strength": out_e + in_e, "betweenness": betw.get(n, 0.0),
        })
    df = pd.DataFrame(rows)
    return df.sort_values(["strength", "actor"], ascending=[False, True]).reset_index(drop=True) if len(df) else df


@dataclass
class Brokerage:
    actor: str
    score: float  # 0..1, see module docstring
    ties: tuple[float, float]  # X's ties to the two others
    direct: float  # the two others' direct tie
    betweenness: float  # within the triangle, distance = 1/strength


def triangle_broker(g: nx.DiGraph, triangle: list[str]) -> tuple[str | None, list[Brokerage]]:
    """Brokerage scores for three actors and the broker (None when no actor ties to both others)."""
    if len(triangle) != 3:
        raise ValueError("a triangle has three actors")
    sub = undirected(g.subgraph(triangle).copy())
    betw = nx.betweenness_centrality(sub, weight="distance", normalized=True)
    scores = []
    for x in triangle:
        y, z = [a for a in triangle if a != x]
        txy, txz, tyz = tie(g, x, y), tie(g, x, z), tie(g, y, z)
        m = min(txy, txz)
        score = m / (m + tyz) if m > 0 else 0.0
        scores.append(Brokerage(x, score, (txy, txz), tyz, betw.get(x, 0.0)))
    ranked = sorted(scores, key=lambda b: (b.score, b.betweenness), reverse=True)
    best, second = ranked[0], ranked[1]
    tied = abs(best.score - second.score) < 1e-9 and abs(best.betweenness - second.betweenness) < 1e-9
    return (best.actor if best.score > 0 and not tied else None), scores
