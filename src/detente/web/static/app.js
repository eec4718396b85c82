// detente serve: fills the pages from the JSON API. Text from the store is untrusted: it only
// ever reaches the page through textContent (el() below), never as HTML.
"use strict";

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "onclick") node.addEventListener("click", v);
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c)));
  return node;
}

function showError(message) {
  const box = document.getElementById("error");
  box.textContent = message || "";
  box.hidden = !message;
}

async function api(path, params, options) {
  const query = params ? "?" + new URLSearchParams(params).toString() : "";
  const response = await fetch(path + query, options);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    showError(body.detail || response.status + " " + response.statusText);
    throw new Error(body.detail || String(response.status));
  }
  showError("");
  return body;
}

function formParams(form) {
  const out = {};
  for (const [k, v] of new FormData(form).entries()) if (String(v).trim()) out[k] = String(v).trim();
  return out;
}

function table(target, columns, rows) {
  const t = typeof target === "string" ? document.getElementById(target) : target;
  t.replaceChildren(el("tr", {}, ...columns.map(([, label]) => el("th", {}, label))));
  for (const r of rows) t.append(el("tr", {}, ...columns.map(([key]) => el("td", {}, fmt(r[key])))));
}

function fmt(v) {
  if (typeof v === "number" && !Number.isInteger(v)) return v.toFixed(3);
  if (v === null || v === undefined) return "";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

function plot(id, traces, layout) {
  if (!window.Plotly) return;
  Plotly.react(id, traces, Object.assign({margin: {t: 20, r: 10, b: 40, l: 50}, height: 320}, layout || {}),
    {displaylogo: false, responsive: true});
}

const QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"};

async function drawTimeline(id, params) {
  const data = await api("/api/timeline", params);
  const byQuad = {};
  for (const r of data.months) (byQuad[r.quad_class] = byQuad[r.quad_class] || []).push(r);
  plot(id, Object.entries(byQuad).map(([q, rows]) => ({
    type: "bar", name: QUADS[q] || "quad " + q, x: rows.map(r => r.month), y: rows.map(r => r.events)})),
    {barmode: "stack", height: 240});
}

// -- events ------------------------------------------------------------------------------------
function highlighted(sentence, spans) {
  // the sentence as text nodes, with the source, target and trigger spans in <mark>s
  const cuts = Object.entries(spans || {}).map(([kind, [s, e]]) => ({kind, s, e})).sort((a, b) => a.s - b.s);
  const out = el("span", {class: "sentence"});
  let at = 0;
  for (const c of cuts) {
    if (c.s < at) continue;  // overlapping spans: keep the first
    out.append(sentence.slice(at, c.s), el("mark", {class: c.kind, title: c.kind}, sentence.slice(c.s, c.e)));
    at = c.e;
  }
  out.append(sentence.slice(at));
  return out;
}

function actorLabel(a) { return a ? (a.code || a.country || a.text || "") : ""; }

async function explain(id) {
  const data = await api("/api/events/" + encodeURIComponent(id));
  const box = document.getElementById("explain");
  document.getElementById("explain-text").textContent = data.explanation;
  box.hidden = false;
}

function eventsPage() {
  const form = document.getElementById("filters");
  const url = new URLSearchParams(location.search);
  for (const input of form.elements) if (input.name && url.get(input.name)) input.value = url.get(input.name);
  let offset = 0;
  const pageSize = 50;
  async function load() {
    const params = formParams(form);
    history.replaceState(null, "", "/events?" + new URLSearchParams(params).toString());
    const data = await api("/api/events", Object.assign({limit: pageSize, offset}, params));
    const body = document.querySelector("#events-table tbody");
    body.replaceChildren(...data.events.map(e => el("tr", {"data-id": e.id},
      el("td", {}, e.date || ""), el("td", {}, actorLabel(e.source)), el("td", {}, actorLabel(e.target)),
      el("td", {}, e.cameo), el("td", {}, e.modality), el("td", {}, highlighted(e.sentence || "", data.spans[e.id])),
      el("td", {}, el("button", {type: "button", class: "explain", onclick: () => explain(e.id)}, "explain")))));
    const last = Math.min(offset + data.events.length, data.total);
    document.getElementById("count").textContent = data.total ? `${offset + 1}–${last} of ${data.total} events` : "no events";
    document.getElementById("prev").disabled = offset === 0;
    document.getElementById("next").disabled = last >= data.total;
    drawTimeline("timeline", params);
  }
  form.addEventListener("submit", ev => { ev.preventDefault(); offset = 0; load().catch(() => {}); });
  document.getElementById("prev").addEventListener("click", () => { offset = Math.max(0, offset - pageSize); load().catch(() => {}); });
  document.getElementById("next").addEventListener("click", () => { offset += pageSize; load().catch(() => {}); });
  load().catch(() => {});
}

// -- analysis ----------------------------------------------------------------------------------
function analysisPage() {
  const form = document.getElementById("actors-form");
  async function load() {
    const params = formParams(form);
    const dy = await api("/api/dyads", params);
    plot("dyad-chart", dy.series.map(s => ({type: "scatter", mode: "lines", name: s.source + "→" + s.target,
      x: s.points.map(p => p.period), y: s.points.map(p => p.goldstein_sum)})));
    table("dyad-table", [["dyad", "dyad"], ["events", "events"], ["goldstein_sum", "Goldstein sum"],
      ["coop_share", "cooperation share"]], dy.summary);
    const note = document.getElementById("triangle-note");
    try {
      const tri = await api("/api/triangle", Object.assign({}, params));
      note.textContent = tri.ok ? `VAR with ${tri.lag} lag(s) over ${tri.periods} periods. ${tri.warnings.join(" ")}`
                                : `No VAR: ${tri.warnings.join(" ")}`;
      table("triangle-table", [["kind", "question"], ["cause", "cause"], ["effect", "effect"], ["F", "F"], ["p", "p"],
        ["answer", "answer"]], tri.questions);
    } catch (err) { note.textContent = "No triangle: " + err.message; showError(""); }
    const net = await api("/api/network", {actors: params.actors || "", since: params.since || "", until: params.until || ""});
    const where = Object.fromEntries(net.nodes.map(n => [n.id, n]));
    const edgeX = [], edgeY = [];
    for (const e of net.edges) edgeX.push(where[e.source].x, where[e.target].x, null), edgeY.push(where[e.source].y, where[e.target].y, null);
    plot("network-chart", [
      {type: "scatter", mode: "lines", x: edgeX, y: edgeY, line: {color: "#bbb", width: 1}, hoverinfo: "none", showlegend: false},
      {type: "scatter", mode: "markers+text", x: net.nodes.map(n => n.x), y: net.nodes.map(n => n.y),
       text: net.nodes.map(n => n.id), textposition: "top center", marker: {size: 14}, showlegend: false}],
      {xaxis: {visible: false}, yaxis: {visible: false}, height: 420});
    document.getElementById("broker").textContent = "Broker in the triangle: " + (net.broker || "none");
  }
  form.addEventListener("submit", ev => { ev.preventDefault(); load().catch(() => {}); });
  load().catch(() => {});
}

// -- forecast ----------------------------------------------------------------------------------
function forecastPage() {
  const form = document.getElementById("forecast-form");
  async function load() {
    const data = await api("/api/forecast", formParams(form));
    const q = data.query;
    document.getElementById("forecast-note").textContent =
      `${q.source} → ${q.target || "any target"}, as of ${q.date || "the last day"} (${q.model || "model"})`;
    const t = document.getElementById("forecast-table");
    t.replaceChildren(el("tr", {}, el("th", {}, "rank"), el("th", {}, "target"), el("th", {}, "event"),
      el("th", {}, "score"), el("th", {}, "why")));
    data.predictions.forEach((p, i) => t.append(el("tr", {}, el("td", {}, i + 1), el("td", {}, p.target || ""),
      el("td", {}, `${p.cameo || ""} ${p.name || ""}`), el("td", {}, fmt(p.score)),
      el("td", {}, el("details", {}, el("summary", {}, "past events and rules"), el("pre", {}, JSON.stringify(p.explanation, null, 1)))))));
  }
  form.addEventListener("submit", ev => { ev.preventDefault(); load().catch(() => {}); });
  load().catch(() => {});
}

// -- scenario ----------------------------------------------------------------------------------
function numberValue(v) { return v !== null && typeof v === "object" ? v.value : v; }

function scenarioPage() {
  const form = document.getElementById("scenario-form");
  let scenario = null, previous = {};
  function input(actor, field, issue, value) {
    return el("input", {type: "number", step: "any", min: "0", value: String(numberValue(value)),
      "data-actor": actor, "data-field": field, "data-issue": issue || "", size: "5"});
  }
  function drawTable() {
    const issues = scenario.issues.map(i => i.id);
    const head = el("tr", {}, el("th", {}, "actor"), el("th", {}, "capability"),
      ...issues.flatMap(i => [el("th", {}, i + " position"), el("th", {}, i + " salience")]));
    const rows = scenario.actors.map((a, k) => el("tr", {}, el("td", {}, a.name), el("td", {}, input(k, "capability", null, a.capability)),
      ...issues.flatMap(i => i in a.positions ? [el("td", {}, input(k, "positions", i, a.positions[i])),
                                                el("td", {}, input(k, "saliences", i, a.saliences[i]))] : [el("td", {}), el("td", {})])));
    document.getElementById("scenario-table").replaceChildren(head, ...rows);
  }
  function edited() {
    const copy = JSON.parse(JSON.stringify(scenario));
    for (const box of form.querySelectorAll("input[data-field]")) {
      const actor = copy.actors[Number(box.dataset.actor)], value = Number(box.value);
      const set = (holder, key) => { if (holder[key] !== null && typeof holder[key] === "object") holder[key] = Object.assign({}, holder[key], {value, range: null}); else holder[key] = value; };
      if (box.dataset.field === "capability") set(actor, "capability"); else set(actor[box.dataset.field], box.dataset.issue);
    }
    return copy;
  }
  async function run() {
    const body = {scenario: edited(), model: form.elements.model.value, runs: Number(form.elements.runs.value)};
    const data = await api("/api/simulate", null, {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
    const rows = data.forecasts.map(f => Object.assign({}, f, {before: previous[f.issue + f.model]}));
    table("outcome-table", [["issue", "issue"], ["model", "model"], ["outcome", "outcome"], ["before", "before the edit"]], rows);
    plot("outcome-chart", [{type: "bar", x: data.forecasts.map(f => f.issue + " (" + f.model + ")"), y: data.forecasts.map(f => f.outcome)}],
      {yaxis: {range: [0, 100], title: "outcome (0–100)"}, height: 260});
    for (const f of data.forecasts) previous[f.issue + f.model] = f.outcome;
    document.getElementById("outcome-table").dataset.runs = String(Number(document.getElementById("outcome-table").dataset.runs || 0) + 1);
  }
  form.addEventListener("submit", ev => { ev.preventDefault(); run().catch(() => {}); });
  api("/api/scenario").then(s => {
    scenario = s;
    document.getElementById("scenario-name").textContent = s.name;
    drawTable();
    return run();
  }).catch(() => {});
}

// -- upload ------------------------------------------------------------------------------------
function uploadPage() {
  const form = document.getElementById("upload-form");
  if (!form) return;
  const bar = document.getElementById("progress"), status = document.getElementById("job-status");
  async function poll(id) {
    const job = await api("/api/jobs/" + encodeURIComponent(id));
    bar.hidden = false;
    bar.max = Math.max(job.total, 1);
    bar.value = job.done;
    status.textContent = `${job.status}: ${job.done} of ${job.total || "?"} documents, ${job.events} events` + (job.error ? " — " + job.error : "");
    document.getElementById("problems").replaceChildren(...job.problems.map(p => el("li", {}, p)));
    if (job.status === "queued" || job.status === "running") { setTimeout(() => poll(id).catch(() => {}), 300); return; }
    const found = [];
    for (const doc of job.documents) found.push(...(await api("/api/events", {doc, limit: 200})).events);
    table("new-events", [["date", "date"], ["cameo", "CAMEO"], ["modality", "modality"], ["sentence", "sentence"]], found);
    document.getElementById("new-events").dataset.done = "1";
  }
  form.addEventListener("submit", async ev => {
    ev.preventDefault();
    const data = new FormData(form);
    try {
      const job = await api("/api/ingest", null, {method: "POST", body: data});
      status.textContent = "queued";
      await poll(job.id);
    } catch (err) { /* shown by api() */ }
  });
}

const PAGES = {overview: () => drawTimeline("timeline", {}).catch(() => {}), events: eventsPage, analysis: analysisPage,
               forecast: forecastPage, scenario: scenarioPage, upload: uploadPage};
document.addEventListener("DOMContentLoaded", () => { const start = PAGES[document.body.dataset.page]; if (start) start(); });
