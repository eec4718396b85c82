"""The self-contained HTML report (plotly.js embedded once; every document string escaped)."""

from detente.report.build import write_report

__all__ = ["write_report"]
