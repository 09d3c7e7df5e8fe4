// The depeche page: a SPARQL editor, the answer as a table and as a graph (Cytoscape.js).
// Plain browser JavaScript, no build step; everything it loads comes from this server.
'use strict';

const PREFIXES = [
  ['dp', 'https://purl.org/depeche/ns#'],
  ['schema', 'https://schema.org/'],
  ['sem', 'http://semanticweb.cs.vu.nl/2009/11/sem/'],
  ['prov', 'http://www.w3.org/ns/prov#'],
  ['rdf', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#'],
  ['rdfs', 'http://www.w3.org/2000/01/rdf-schema#'],
  ['xsd', 'http://www.w3.org/2001/XMLSchema#'],
  ['owl', 'http://www.w3.org/2002/07/owl#'],
];

const $ = (id) => document.getElementById(id);
const state = { queries: [], cy: null, answer: null, graph: null };
window.depeche = state;

function shortIri(iri) {
  for (const [prefix, ns] of PREFIXES) {
    if (iri.startsWith(ns) && /^[\w.-]+$/u.test(iri.slice(ns.length))) return `${prefix}:${iri.slice(ns.length)}`;
  }
  return iri;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v; else node.setAttribute(k, v);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function setStatus(text, error = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', error);
}

async function fetchText(url, options) {
  const response = await fetch(url, options);
  const text = await response.text();
  if (!response.ok) throw new Error(text.trim() || `${response.status} ${response.statusText}`);
  return { text, type: response.headers.get('content-type') || '' };
}

function form(fields) {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  };
}

// --- the answer as a table -------------------------------------------------------------------

function termCell(term) {
  if (!term) return el('td');
  if (term.type === 'uri') return el('td', { class: 'iri', title: term.value }, shortIri(term.value));
  return el('td', {}, term.value);
}

function showSelect(json) {
  const vars = json.head.vars || [];
  const table = el('table', {}, el('thead', {}, el('tr', {}, ...vars.map((v) => el('th', {}, v)))));
  const body = el('tbody');
  for (const binding of json.results.bindings) {
    body.append(el('tr', {}, ...vars.map((v) => termCell(binding[v]))));
  }
  table.append(body);
  $('table').replaceChildren(table);
  return json.results.bindings.length;
}

// N-Triples, one triple a line: enough of the grammar to show CONSTRUCT answers as rows.
function parseNTriples(text) {
  const term = /\s*(<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@[\w-]+|\^\^<[^>]*>)?)/y;
  const rows = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    term.lastIndex = 0;
    const parts = [];
    for (let i = 0; i < 3; i++) {
      const m = term.exec(line);
      if (!m) break;
      parts.push(m[1]);
    }
    if (parts.length === 3) rows.push(parts);
  }
  return rows;
}

function ntTerm(text) {
  if (text.startsWith('<')) return { type: 'uri', value: text.slice(1, -1) };
  if (text.startsWith('"')) {
    const end = text.lastIndexOf('"');
    return { type: 'literal', value: JSON.parse(text.slice(0, end + 1)) };
  }
  return { type: 'bnode', value: text };
}

function showTriples(text) {
  const rows = parseNTriples(text);
  showSelect({
    head: { vars: ['subject', 'predicate', 'object'] },
    results: { bindings: rows.map(([s, p, o]) => ({ subject: ntTerm(s), predicate: ntTerm(p), object: ntTerm(o) })) },
  });
  return rows.length;
}

// --- the answer as a graph -------------------------------------------------------------------

const STYLE = [
  { selector: 'node', style: {
    label: 'data(display)', 'text-wrap': 'wrap', 'text-max-width': 140, 'font-size': 11,
    'text-valign': 'center', 'text-halign': 'center', width: 'label', height: 'label', padding: 10,
    'border-width': 1.5 } },
  { selector: 'edge', style: {
    label: 'data(label)', 'font-size': 9, 'text-wrap': 'wrap', 'curve-style': 'bezier', width: 1.5,
    'line-color': '#999', 'target-arrow-color': '#999', 'target-arrow-shape': 'triangle',
    color: '#333', 'text-background-color': '#fff', 'text-background-opacity': 0.8 } },
  // generated from data/style.tsv: `cargo test -p depeche-output page_style` checks it, DEPECHE_BLESS=1 rewrites it
  { selector: 'node[kind = "person"]', style: { 'background-color': '#cfe2ff', 'border-color': '#3d6ab3', shape: 'ellipse' } },
  { selector: 'node[kind = "organization"]', style: { 'background-color': '#ffe0b2', 'border-color': '#c77c0e', shape: 'hexagon' } },
  { selector: 'node[kind = "place"]', style: { 'background-color': '#d4edda', 'border-color': '#3c8d50', shape: 'round-tag' } },
  { selector: 'node[kind = "event"]', style: { 'background-color': '#fff3bf', 'border-color': '#b08900', shape: 'round-rectangle' } },
  { selector: 'node[kind = "other"]', style: { 'background-color': '#eeeeee', 'border-color': '#888888', shape: 'ellipse' } },
  { selector: 'edge[?symmetric]', style: { 'line-color': '#c0392b', color: '#c0392b' } },
  // end of what data/style.tsv generates
  { selector: 'edge[?symmetric]', style: { width: 3, 'target-arrow-shape': 'none' } },
  { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#1f2d3d' } },
];

function showGraph(data) {
  state.graph = data;
  const elements = [];
  for (const n of data.nodes) {
    const display = [n.label, n.date, ...(n.details || [])].filter(Boolean).join('\n');
    elements.push({ group: 'nodes', data: { ...n, display } });
  }
  data.links.forEach((l, i) => elements.push({ group: 'edges', data: { ...l, id: `e${i}` } }));
  if (state.cy) state.cy.destroy();
  state.cy = cytoscape({
    container: $('graph'), elements, style: STYLE, wheelSensitivity: 0.3,
    layout: { name: data.nodes.length > 1 ? 'cose' : 'grid', animate: false, padding: 30, nodeRepulsion: () => 9000, idealEdgeLength: () => 120 },
  });
  state.cy.on('tap', 'node', (event) => showNode(event.target.id()));
}

async function showNode(iri) {
  const details = $('details');
  details.replaceChildren(el('p', { class: 'muted' }, 'loading…'));
  try {
    const { text } = await fetchText(`/api/node?iri=${encodeURIComponent(iri)}`);
    const node = JSON.parse(text);
    const label = node.labels.length ? node.labels[0].value : shortIri(iri);
    const parts = [el('h2', {}, label), el('div', { class: 'iri' }, iri)];
    if (node.types.length) parts.push(el('p', {}, node.types.join(', ')));
    const named = (list) => el('ul', {}, ...list.map((l) => el('li', {}, l.value, l.lang ? el('span', { class: 'muted' }, ` @${l.lang}`) : null)));
    if (node.labels.length) parts.push(el('h3', {}, 'Labels'), named(node.labels));
    if (node.alternateNames.length) parts.push(el('h3', {}, 'Also called'), named(node.alternateNames));
    if (node.facts.length) {
      parts.push(el('h3', {}, 'Facts'), el('ul', {}, ...node.facts.map((f) => el('li', {}, `${f.property}: ${f.value}`))));
    }
    parts.push(el('h3', {}, `Evidence (${node.evidence.length})`));
    for (const e of node.evidence) {
      parts.push(el('blockquote', { class: 'evidence' }, e.sentence, el('div', { class: 'muted' }, [e.class, e.article && shortIri(e.article)].filter(Boolean).join(' · '))));
    }
    parts.push(el('h3', {}, `Source articles (${node.articles.length})`));
    parts.push(el('ul', { class: 'articles' }, ...node.articles.map((a) => el('li', {},
      a.url ? el('a', { href: a.url, target: '_blank', rel: 'noopener' }, a.headline || a.iri) : (a.headline || a.iri),
      a.date ? el('span', { class: 'muted' }, ` (${a.date})`) : null))));
    details.replaceChildren(...parts);
  } catch (error) {
    details.replaceChildren(el('p', { class: 'error' }, error.message));
  }
}

// --- running -----------------------------------------------------------------------------------

async function run() {
  const query = $('query').value;
  document.body.dataset.state = 'running';
  setStatus('running…');
  updateDownload();
  const started = performance.now();
  try {
    const { text, type } = await fetchText('/sparql', {
      ...form({ query }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/sparql-results+json, application/n-triples;q=0.9' },
    });
    let count;
    if (type.startsWith('application/sparql-results+json')) {
      const json = JSON.parse(text);
      state.answer = json;
      if ('boolean' in json) {
        $('table').replaceChildren(el('p', {}, `ASK: ${json.boolean}`));
        count = 1;
      } else {
        count = showSelect(json);
      }
    } else {
      state.answer = text;
      count = showTriples(text);
    }
    const graph = await fetchText('/api/graph', form({ query }));
    showGraph(JSON.parse(graph.text));
    const ms = Math.round(performance.now() - started);
    setStatus(`${count} ${count === 1 ? 'row' : 'rows'}, ${state.graph.nodes.length} nodes, ${state.graph.links.length} edges (${ms} ms)`);
    document.body.dataset.state = 'done';
  } catch (error) {
    setStatus(error.message, true);
    document.body.dataset.state = 'error';
  }
}

function updateDownload() {
  const params = new URLSearchParams({ format: $('export-format').value, view: $('export-view').value });
  if ($('export-query').checked) params.set('query', $('query').value);
  $('download').href = `/export?${params}`;
}

function choose(name) {
  const q = state.queries.find((x) => x.name === name) || state.queries[0];
  if (!q) return;
  $('preset').value = q.name;
  $('preset-title').textContent = q.title;
  $('query').value = q.text;
  updateDownload();
}

async function start() {
  try {
    const info = JSON.parse((await fetchText('/api/info')).text);
    $('info').textContent = `${info.triples} triples in ${info.articles} article graphs · ${info.allowUpdate ? 'read-write' : 'read-only'} · depeche ${info.version}`;
  } catch (error) {
    $('info').textContent = error.message;
  }
  state.queries = JSON.parse((await fetchText('/api/queries')).text);
  for (const q of state.queries) $('preset').append(el('option', { value: q.name }, q.name.replace(/\.rq$/, '')));
  const wanted = new URLSearchParams(location.search).get('preset');
  choose(wanted ? `${wanted.replace(/\.rq$/, '')}.rq` : 'who-met-whom.rq');
  $('preset').addEventListener('change', () => choose($('preset').value));
  $('run').addEventListener('click', run);
  $('query').addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); } });
  for (const id of ['export-format', 'export-view', 'export-query']) $(id).addEventListener('change', updateDownload);
  $('query').addEventListener('input', updateDownload);
  document.body.dataset.state = 'ready';
}

start();
