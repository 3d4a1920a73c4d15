// Dashboard charts: polls the JSON queue snapshot every 2 s, keeps the last 90 samples and draws
// depth per queue and throughput (finished attempts per second, from counter deltas) as SVG.
(function () {
  'use strict';
  var INTERVAL_MS = 2000;
  var MAX_SAMPLES = 90;
  var SVG = 'http://www.w3.org/2000/svg';
  var samples = [];

  function el(name, attrs) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }

  function finished(q) { return q.succeeded + q.dead + q.retries; }

  function queueNames() {
    var names = {};
    samples.forEach(function (s) { s.queues.forEach(function (q) { names[q.queue] = true; }); });
    return Object.keys(names).sort();
  }

  function series(metric) {
    var names = queueNames();
    return names.map(function (name) {
      var points = [];
      for (var i = 0; i < samples.length; i++) {
        var q = samples[i].queues.find(function (x) { return x.queue === name; });
        if (!q) { continue; }
        if (metric === 'depth') {
          points.push([samples[i].at, q.depth]);
        } else if (i > 0) {
          var p = samples[i - 1].queues.find(function (x) { return x.queue === name; });
          var dt = (samples[i].at - samples[i - 1].at) / 1000;
          if (p && dt > 0) { points.push([samples[i].at, Math.max(0, finished(q) - finished(p)) / dt]); }
        }
      }
      return { name: name, points: points };
    });
  }

  function draw(svg, data) {
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var w = 600, h = 160, pad = 4;
    var maxY = 1;
    var minX = Infinity, maxX = -Infinity;
    data.forEach(function (s) {
      s.points.forEach(function (p) {
        maxY = Math.max(maxY, p[1]); minX = Math.min(minX, p[0]); maxX = Math.max(maxX, p[0]);
      });
    });
    for (var g = 1; g <= 3; g++) {
      var gy = h - pad - (h - 2 * pad) * g / 4;
      svg.appendChild(el('line', { x1: 0, x2: w, y1: gy, y2: gy, 'class': 'grid' }));
    }
    var label = el('text', { x: 6, y: 14, 'class': 'axis' });
    label.textContent = 'max ' + (maxY >= 10 ? Math.round(maxY) : maxY.toFixed(1));
    svg.appendChild(label);
    if (!isFinite(minX)) { return; }
    var spanX = Math.max(1, maxX - minX);
    data.forEach(function (s, i) {
      if (s.points.length === 0) { return; }
      var pts = s.points.map(function (p) {
        var x = pad + (w - 2 * pad) * (p[0] - minX) / spanX;
        var y = h - pad - (h - 2 * pad) * p[1] / maxY;
        return x.toFixed(1) + ',' + y.toFixed(1);
      }).join(' ');
      svg.appendChild(el('polyline', { points: pts, 'class': 'series series-' + (i % 6), 'data-queue': s.name }));
    });
  }

  function legend() {
    var ul = document.getElementById('chart-legend');
    if (!ul) { return; }
    while (ul.firstChild) { ul.removeChild(ul.firstChild); }
    queueNames().forEach(function (name, i) {
      var li = document.createElement('li');
      li.className = 'series-' + (i % 6);
      li.textContent = name;
      ul.appendChild(li);
    });
  }

  function poll(url) {
    fetch(url, { credentials: 'same-origin', cache: 'no-store', headers: { 'Accept': 'application/json' } })
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
      .then(function (snapshot) {
        samples.push(snapshot);
        if (samples.length > MAX_SAMPLES) { samples.shift(); }
        draw(document.getElementById('chart-depth'), series('depth'));
        draw(document.getElementById('chart-throughput'), series('throughput'));
        legend();
      })
      .catch(function () { /* live.js shows the offline state */ })
      .then(function () { window.setTimeout(function () { poll(url); }, INTERVAL_MS); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var live = document.getElementById('live');
    if (live && live.getAttribute('data-stats')) { poll(live.getAttribute('data-stats')); }
  });
})();
