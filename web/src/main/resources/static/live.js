// Live regions: every element with data-src is re-fetched every 2 s and its content replaced
// with the server-rendered fragment when it changed. Markup comes only from our own origin
// (server-escaped templates); no inline script is ever executed (CSP).
(function () {
  'use strict';
  var INTERVAL_MS = 2000;

  function setStatus(text, ok) {
    var el = document.getElementById('live-status');
    if (!el) { return; }
    el.textContent = text;
    el.className = 'pill ' + (ok ? 'pill-ok' : 'pill-bad');
  }

  function refresh(region) {
    return fetch(region.getAttribute('data-src'), {
      credentials: 'same-origin', cache: 'no-store', headers: { 'Accept': 'text/html' }
    }).then(function (r) {
      if (!r.ok) { throw new Error('HTTP ' + r.status); }
      return r.text();
    }).then(function (html) {
      if (region.getAttribute('data-last') !== html) {
        region.innerHTML = html;
        region.setAttribute('data-last', html);
        region.dispatchEvent(new CustomEvent('live:updated', { bubbles: true }));
      }
      setStatus('live', true);
    }).catch(function () {
      setStatus('offline', false);
    });
  }

  function start() {
    var regions = document.querySelectorAll('[data-src]');
    if (regions.length === 0) { return; }
    var tick = function () {
      var pending = [];
      regions.forEach(function (r) {
        // A finished run (data-final="true" in the fragment) no longer changes: stop polling it.
        if (!r.querySelector('[data-final="true"]')) { pending.push(refresh(r)); }
      });
      Promise.all(pending).then(function () { window.setTimeout(tick, INTERVAL_MS); });
    };
    window.setTimeout(tick, INTERVAL_MS);
    setStatus('live', true);
  }

  // run.js (WebSocket events) asks for an immediate refresh instead of waiting for the next tick.
  window.DeckhandLive = { refresh: refresh, setStatus: setStatus };
  document.addEventListener('DOMContentLoaded', start);
})();
