// The Meshplane console: every request is signed in the page (sigv4.js) and authorized by the API
// exactly as an SDK call would be; nothing is kept once the page is closed.
'use strict';
(() => {
  const query = new URLSearchParams(location.search);
  const REFRESH_MS = Number(query.get('refresh')) || 3000;
  const HISTORY_PAGES = 20; // of 100 changes each: the newest HISTORY_SHOWN of up to 2,000
  const HISTORY_SHOWN = 50;
  const TYPES = [['Cluster', 'CDS'], ['ClusterLoadAssignment', 'EDS'], ['Listener', 'LDS'], ['RouteConfiguration', 'RDS'], ['Secret', 'SDS']];
  const SVG = 'http://www.w3.org/2000/svg';
  const $ = (id) => document.getElementById(id);
  const enc = encodeURIComponent;
  let credentials = null;
  let mesh = null;
  let timers = [];
  // replaced on every mesh selection and sign-out: an answer that arrives for an earlier view is dropped
  let shown = { proxies: '', graph: '' };
  let model = null;

  async function api(path) {
    const url = new URL(path, location.origin).toString();
    const headers = await MeshplaneSigV4.sign({ method: 'GET', url, ...credentials });
    const response = await fetch(url, { headers, cache: 'no-store' });
    const text = await response.text();
    let body;
    try {
      body = text ? JSON.parse(text) : {};
    } catch (e) {
      body = { message: text };
    }
    if (!response.ok) {
      const error = new Error(body.message || response.statusText);
      error.status = response.status;
      error.type = response.headers.get('x-amzn-ErrorType') || '';
      throw error;
    }
    return body;
  }

  async function listAll(path, field) {
    let items = [];
    let token = null;
    do {
      const page = await api(path + (token ? '?nextToken=' + enc(token) : ''));
      items = items.concat(page[field] || []);
      token = page.nextToken || null;
    } while (token);
    return items;
  }

  const describe = (path) => api(path).then((body) => (body.spec ? body : Object.values(body).find((v) => v && v.spec) || body));
  const describeError = (e) => (e.type ? e.type + ': ' : '') + e.message;

  function element(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    Object.entries(attributes).forEach(([name, value]) => node.setAttribute(name, value));
    children.forEach((child) => node.append(child));
    return node;
  }

  // ---- sign in / out ----
  $('sign-in-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    credentials = {
      accessKeyId: $('access-key').value.trim(),
      secretAccessKey: $('secret-key').value,
      region: $('region').value.trim(),
    };
    $('sign-in-error').textContent = '';
    try {
      const meshes = await listAll('/v20190125/meshes', 'meshes');
      $('secret-key').value = '';
      $('sign-in').hidden = true;
      $('workspace').hidden = false;
      $('sign-out').hidden = false;
      $('who').textContent = 'Signed in as ' + credentials.accessKeyId;
      showMeshes(meshes.map((m) => m.meshName).sort());
    } catch (e) {
      credentials = null;
      $('sign-in-error').textContent = 'Sign-in refused: ' + describeError(e);
      $('access-key').focus();
    }
  });

  $('sign-out').addEventListener('click', () => {
    stopTimers();
    credentials = null;
    mesh = null;
    shown = { proxies: '', graph: '' };
    model = null;
    clearWorkspace();
    $('workspace').hidden = true;
    $('sign-in').hidden = false;
    $('sign-out').hidden = true;
    $('who').textContent = 'Signed out';
    $('access-key').focus();
  });

  // nothing the previous principal could see stays in the page for the next one
  function clearWorkspace() {
    ['meshes', 'graph', 'edges', 'history'].forEach((id) => $(id).replaceChildren());
    $('proxies').querySelector('tbody').replaceChildren();
    ['graph-error', 'proxy-summary', 'proxies-error'].forEach((id) => { $(id).textContent = ''; });
    $('details').replaceChildren(element('p', {}, 'Select a resource in the graph.'));
    $('graph-title').textContent = 'Mesh graph';
  }

  function stopTimers() {
    timers.forEach(clearInterval);
    timers = [];
  }

  function showMeshes(names) {
    const list = $('meshes');
    list.replaceChildren();
    if (names.length === 0) {
      list.append(element('li', {}, 'No mesh you may list.'));
      return;
    }
    for (const name of names) {
      const button = element('button', { type: 'button', 'data-mesh': name }, name);
      button.addEventListener('click', () => selectMesh(name));
      list.append(element('li', {}, button));
    }
    selectMesh(names[0]);
  }

  function selectMesh(name) {
    stopTimers();
    mesh = name;
    shown = { proxies: '', graph: '' };
    document.querySelectorAll('#meshes button').forEach((b) => b.setAttribute('aria-current', String(b.dataset.mesh === name)));
    $('graph-title').textContent = 'Mesh graph: ' + name;
    $('details').replaceChildren(element('p', {}, 'Select a resource in the graph.'));
    refreshGraph();
    refreshProxies();
    refreshHistory();
    timers.push(setInterval(refreshGraph, REFRESH_MS), setInterval(refreshProxies, Math.min(REFRESH_MS, 2000)),
      setInterval(refreshHistory, REFRESH_MS * 3));
  }

  // ---- the mesh graph ----
  async function loadModel(name) {
    const base = `/v20190125/meshes/${enc(name)}`;
    const [nodes, services, routers, gateways] = await Promise.all([
      listAll(base + '/virtualNodes', 'virtualNodes'),
      listAll(base + '/virtualServices', 'virtualServices'),
      listAll(base + '/virtualRouters', 'virtualRouters'),
      listAll(base + '/virtualGateways', 'virtualGateways'),
    ]);
    const loaded = {
      nodes: await Promise.all(nodes.map((n) => describe(`${base}/virtualNodes/${enc(n.virtualNodeName)}`))),
      services: await Promise.all(services.map((s) => describe(`${base}/virtualServices/${enc(s.virtualServiceName)}`))),
      routers: await Promise.all(routers.map((r) => describe(`${base}/virtualRouters/${enc(r.virtualRouterName)}`))),
      gateways: await Promise.all(gateways.map((g) => describe(`${base}/virtualGateways/${enc(g.virtualGatewayName)}`))),
    };
    for (const router of loaded.routers) {
      const path = `${base}/virtualRouter/${enc(router.virtualRouterName)}/routes`;
      const routes = await listAll(path, 'routes');
      router.routes = await Promise.all(routes.map((r) => describe(`${path}/${enc(r.routeName)}`)));
    }
    for (const gateway of loaded.gateways) {
      const path = `${base}/virtualGateway/${enc(gateway.virtualGatewayName)}/gatewayRoutes`;
      const routes = await listAll(path, 'gatewayRoutes');
      gateway.routes = await Promise.all(routes.map((r) => describe(`${path}/${enc(r.gatewayRouteName)}`)));
    }
    return loaded;
  }

  const routeSpec = (spec) => spec.httpRoute || spec.http2Route || spec.grpcRoute || spec.tcpRoute || {};

  /** Vertices in five columns and labelled edges between them. */
  function graphOf(m) {
    const vertices = [];
    const edges = [];
    const add = (column, kind, name, resource) => vertices.push({ id: `${kind}:${name}`, column, kind, name, resource });
    m.gateways.forEach((g) => add(0, 'Virtual gateway', g.virtualGatewayName, g));
    m.services.forEach((s) => add(1, 'Virtual service', s.virtualServiceName, s));
    m.routers.forEach((r) => add(2, 'Virtual router', r.virtualRouterName, r));
    m.nodes.forEach((n) => add(3, 'Virtual node', n.virtualNodeName, n));
    for (const g of m.gateways) {
      for (const route of g.routes) {
        const spec = route.spec.httpRoute || route.spec.http2Route || route.spec.grpcRoute || {};
        const target = spec.action && spec.action.target && spec.action.target.virtualService;
        if (target) {
          edges.push({ from: `Virtual gateway:${g.virtualGatewayName}`, to: `Virtual service:${target.virtualServiceName}`,
            label: route.gatewayRouteName, text: `Gateway route ${route.gatewayRouteName} of ${g.virtualGatewayName} sends to virtual service ${target.virtualServiceName}` });
        }
      }
    }
    for (const s of m.services) {
      const provider = (s.spec && s.spec.provider) || {};
      if (provider.virtualRouter) {
        edges.push({ from: `Virtual service:${s.virtualServiceName}`, to: `Virtual router:${provider.virtualRouter.virtualRouterName}`,
          label: 'provider', text: `Virtual service ${s.virtualServiceName} is provided by virtual router ${provider.virtualRouter.virtualRouterName}` });
      } else if (provider.virtualNode) {
        edges.push({ from: `Virtual service:${s.virtualServiceName}`, to: `Virtual node:${provider.virtualNode.virtualNodeName}`,
          label: 'provider', text: `Virtual service ${s.virtualServiceName} is provided by virtual node ${provider.virtualNode.virtualNodeName}` });
      }
    }
    for (const r of m.routers) {
      for (const route of r.routes) {
        const targets = (routeSpec(route.spec).action || {}).weightedTargets || [];
        const total = targets.reduce((sum, t) => sum + (t.weight || 0), 0) || 1;
        for (const t of targets) {
          const percent = Math.round((100 * (t.weight || 0)) / total);
          edges.push({ from: `Virtual router:${r.virtualRouterName}`, to: `Virtual node:${t.virtualNode}`,
            label: `${route.routeName}: ${t.weight} (${percent}%)`,
            text: `Route ${route.routeName} of router ${r.virtualRouterName} sends weight ${t.weight} (${percent}%) to virtual node ${t.virtualNode}` });
        }
      }
    }
    const backends = new Set();
    for (const n of m.nodes) {
      for (const backend of (n.spec && n.spec.backends) || []) {
        const name = backend.virtualService && backend.virtualService.virtualServiceName;
        if (name) {
          if (!backends.has(name)) {
            backends.add(name);
            vertices.push({ id: `Backend:${name}`, column: 4, kind: 'Backend', name, resource: null });
          }
          edges.push({ from: `Virtual node:${n.virtualNodeName}`, to: `Backend:${name}`, label: 'calls',
            text: `Virtual node ${n.virtualNodeName} calls backend virtual service ${name}` });
        }
      }
    }
    return { vertices, edges };
  }

  function drawGraph(graph) {
    const BOX_W = 190;
    const BOX_H = 44;
    const COLUMN_W = 300;
    const ROW_H = 72;
    const place = {};
    const perColumn = [0, 0, 0, 0, 0];
    graph.vertices.forEach((v) => {
      place[v.id] = { x: 10 + v.column * COLUMN_W, y: 30 + perColumn[v.column]++ * ROW_H };
    });
    const height = 40 + Math.max(1, ...perColumn) * ROW_H;
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', `0 0 ${5 * COLUMN_W} ${height}`);
    svg.setAttribute('width', String(5 * COLUMN_W));
    svg.setAttribute('height', String(height));
    svg.setAttribute('role', 'group');
    svg.setAttribute('aria-label', `Graph of mesh ${mesh}; the same connections are listed below`);
    const svgText = (x, y, content, cls) => {
      const t = document.createElementNS(SVG, 'text');
      t.setAttribute('x', x);
      t.setAttribute('y', y);
      if (cls) t.setAttribute('class', cls);
      t.textContent = content;
      return t;
    };
    ['Gateways', 'Virtual services', 'Routers', 'Virtual nodes', 'Backends'].forEach((title, column) =>
      svg.append(svgText(10 + column * COLUMN_W, 16, title, 'kind')));
    for (const edge of graph.edges) {
      const from = place[edge.from];
      const to = place[edge.to];
      if (!from || !to) continue;
      const g = document.createElementNS(SVG, 'g');
      g.setAttribute('class', 'edge');
      g.setAttribute('aria-hidden', 'true');
      const line = document.createElementNS(SVG, 'line');
      line.setAttribute('x1', from.x + BOX_W);
      line.setAttribute('y1', from.y + BOX_H / 2);
      line.setAttribute('x2', to.x);
      line.setAttribute('y2', to.y + BOX_H / 2);
      g.append(line, svgText((from.x + BOX_W + to.x) / 2 - 30, (from.y + to.y + BOX_H) / 2 - 4, edge.label));
      g.dataset.from = edge.from;
      g.dataset.to = edge.to;
      svg.append(g);
    }
    for (const v of graph.vertices) {
      const { x, y } = place[v.id];
      const g = document.createElementNS(SVG, 'g');
      g.setAttribute('class', 'vertex');
      g.dataset.id = v.id;
      const rect = document.createElementNS(SVG, 'rect');
      rect.setAttribute('x', x);
      rect.setAttribute('y', y);
      rect.setAttribute('width', BOX_W);
      rect.setAttribute('height', BOX_H);
      rect.setAttribute('rx', 6);
      g.append(rect, svgText(x + 8, y + 16, v.kind, 'kind'), svgText(x + 8, y + 34, v.name));
      if (v.resource) {
        g.setAttribute('tabindex', '0');
        g.setAttribute('role', 'button');
        g.setAttribute('aria-label', `${v.kind} ${v.name}: show spec and config`);
        const open = () => showDetails(v);
        g.addEventListener('click', open);
        g.addEventListener('keydown', (event) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            open();
          }
        });
      }
      svg.append(g);
    }
    $('graph').replaceChildren(svg);
    $('edges').replaceChildren(...graph.edges.map((e) => element('li', {}, e.text)));
  }

  async function refreshGraph() {
    const name = mesh;
    const view = shown;
    try {
      const loaded = await loadModel(name);
      if (view !== shown) return;
      model = loaded;
      const graph = graphOf(loaded);
      const key = JSON.stringify(graph, (k, v) => (k === 'resource' ? undefined : v));
      $('graph-error').textContent = '';
      if (key !== shown.graph) {
        shown.graph = key;
        drawGraph(graph);
      }
    } catch (e) {
      if (name === mesh) $('graph-error').textContent = 'The graph cannot be read: ' + describeError(e);
    }
  }

  // ---- resource details: spec and the Envoy config it produced ----
  async function showDetails(vertex) {
    const details = $('details');
    const parts = [element('h3', {}, `${vertex.kind} ${vertex.name}`), element('h4', {}, 'Spec'),
      element('pre', {}, JSON.stringify(vertex.resource.spec, null, 2))];
    const proxyPath = vertex.kind === 'Virtual node' ? 'virtualNodes' : vertex.kind === 'Virtual gateway' ? 'virtualGateways' : null;
    if (proxyPath) {
      parts.push(element('h4', {}, 'Envoy config produced'));
      try {
        const config = await api(`/meshplane/v1/meshes/${enc(mesh)}/${proxyPath}/${enc(vertex.name)}/config`);
        parts.push(element('p', {}, `Generation ${config.generation}, journal commit ${config.journalCommitTime}`),
          element('pre', { 'aria-label': 'Envoy config' }, JSON.stringify(config.config, null, 2)));
      } catch (e) {
        parts.push(element('p', { role: 'alert' }, 'No config: ' + describeError(e)));
      }
    }
    details.replaceChildren(...parts);
    $('details-title').focus();
  }

  // ---- live proxy status ----
  async function refreshProxies() {
    const name = mesh;
    const view = shown;
    try {
      const body = await api(`/meshplane/v1/meshes/${enc(name)}/proxies`);
      if (view !== shown) return;
      $('proxies-error').textContent = '';
      const key = JSON.stringify(body.proxies);
      if (key === shown.proxies) return;
      shown.proxies = key;
      drawProxies(body.proxies || []);
    } catch (e) {
      if (name === mesh) $('proxies-error').textContent = 'Proxy status cannot be read: ' + describeError(e);
    }
  }

  function drawProxies(proxies) {
    const tbody = document.querySelector('#proxies tbody');
    const open = new Set([...tbody.querySelectorAll('details[open]')].map((d) => d.dataset.key));
    const rows = proxies.map((p) => {
      const id = `${p.instance}#${p.streamId}`;
      const cells = [
        element('th', { scope: 'row' }, `${p.kind}/${p.name}`),
        element('td', {}, p.variant), element('td', {}, id), element('td', {}, p.clientVersion || ''),
      ];
      for (const [type] of TYPES) {
        const state = (p.types || []).find((t) => t.type === type) || { status: 'NOT_SENT' };
        const cell = element('td', { class: 'status-' + state.status });
        if (state.status === 'NACKED') {
          const key = `${id}/${type}`;
          const details = element('details', { 'data-key': key },
            element('summary', {}, 'NACKED'), element('pre', {}, state.error || ''));
          if (open.has(key)) details.open = true;
          cell.append(details);
        } else {
          cell.append(state.status.replace('_', ' '));
        }
        cells.push(cell);
      }
      cells.push(element('td', {}, p.generation === undefined ? '-' : String(p.generation)),
        element('td', {}, p.lastConvergenceSeconds === undefined ? '-' : p.lastConvergenceSeconds.toFixed(3) + ' s'));
      const row = element('tr', { 'data-proxy': `${p.kind}/${p.name}`, 'data-status': p.status });
      row.append(...cells);
      return row;
    });
    tbody.replaceChildren(...rows);
    const counts = {};
    proxies.forEach((p) => { counts[p.status] = (counts[p.status] || 0) + 1; });
    $('proxy-summary').textContent = proxies.length === 0 ? 'No proxy is connected.'
      : `${proxies.length} connected: ` + Object.entries(counts).map(([s, n]) => `${n} ${s.replace('_', ' ')}`).join(', ');
  }

  // ---- change history (where the server has it) ----
  async function refreshHistory() {
    const name = mesh;
    const view = shown;
    const target = $('history');
    try {
      // pages come oldest first; follow them to the newest and keep the last HISTORY_SHOWN
      let entries = [];
      let query = '';
      for (let page = 0; page < HISTORY_PAGES; page++) {
        const body = await api(`/meshplane/v1/meshes/${enc(name)}/history${query}`);
        entries = entries.concat(body.entries || []).slice(-HISTORY_SHOWN);
        if (body.nextAfterSeq === undefined) break;
        query = `?afterSeq=${body.nextAfterSeq}`;
      }
      if (view !== shown) return;
      if (entries.length === 0) {
        target.replaceChildren(element('p', {}, 'No change recorded.'));
        return;
      }
      const table = element('table', {}, element('caption', {}, 'Changes, newest first'));
      table.append(element('thead', {}, element('tr', {}, element('th', { scope: 'col' }, 'When'),
        element('th', { scope: 'col' }, 'Who'), element('th', { scope: 'col' }, 'What'), element('th', { scope: 'col' }, 'Change'))));
      const tbody = element('tbody');
      for (const entry of entries.slice().reverse()) {
        const when = entry.time || '';
        const who = entry.principal || '';
        const what = [entry.operation, entry.resource, entry.version !== undefined ? `version ${entry.version}` : '']
          .filter(Boolean).join(' ');
        tbody.append(element('tr', {}, element('td', {}, String(when)), element('td', {}, String(who)), element('td', {}, String(what)),
          element('td', {}, element('details', {}, element('summary', {}, 'Diff'), element('pre', {}, (entry.diff || []).join('\n'))))));
      }
      table.append(tbody);
      target.replaceChildren(table);
    } catch (e) {
      if (view !== shown) return;
      target.replaceChildren(element('p', {}, e.status === 404
        ? 'This server keeps no change history for meshes (GET /meshplane/v1/meshes/{mesh}/history is not available).'
        : 'History cannot be read: ' + describeError(e)));
    }
  }
})();
