// Dashboard charts. Throughput, failures and latency come from the server's per-minute history
// (/admin/api/history, polled every 5 s), so a reload shows the same past; the depth chart samples
// the live snapshot (/admin/api/queues, every 2 s). SVG with a time axis (UTC HH:MM).
(function () {
  'use strict';
  var SNAPSHOT_MS = 2000;
  var HISTORY_MS = 5000;
  var MAX_SAMPLES = 90;
  var W = 600, H = 180, PAD = 4, AXIS = 18;
  var SVG = 'http://www.w3.org/2000/svg';
  var samples = [];
  var names = {};

  function el(name, attrs) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }

  function hhmm(ms) {
    return new Date(ms).toISOString().substring(11, 16);
  }

  function queueIndex(name) {
    names[name] = true;
    return Object.keys(names).sort().indexOf(name);
  }

  // data: [{name, points: [[t, y], ...]}]
  function draw(svg, data) {
    if (!svg) { return; }
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var maxY = 1, minX = Infinity, maxX = -Infinity;
    data.forEach(function (s) {
      s.points.forEach(function (p) {
        maxY = Math.max(maxY, p[1]); minX = Math.min(minX, p[0]); maxX = Math.max(maxX, p[0]);
      });
    });
    var plotH = H - AXIS;
    for (var g = 1; g <= 3; g++) {
      var gy = plotH - PAD - (plotH - 2 * PAD) * g / 4;
      svg.appendChild(el('line', { x1: 0, x2: W, y1: gy, y2: gy, 'class': 'grid' }));
    }
    var label = el('text', { x: 6, y: 14, 'class': 'axis' });
    label.textContent = 'max ' + (maxY >= 10 ? Math.round(maxY) : maxY.toFixed(1));
    svg.appendChild(label);
    if (!isFinite(minX)) { return; }
    var spanX = Math.max(1, maxX - minX);
    function x(t) { return PAD + (W - 2 * PAD) * (t - minX) / spanX; }
    for (var i = 0; i <= 4; i++) {
      var t = minX + spanX * i / 4;
      var tick = el('text', { x: Math.min(W - 40, Math.max(0, x(t) - 16)), y: H - 4, 'class': 'axis tick' });
      tick.textContent = hhmm(t);
      svg.appendChild(tick);
    }
    data.forEach(function (s) {
      if (s.points.length === 0) { return; }
      var pts = s.points.map(function (p) {
        return x(p[0]).toFixed(1) + ',' + (plotH - PAD - (plotH - 2 * PAD) * p[1] / maxY).toFixed(1);
      }).join(' ');
      svg.appendChild(el('polyline', { points: pts, 'class': 'series series-' + (queueIndex(s.name) % 6),
        'data-queue': s.name, 'data-points': String(s.points.length) }));
    });
  }

  function legend() {
    var ul = document.getElementById('chart-legend');
    if (!ul) { return; }
    while (ul.firstChild) { ul.removeChild(ul.firstChild); }
    Object.keys(names).sort().forEach(function (name, i) {
      var li = document.createElement('li');
      li.className = 'series-' + (i % 6);
      li.textContent = name;
      ul.appendChild(li);
    });
  }

  function getJson(url) {
    return fetch(url, { credentials: 'same-origin', cache: 'no-store', headers: { 'Accept': 'application/json' } })
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); });
  }

  function history(url) {
    getJson(url).then(function (h) {
      function series(f) {
        return h.queues.map(function (q) {
          return { name: q.queue, points: q.minutes.map(function (m) { return [m.t, f(m)]; }) };
        });
      }
      draw(document.getElementById('chart-throughput'), series(function (m) { return m.succeeded; }));
      draw(document.getElementById('chart-failures'), series(function (m) { return m.failed; }));
      draw(document.getElementById('chart-latency'), series(function (m) { return m.avgWaitMs; }));
      legend();
    }).catch(function () { /* live.js shows the offline state */ })
      .then(function () { window.setTimeout(function () { history(url); }, HISTORY_MS); });
  }

  function snapshots(url) {
    getJson(url).then(function (snapshot) {
      samples.push(snapshot);
      if (samples.length > MAX_SAMPLES) { samples.shift(); }
      var byQueue = {};
      samples.forEach(function (s) {
        s.queues.forEach(function (q) { (byQueue[q.queue] = byQueue[q.queue] || []).push([s.at, q.depth]); });
      });
      draw(document.getElementById('chart-depth'), Object.keys(byQueue).sort().map(function (n) {
        return { name: n, points: byQueue[n] };
      }));
      legend();
    }).catch(function () { /* live.js shows the offline state */ })
      .then(function () { window.setTimeout(function () { snapshots(url); }, SNAPSHOT_MS); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var charts = document.getElementById('charts');
    if (charts && charts.getAttribute('data-history')) { history(charts.getAttribute('data-history')); }
    var live = document.getElementById('live');
    if (live && live.getAttribute('data-stats')) { snapshots(live.getAttribute('data-stats')); }
  });
})();
