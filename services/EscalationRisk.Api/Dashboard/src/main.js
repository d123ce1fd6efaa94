// The EscalationRisk dashboard: polls the Api, draws each scope's risk over time with its threshold lines (uPlot),
// lists alerts with their evidence highlighted in the original text, and changes rules and silences. Everything
// from the server is put in the page as text nodes, never as HTML: article text is untrusted.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { drawMap } from './map.js';

const POLL_MS = 2000;
const $ = (id) => document.getElementById(id);
const state = { scope: null, alert: null, alertJson: '', chart: null, historyKey: '' };

const tokenInput = $('token');
tokenInput.value = sessionStorage.getItem('er-token') || '';
tokenInput.addEventListener('change', () => sessionStorage.setItem('er-token', tokenInput.value));

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null) node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c ?? '')));
  return node;
}

async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && tokenInput.value) headers.Authorization = `Bearer ${tokenInput.value}`;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) {
    let detail = response.statusText;
    try { const problem = await response.json(); detail = problem.detail || problem.title || detail; } catch { /* not JSON */ }
    throw new Error(`${response.status}: ${detail}`);
  }
  return response.status === 204 ? null : response.json();
}

function say(text, isError = false) {
  const m = $('message');
  m.textContent = text;
  m.className = isError ? 'error' : '';
}

const time = (iso) => (iso ? new Date(iso).toISOString().replace('T', ' ').slice(0, 19) + 'Z' : '');
const scopeId = (s) => `${s.kind}/${s.key}`;

// ---- risk ----
let recolourMap = null;
async function refreshRisk() {
  const values = await api('GET', '/api/risk');
  if (!recolourMap) recolourMap = drawMap($('map'), selectScope);
  recolourMap(values);
  const body = $('risk-table').tBodies[0];
  body.replaceChildren(...values.slice(0, 25).map((v) => {
    const row = el('tr', { 'data-scope': scopeId(v.scope), onclick: () => selectScope(v.scope) },
      el('td', {}, v.scope.kind), el('td', {}, v.scope.key), el('td', { class: 'pressure' }, v.pressure.toFixed(1)),
      el('td', { class: 'effort' }, v.effort.toFixed(1)), el('td', {}, v.value.toFixed(1)),
      el('td', {}, v.baseline == null ? '–' : v.baseline.toFixed(1)), el('td', {}, time(v.updatedAt)));
    if (state.scope && scopeId(state.scope) === scopeId(v.scope)) row.className = 'selected';
    return row;
  }));
  const select = $('scope-select');
  const current = state.scope ? scopeId(state.scope) : '';
  select.replaceChildren(...values.filter((v) => v.scope.kind !== 'article')
    .map((v) => el('option', { value: scopeId(v.scope) }, `${v.scope.kind} ${v.scope.key}`)));
  if (!state.scope && values.length) {
    const first = values.find((v) => v.scope.kind === 'dyad') || values[0];
    state.scope = first.scope;
  }
  if (state.scope) select.value = scopeId(state.scope);
  if (current !== (state.scope ? scopeId(state.scope) : '') || Date.now() % 10000 < POLL_MS) await refreshHistory();
}

function selectScope(scope) {
  state.scope = scope;
  const select = $('scope-select');
  if ([...select.options].some((o) => o.value === scopeId(scope))) select.value = scopeId(scope);
  refreshHistory().catch((e) => say(e.message, true));
}

$('scope-select').addEventListener('change', (e) => {
  const [kind, key] = e.target.value.split('/');
  selectScope({ kind, key });
});
$('window-select').addEventListener('change', () => refreshHistory().catch((e) => say(e.message, true)));

async function refreshHistory() {
  if (!state.scope) return;
  const hours = $('window-select').value;
  const h = await api('GET', `/api/risk/${encodeURIComponent(state.scope.kind)}/${encodeURIComponent(state.scope.key)}/history?hours=${hours}&points=120`);
  const xs = h.points.map((p) => Date.parse(p.at) / 1000);
  // Pressure and effort, the combined risk, the baseline; absolute rules' lines sit on the risk, surge rules' lines
  // move with the baseline (threshold × max(baseline, floor), or baseline + threshold × floor for deviations).
  const line = (t) => (t.surge
    ? h.points.map((p) => (p.baseline == null ? null : t.surge === 'factor' ? t.threshold * Math.max(p.baseline, t.floor) : p.baseline + t.threshold * t.floor))
    : xs.map(() => t.threshold));
  const data = [xs, h.points.map((p) => p.pressure), h.points.map((p) => p.effort), h.points.map((p) => p.value),
    h.points.map((p) => p.baseline), ...h.thresholds.map(line)];
  const colours = { critical: '#c62828', warning: '#ef8f00', info: '#1565c0' };
  const series = [{},
    { label: 'escalation pressure', stroke: '#c62828', width: 2 },
    { label: 'de-escalation effort', stroke: '#2e7d32', width: 2 },
    { label: `risk ${h.scope.kind} ${h.scope.key}`, stroke: '#1d2330', width: 1.5 },
    { label: 'pressure baseline', stroke: '#7a8394', dash: [2, 3], width: 1 },
    ...h.thresholds.map((t) => ({ label: `${t.rule} (${t.surge ? `×${t.threshold} surge` : t.threshold})`, stroke: colours[t.severity] || '#888', dash: [6, 4], width: 1 }))];
  const key = `${scopeId(h.scope)}|${h.thresholds.map((t) => t.rule).join(',')}`;
  const container = $('chart');
  if (!state.chart || state.historyKey !== key) {
    if (state.chart) state.chart.destroy();
    state.chart = new uPlot({ width: Math.max(300, container.clientWidth || 600), height: 260, series, axes: [{}, { label: 'points' }] }, data, container);
    state.historyKey = key;
  } else {
    state.chart.setData(data);
  }
}

// ---- alerts ----
async function refreshAlerts() {
  const status = $('alert-status').value;
  const alerts = await api('GET', `/api/alerts${status ? `?status=${status}` : ''}`);
  $('alerts').replaceChildren(...alerts.map((a) => el('li', {
    class: a.severity, 'data-alert-id': a.alertId, 'data-status': a.status, onclick: () => showAlert(a.alertId),
  }, el('span', { class: 'status' }, a.status), `${a.severity} ${a.rule} · ${a.scope.kind} ${a.scope.key} · ${a.value}`)));
  if (state.alert) await showAlert(state.alert, false);
}
$('alert-status').addEventListener('change', () => refreshAlerts().catch((e) => say(e.message, true)));

function highlighted(text, signals, language) {
  // Signals' offsets are UTF-16 code units into the body, as JavaScript strings count them.
  const spans = signals.filter((s) => s.start >= 0 && s.end <= text.length && s.start < s.end)
    .sort((a, b) => a.start - b.start);
  const node = el('div', { class: 'text', dir: language === 'ar' ? 'rtl' : 'auto', lang: language || undefined });
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;
    node.append(document.createTextNode(text.slice(at, s.start)));
    node.append(el('mark', { class: s.polarity, title: `${s.category} ${s.confidence}` }, text.slice(s.start, s.end)));
    at = s.end;
  }
  node.append(document.createTextNode(text.slice(at)));
  return node;
}

async function showAlert(id, scroll = true) {
  const a = await api('GET', `/api/alerts/${encodeURIComponent(id)}`);
  // Redrawn only when something changed, so a reader's selection and place are kept between polls.
  const json = JSON.stringify(a);
  if (state.alert === id && state.alertJson === json) return;
  state.alert = id;
  state.alertJson = json;
  const detail = $('alert-detail');
  detail.hidden = false;
  detail.replaceChildren(
    el('h3', {}, `${a.status} · ${a.severity} · ${a.rule}`),
    el('p', {}, a.summary || `${a.scope.kind} ${a.scope.key}: ${a.value} (threshold ${a.threshold})`),
    el('p', {}, `since ${time(a.startsAt)}${a.endsAt ? ` until ${time(a.endsAt)}` : ''}${a.silenced ? ' (silenced)' : ''}`),
    ...a.evidence.map((e) => {
      const text = a.texts[e.articleId];
      return el('div', { class: 'evidence', 'data-article-id': e.articleId },
        el('strong', {}, e.title || e.articleId), ` risk ${e.risk}`,
        el('div', { class: 'signals' }, e.signals.map((s) => `${s.category} “${s.text}” ${s.confidence}`).join(' · ')),
        text ? highlighted(text.body, e.signals, text.language)
          : el('div', { class: 'text', dir: 'auto' }, ...e.signals.map((s) => el('mark', { class: s.polarity }, s.text))));
    }));
  if (scroll) detail.scrollIntoView({ block: 'nearest' });
}

// ---- rules and silences ----
async function refreshRules() {
  const rules = await api('GET', '/api/rules');
  const rows = [
    ...rules.indexRules.map((r) => [r.name, r.scope, r.key, r.threshold, r.clearThreshold, r.for, r.severity, r.repeatInterval]),
    ...rules.articleRules.map((r) => [r.name, 'article', r.categories.join(','), r.minConfidence, '', '', r.severity, `resolves ${r.resolveAfter}`]),
  ];
  $('rules-table').tBodies[0].replaceChildren(...rows.map((cells) => el('tr', { 'data-rule': cells[0] },
    ...cells.map((c) => el('td', {}, c)),
    el('td', {}, el('button', { type: 'button', onclick: () => change(() => api('DELETE', `/api/rules/${encodeURIComponent(cells[0])}`), `rule ${cells[0]} deleted`) }, 'delete')))));
  const silences = await api('GET', '/api/silences');
  $('silences-table').tBodies[0].replaceChildren(...silences.map((s) => el('tr', { 'data-silence': s.id },
    el('td', {}, s.kind), el('td', {}, s.key), el('td', {}, time(s.until)), el('td', {}, s.comment || ''),
    el('td', {}, el('button', { type: 'button', onclick: () => change(() => api('DELETE', `/api/silences/${encodeURIComponent(s.id)}`), 'silence removed') }, 'remove')))));
}

async function change(action, done) {
  try {
    await action();
    say(done);
    await refreshAll();
  } catch (e) {
    say(e.message, true);
  }
}

$('rule-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const f = new FormData(event.target);
  const rule = {
    scope: f.get('scope'), key: f.get('key') || '*', threshold: Number(f.get('threshold')), clearThreshold: Number(f.get('clearThreshold')),
    for: f.get('for'), severity: f.get('severity'), repeatInterval: f.get('repeatInterval'),
  };
  change(() => api('PUT', `/api/rules/${encodeURIComponent(f.get('name'))}`, rule), `rule ${f.get('name')} saved`);
});

$('silence-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const f = new FormData(event.target);
  const until = new Date(Date.now() + Number(f.get('hours')) * 3600 * 1000).toISOString();
  change(() => api('POST', '/api/silences', { kind: f.get('kind'), key: f.get('key'), until, comment: f.get('comment') || null }), 'silence added');
});

$('article-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const f = new FormData(event.target);
  const article = { articleId: `dashboard-${Date.now()}`, title: f.get('title') || null, body: f.get('body') };
  change(() => api('POST', '/api/articles', article), `article ${article.articleId} accepted`);
});

// ---- polling ----
async function refreshAll() {
  await Promise.all([refreshRisk(), refreshAlerts(), refreshRules()]);
}

async function poll() {
  try {
    await refreshAll();
    $('status').textContent = `updated ${new Date().toLocaleTimeString()}`;
  } catch (e) {
    $('status').textContent = `error: ${e.message}`;
  }
  setTimeout(poll, POLL_MS);
}

poll();
