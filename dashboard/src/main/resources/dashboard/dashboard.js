// Flowcast dashboard page. Everything from the topics is put on the page with textContent or
// element attributes, never innerHTML: product ids and alert reasons are shown as text.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  let current = null;       // chosen product id
  let source = null;        // EventSource
  let plot = null;
  let lastThroughput = null;

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  // Jackson writes NaN (nothing to score yet) as the string "NaN"
  function fmt(x, d) { const n = Number(x); return (x === null || x === undefined || Number.isNaN(n)) ? '–' : n.toFixed(d); }
  function time(ms) { return ms ? new Date(ms).toISOString().replace('T', ' ').substring(0, 16) + 'Z' : ''; }
  function productLink(id) {
    const a = el('a', id);
    a.href = '#product=' + encodeURIComponent(id);
    a.className = 'product-link';
    return a;
  }

  // --- search: the server scans its sorted index; one request per keystroke pause
  let searchTimer = null;
  $('search').addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, 80);
  });
  async function runSearch() {
    const q = $('search').value;
    const res = await fetch('/api/search?q=' + encodeURIComponent(q));
    const ids = await res.json();
    const ul = $('results');
    ul.replaceChildren(...ids.map((id) => {
      const li = el('li', id, 'result');
      li.addEventListener('click', () => { location.hash = 'product=' + encodeURIComponent(id); ul.replaceChildren(); });
      return li;
    }));
  }

  function fromHash() {
    const m = location.hash.match(/^#product=(.*)$/);
    if (m) choose(decodeURIComponent(m[1]));
  }
  window.addEventListener('hashchange', fromHash);

  function choose(id) {
    current = id;
    $('product-title').textContent = id;
    $('product-meta').textContent = 'waiting for its next forecast…';
    connect();
  }

  function connect() {
    if (source) source.close();
    source = new EventSource('/api/events' + (current ? '?product=' + encodeURIComponent(current) : ''));
    source.onopen = () => { $('connection').textContent = 'live'; };
    source.onerror = () => { $('connection').textContent = 'reconnecting…'; };
    source.addEventListener('overview', (e) => renderOverview(JSON.parse(e.data)));
    source.addEventListener('product', (e) => renderProduct(JSON.parse(e.data)));
  }

  // --- product chart: actuals, then the latest forecast's fan (point, p10-p90) over the whole horizon
  function renderProduct(p) {
    if (p.productId !== current) return;
    const xs = [], actual = [], point = [], p10 = [], p90 = [], revised = [];
    for (const [t, a, rev] of p.actuals) {
      xs.push(t / 1000); actual.push(a); point.push(null); p10.push(null); p90.push(null);
      revised.push(rev > 0 ? a : null);
    }
    // the fan starts at the last actual so the band joins the history
    if (xs.length && p.steps && p.steps.length) {
      const i = xs.length - 1;
      point[i] = actual[i]; p10[i] = actual[i]; p90[i] = actual[i];
    }
    for (const [t, pt, lo, , hi] of (p.steps || [])) {
      xs.push(t / 1000); actual.push(null); point.push(pt); p10.push(lo); p90.push(hi); revised.push(null);
    }
    const data = [xs, actual, point, p10, p90, revised];
    const chart = $('chart');
    chart.dataset.actuals = String(p.actuals.length);
    chart.dataset.lastBucket = String(p.bucketStart || '');
    chart.dataset.steps = String((p.steps || []).length);
    if (!plot) {
      plot = new uPlot({
        width: Math.max(560, chart.clientWidth - 10), height: 320,
        scales: { x: { time: true } },
        series: [
          {},
          { label: 'actual', stroke: '#1d3557', width: 2, points: { show: true, size: 4 } },
          { label: 'forecast', stroke: '#e63946', width: 2, dash: [6, 4] },
          { label: 'p10', stroke: 'rgba(230,57,70,0.35)' },
          { label: 'p90', stroke: 'rgba(230,57,70,0.35)' },
          { label: 'revised', stroke: 'transparent', points: { show: true, size: 10, fill: '#f4a261', stroke: '#e76f51' } },
        ],
        bands: [{ series: [4, 3], fill: 'rgba(230,57,70,0.12)' }],
      }, data, chart);
    } else {
      plot.setData(data);
    }
    const detail = el('span', ' since bucket ' + time(p.servedSince) + ' · last closed bucket ' + time(p.bucketStart)
      + ' · revision ' + p.revision + ' · ' + p.actuals.length + ' actuals, ' + (p.steps || []).length
      + ' steps · late corrections: ' + p.revisedBuckets);
    detail.id = 'actual-count';
    $('product-meta').replaceChildren(el('span', 'served model: '), el('strong', p.servedModel, 'served-model'), detail);
    $('product-swaps').replaceChildren(...(p.swaps || []).map((s) =>
      el('div', 'swapped ' + s.from + ' → ' + s.to + ' at bucket ' + time(s.bucketStart), 'product-swap')));
  }

  function renderOverview(o) {
    $('alerts').replaceChildren(...o.alerts.map((a) => {
      const li = el('li', null, 'alert');
      li.append(el('span', a.status, a.status), ' ', el('span', a.severity + ' ' + a.kind + ' '), productLink(a.productId),
        el('div', time(a.bucketStart) + ' actual ' + fmt(a.actual, 0) + ' vs ' + fmt(a.expected, 1) + (a.reason ? ' — ' + a.reason : ''), 'muted'));
      return li;
    }));
    $('swaps').replaceChildren(...o.swaps.map((s) => {
      const li = el('li', null, 'swap');
      li.append(el('strong', s.version), ' ' + s.what + ' ' + time(s.at) + (s.decision ? ' (' + s.decision + ')' : ''));
      if (s.productId) { li.append(' on '); li.append(productLink(s.productId)); }
      return li;
    }));
    renderAccuracy(o.accuracy, o.accuracyProducts);
    renderThroughput(o.throughput);
  }

  function renderAccuracy(rows, tracked) {
    const models = [...new Set(rows.map((r) => r.model))];
    const steps = [...new Set(rows.map((r) => r.step))].sort((a, b) => a - b);
    const table = el('table');
    const head = el('tr');
    head.append(el('th', 'model \\ step'), ...steps.map((s) => el('th', s)));
    table.append(head);
    for (const m of models) {
      const tr = el('tr');
      tr.append(el('th', m));
      for (const s of steps) {
        const r = rows.find((x) => x.model === m && x.step === s);
        const td = el('td', r ? fmt(r.wape, 2) + ' / ' + fmt(100 * r.coverage, 0) + '%' : '');
        if (r) {
          td.title = r.count + ' buckets scored';
          td.className = Math.abs(r.coverage - 0.8) > 0.1 ? 'cov-low' : 'cov-ok';
        }
        tr.append(td);
      }
      table.append(tr);
    }
    const note = el('div', rows.length ? 'scored on ' + tracked + ' products as their later actuals arrive' : 'waiting for actuals of earlier forecasts…', 'muted');
    $('accuracy').replaceChildren(table, note);
  }

  function renderThroughput(t) {
    let rate = (k) => '';
    if (lastThroughput && t.at > lastThroughput.at) {
      const secs = (t.at - lastThroughput.at) / 1000;
      const prev = lastThroughput;
      rate = (k) => ' (' + fmt((t[k] - prev[k]) / secs, 0) + '/s)';
    }
    const dl = Object.values(t.deadLetters).reduce((a, b) => a + b, 0);
    $('throughput').replaceChildren(
      el('span', 'order lines in ' + t.orderLinesIn.toLocaleString() + rate('orderLinesIn'), 'events-in'),
      el('span', 'forecasts out ' + t.forecastsOut.toLocaleString() + rate('forecastsOut'), 'forecasts-out'),
      el('span', 'dead letters ' + dl.toLocaleString(), 'dead-letter-total'),
      el('span', t.products.toLocaleString() + ' products'));
    $('dead-letters').replaceChildren(...Object.entries(t.deadLetters).map(([k, v]) => el('span', k + ': ' + v.toLocaleString() + '   ', 'dead-letter-reason')));
    lastThroughput = t;
  }

  connect();
  fromHash();
})();
