"""The summary at the top of the report: the story in words, each number linked to its evidence below."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from detente.analysis.dyads import period_start
from detente.analysis.timeline import date_text, event_name
from detente.analysis.triangle_study import TriangleStudy
from detente.report.extras import ranked_predictions
from detente.report.html import esc, note
from detente.report.sections import Section

PERIOD_LABEL = {"day": "on {}", "week": "in the week of {}", "month": "in {}"}


@dataclass
class Shift:
    """A period where a dyad's Goldstein sum moved most from the period before."""

    dyad: str
    period: pd.Timestamp
    before: float
    after: float
    quotes: list[str] = field(default_factory=list)  # "date: what happened" lines, raw text

    @property
    def change(self) -> float:
        return self.after - self.before


def period_label(period: pd.Timestamp, freq: str) -> str:
    text = period.strftime("%Y-%m") if freq == "month" else period.date().isoformat()
    return PERIOD_LABEL.get(freq, "in {}").format(text)


def biggest_shifts(panel: dict[tuple[str, str], pd.DataFrame], events: pd.DataFrame, freq: str,
                   k: int = 3) -> list[Shift]:
    """The ``k`` largest period-to-period moves in any dyad's Goldstein sum, one per dyad, with their events."""
    found: list[Shift] = []
    for (a, b), frame in panel.items():
        diff = frame["goldstein_sum"].diff().dropna()
        if diff.empty or not diff.abs().max():
            continue
        when = diff.abs().idxmax()
        after = float(frame.loc[when, "goldstein_sum"])
        found.append(Shift(f"{a}→{b}", pd.Timestamp(when), after - float(diff[when]), after))
    found = sorted(found, key=lambda s: -abs(s.change))[:k]
    for shift in found:
        shift.quotes = shift_events(events, shift, freq)
    return found


def shift_events(events: pd.DataFrame, shift: Shift, freq: str, n: int = 2) -> list[str]:
    """The events of the shift's dyad and period that pushed most in its direction, quoted when a sentence says them."""
    if events.empty:
        return []
    a, b = shift.dyad.split("→")
    sel = events[(events["src"] == a) & (events["tgt"] == b)]
    sel = sel[period_start(sel["day"], freq).to_numpy() == shift.period.to_datetime64()]
    if sel.empty:
        return []
    sign = 1.0 if shift.change >= 0 else -1.0  # the events that moved the sum the way it went
    sel = sel.assign(strength=sign * pd.to_numeric(sel["goldstein"], errors="coerce").fillna(0),
                     quoted=sel["sentence"].notna() if "sentence" in sel else False)
    lines: list[str] = []
    for r in sel.sort_values(["quoted", "strength"], ascending=False).head(10 * n).to_dict("records"):
        when = date_text(r.get("date"), r.get("date_precision"), r.get("day"))
        sentence = r.get("sentence")
        what = f"“{_short(sentence, 180)}”" if isinstance(sentence, str) and sentence else event_name(str(r["cameo"]))
        line = f"{when}: {what}"
        if line not in lines:  # two actors of one country doing the same thing that day read as one line
            lines.append(line)
        if len(lines) == n:
            break
    return lines


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _link(anchor: str, text: str = "evidence") -> str:
    return f' <a href="#{esc(anchor)}">{esc(text)} ↓</a>'


def dyads_line(summary: pd.DataFrame) -> str:
    if summary.empty or not summary["events"].sum():
        return ""
    top = summary.sort_values("events", ascending=False).head(3)
    items = [f"<b>{esc(r['dyad'])}</b> {r['events']:,} events ({r['coop_share']:.0%} cooperative, mean Goldstein"
             f" {r['goldstein_mean']:+.1f})" for r in top.to_dict("records") if r["events"]]
    return "<li><b>Busiest dyads:</b> " + "; ".join(items) + "." + _link("dyads") + "</li>"


def shifts_line(shifts: list[Shift], freq: str) -> str:
    if not shifts:
        return ""
    items = []
    for s in shifts:
        quotes = "".join(f"<li class='quote'>{esc(q)}</li>" for q in s.quotes)
        items.append(f"<li><b>{esc(s.dyad)}</b> {esc(period_label(s.period, freq))}: Goldstein sum"
                     f" {s.before:+.1f} → {s.after:+.1f} ({s.change:+.1f})"
                     + (f"<ul>{quotes}</ul>" if quotes else "") + "</li>")
    return "<li><b>Biggest shifts:</b>" + _link("dyads", "chart") + "<ul>" + "".join(items) + "</ul></li>"


def triangle_line(study: TriangleStudy | None) -> str:
    if study is None:
        return ""
    return (f"<li><b>Triangle {esc(', '.join(study.actors))}:</b> {esc(study.verdict())}"
            + _link("triangle") + "</li>")


def forecast_line(forecasts: list[tuple[str, dict]]) -> str:
    items = []
    for sid, data in forecasts:
        q = data.get("query") or {}
        specific, _ = ranked_predictions(data.get("predictions") or [])
        if not specific:
            continue
        top = ", ".join(f"{esc(p.get('name') or p.get('cameo'))} ({float(p.get('score') or 0):.2f})"
                        for p in specific[:3])
        who = f"{q.get('source', '?')}→{q.get('target') or 'anyone'}"
        items.append(f"<b>{esc(who)}</b> after {esc(q.get('date', '?'))}: {top}" + _link(sid))
    return "<li><b>Forecast, most likely next:</b> " + "; ".join(items) + "</li>" if items else ""


def bargain_line(data: dict | None) -> str:
    if not data:
        return ""
    names = {i.get("id"): i.get("name") or i.get("id") for i in data.get("issues") or [] if isinstance(i, dict)}
    items = []
    by_issue: dict[str, list[dict]] = {}
    for f in data.get("forecasts") or []:
        if isinstance(f, dict) and "issue" in f:
            by_issue.setdefault(str(f["issue"]), []).append(f)
    for issue, rows in by_issue.items():
        parts = []
        for r in rows:
            value = r.get("outcome", r.get("median", r.get("forecast")))
            if value is None:
                continue
            spread = (f" ({float(r['low']):.0f}–{float(r['high']):.0f})" if r.get("low") is not None
                      and r.get("high") is not None and r["low"] != r["high"] else "")
            parts.append(f"{esc(r.get('model', '?'))} {float(value):.0f}{spread}")
        if parts:
            items.append(f"<b>{esc(names.get(issue, issue))}</b>: " + ", ".join(parts))
    if not items:
        return ""
    return ("<li><b>Bargaining outcome</b> (model: predicted position on 0–100, middle 80% of Monte Carlo draws): "
            + "; ".join(items) + "." + _link("bargaining") + "</li>")


def summary_section(info: dict[str, Any]) -> Section:
    """``info``: events_total, in_scope, actors, window, summary (dyads), shifts, freq, study, forecasts, bargain."""
    lines = [dyads_line(info["summary"]), shifts_line(info["shifts"], info["freq"]), triangle_line(info["study"]),
             forecast_line(info["forecasts"]), bargain_line(info["bargain"])]
    head = (f"<p>{info['in_scope']:,} events involve {esc(', '.join(info['actors']))}"
            f" ({esc(info['window'])}), of {info['events_total']:,} in the store.</p>")
    body = "".join(line for line in lines if line)
    if not body:
        return Section("summary", "Summary", head + note("Nothing to summarise: no counted events between these"
                                                         " actors in this window.", "warning"))
    return Section("summary", "Summary", head + f"<ul class='summary'>{body}</ul>")
