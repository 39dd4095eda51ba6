'use strict';
// The live status page: polls the data endpoint, keeps a short history per node, draws sparklines.
// Everything shown comes from the network (stream names from clients included): text nodes only, never HTML.
(function () {
  const POLL_MS = 2000;
  const HISTORY = 90; // points kept per node: three minutes at one poll every 2 s
  const key = new URLSearchParams(location.search).get('key');
  const dataUrl = location.pathname.replace(/\/+$/, '') + '/data' + (key ? '?key=' + encodeURIComponent(key) : '');
  const history = new Map(); // node id -> [{at, connections, subscriptions, streams, counters}]
  const rejectedSeen = []; // [{at, totals}] for "last minute"
  const SERIES = [
    ['connections', 'connections', s => s.connections],
    ['subscriptions', 'subscriptions', s => s.subscriptions],
    ['streams', 'streams', s => s.streams],
    ['broadcasts/s', 'broadcast_rate', s => s.broadcastRate],
    ['delivered/s', 'delivery_rate', s => s.deliveryRate]
  ];

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function num(v) { return typeof v === 'number' && isFinite(v) ? v : null; }
  function fmt(v, digits) {
    v = num(v);
    if (v === null) return '—';
    return digits ? v.toFixed(digits) : Math.round(v).toLocaleString('en');
  }
  function duration(ms) {
    const s = Math.floor(ms / 1000);
    if (s < 120) return s + ' s';
    if (s < 7200) return Math.floor(s / 60) + ' min';
    if (s < 172800) return Math.floor(s / 3600) + ' h';
    return Math.floor(s / 86400) + ' d';
  }
  function bytes(b) { return num(b) === null ? '—' : Math.round(b / 1048576) + ' MiB'; }
  function rate(prev, cur, name) {
    if (!prev || !cur.counters || !prev.counters) return null;
    const a = prev.counters[name], b = cur.counters[name], dt = cur.at - prev.at;
    if (num(a) === null || num(b) === null || dt <= 0) return null;
    return Math.max(0, b - a) * 1000 / dt;
  }
  function label(m) { return (m.address || '') + ' ' + String(m.node).slice(0, 8); }
  function lag(m) {
    if (!m.redis) return '—';
    if (!m.redis.connected) return 'disconnected';
    if (num(m.redis.lag_ms) === null) return m.redis.streams ? 'no entry yet' : '— (pub/sub)';
    return fmt(m.redis.lag_ms) + ' ms';
  }

  function record(m) {
    let points = history.get(m.node);
    if (!points) history.set(m.node, points = []);
    const last = points[points.length - 1];
    if (last && last.at === m.at) return points;
    const point = { at: m.at, connections: m.connections, subscriptions: m.subscriptions, streams: m.streams,
      counters: m.counters || {} };
    point.broadcastRate = rate(last, point, 'broadcast_msg_total');
    point.deliveryRate = rate(last, point, 'server_msg_total');
    points.push(point);
    if (points.length > HISTORY) points.shift();
    return points;
  }

  function sparkline(values) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 120 26');
    const ys = values.map(num).filter(v => v !== null);
    const max = Math.max(1, ...ys);
    // The newest point at the right edge; a short history spans at least a minute's width, not the whole chart.
    const span = Math.max(values.length, 30) - 1;
    const pts = [];
    values.forEach((v, i) => {
      if (num(v) === null) return;
      const x = 120 - (values.length - 1 - i) * 120 / span;
      pts.push(x.toFixed(1) + ',' + (24 - v * 22 / max).toFixed(1));
    });
    const line = document.createElementNS(ns, 'polyline');
    line.setAttribute('points', pts.join(' '));
    line.setAttribute('fill', 'none');
    line.setAttribute('stroke', '#2f6fdb');
    line.setAttribute('stroke-width', '1.5');
    svg.appendChild(line);
    return svg;
  }

  function renderMembers(data) {
    const body = document.querySelector('#members tbody');
    body.replaceChildren();
    for (const m of data.members) {
      const tr = el('tr');
      tr.dataset.node = m.node;
      if (m.address) tr.dataset.address = m.address;
      tr.appendChild(el('td', label(m) + (m.self ? ' (this node)' : ''), 'name'));
      if (!m.answered) {
        tr.className = 'down';
        const td = el('td', 'no answer: ' + (m.error || 'unknown'));
        td.colSpan = 9;
        td.dataset.field = 'error';
        tr.appendChild(td);
        body.appendChild(tr);
        continue;
      }
      const points = history.get(m.node) || [];
      const last = points[points.length - 1] || {};
      const cells = [
        ['roles', (m.roles || []).join(', '), ''],
        ['uptime', duration(m.uptime_ms || 0), 'num'],
        ['connections', fmt(m.connections), 'num'],
        ['subscriptions', fmt(m.subscriptions), 'num'],
        ['streams', fmt(m.streams), 'num'],
        ['broadcast_rate', fmt(last.broadcastRate, 1), 'num'],
        ['delivery_rate', fmt(last.deliveryRate, 1), 'num'],
        ['heap', bytes(m.heap_used_bytes) + ' / ' + bytes(m.heap_max_bytes), 'num'],
        ['redis_lag', lag(m), 'num']
      ];
      for (const [field, text, cls] of cells) {
        const td = el('td', text, cls);
        td.dataset.field = field;
        if (field === 'connections') td.dataset.value = String(num(m.connections) === null ? '' : m.connections);
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
  }

  function renderCharts(data) {
    const box = document.getElementById('charts');
    box.replaceChildren();
    for (const m of data.members) {
      if (!m.answered) continue;
      const points = history.get(m.node) || [];
      const card = el('div', null, 'card');
      card.appendChild(el('h3', label(m)));
      for (const [title, , pick] of SERIES) {
        const row = el('div', null, 'spark');
        const values = points.map(pick);
        const current = values[values.length - 1];
        row.appendChild(el('span', title + ': ' + fmt(current, title.endsWith('/s') ? 1 : 0)));
        row.appendChild(sparkline(values));
        card.appendChild(row);
      }
      box.appendChild(card);
    }
  }

  function renderStreams(data) {
    const totals = new Map();
    for (const m of data.members) {
      for (const s of (m.answered && m.top_streams) || []) {
        const t = totals.get(s.stream) || { subscribers: 0, nodes: 0 };
        t.subscribers += num(s.subscribers) || 0;
        t.nodes += 1;
        totals.set(s.stream, t);
      }
    }
    const top = [...totals.entries()].sort((a, b) => b[1].subscribers - a[1].subscribers).slice(0, 10);
    const body = document.querySelector('#streams tbody');
    body.replaceChildren();
    if (!top.length) body.appendChild(el('tr')).appendChild(el('td', 'no streams with subscribers'));
    for (const [name, t] of top) {
      const tr = el('tr');
      tr.appendChild(el('td', name, 'name'));
      tr.appendChild(el('td', fmt(t.subscribers), 'num'));
      tr.appendChild(el('td', fmt(t.nodes), 'num'));
      body.appendChild(tr);
    }
  }

  function renderRejected(data) {
    const totals = {};
    for (const m of data.members) {
      for (const [kind, v] of Object.entries((m.answered && m.rejected) || {})) totals[kind] = (totals[kind] || 0) + (num(v) || 0);
    }
    rejectedSeen.push({ at: data.at, totals });
    while (rejectedSeen.length > 1 && data.at - rejectedSeen[0].at > 60000) rejectedSeen.shift();
    const since = rejectedSeen[0].totals;
    const body = document.querySelector('#rejected tbody');
    body.replaceChildren();
    for (const kind of Object.keys(totals).sort((a, b) => totals[b] - totals[a] || a.localeCompare(b))) {
      const tr = el('tr');
      tr.dataset.kind = kind;
      tr.appendChild(el('td', kind));
      tr.appendChild(el('td', fmt(totals[kind]), 'num'));
      tr.appendChild(el('td', fmt(Math.max(0, totals[kind] - (since[kind] || 0))), 'num'));
      body.appendChild(tr);
    }
  }

  function render(data) {
    for (const m of data.members) if (m.answered) record(m);
    const up = data.members.filter(m => m.answered).length;
    document.getElementById('summary').textContent = data.members.length + ' member(s), ' + up + ' answering' +
      (data.members_omitted ? ', ' + data.members_omitted + ' more not shown' : '') +
      ' — updated ' + new Date(data.at).toLocaleTimeString('en-GB');
    document.body.dataset.members = String(data.members.length);
    renderMembers(data);
    renderCharts(data);
    renderStreams(data);
    renderRejected(data);
  }

  async function poll() {
    try {
      const response = await fetch(dataUrl, { cache: 'no-store', credentials: 'same-origin' });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      render(await response.json());
    } catch (e) {
      document.getElementById('summary').textContent = 'cannot load status data: ' + e.message;
    }
    setTimeout(poll, POLL_MS);
  }
  poll();
})();
