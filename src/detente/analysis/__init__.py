"""Analyses over the store: directed dyad series, triangle VAR, actor networks, timelines."""

from detente.analysis.dyads import (
    FREQS,
    dyad_panel,
    dyad_series,
    dyad_summary,
    dyad_table,
    panel_matrix,
    period_index,
)
from detente.analysis.events import (
    ActorSpec,
    AnalysisError,
    Scope,
    load_dyad_events,
    load_partner_counts,
    load_timeline,
    parse_actors,
)
from detente.analysis.network import build_network, centrality, triangle_broker
from detente.analysis.timeline import timeline_rows
from detente.analysis.triangle import TriangleResult, fit_var, triangle_questions
from detente.analysis.triangle_study import TriangleSettings, TriangleStudy, study_triangle

__all__ = [
    "FREQS", "ActorSpec", "AnalysisError", "Scope", "TriangleResult", "build_network", "centrality",
    "dyad_panel", "dyad_series", "dyad_summary", "dyad_table", "fit_var", "load_dyad_events", "load_partner_counts",
    "load_timeline", "panel_matrix", "parse_actors", "period_index", "timeline_rows", "triangle_broker",
    "triangle_questions", "TriangleSettings", "TriangleStudy", "study_triangle",
]
