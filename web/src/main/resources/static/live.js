// Live pages. Loaded on every page of a signed-in user.
// 1. One WebSocket (/ws/notifications?topic=...) for every [data-topic] element of the page (the
//    user's own topic in #notices, a run page's job:/preflight: topic), reconnecting with backoff.
//    Each event is dispatched as a "deckhand:event" DOM event (detail: the event) for page scripts
//    (run.js); "reconnect" and "final" events of the user's topic show a notice on any page.
// 2. Every [data-src] region is re-fetched every 2 s (the fallback when the socket is down). A
//    region with data-patch="<name>" hands the fragment to window.DeckhandPatch[name], which
//    updates individual elements (so an open <details> stays open and focus stays); others get
//    their content replaced when it changed. A fragment with data-final="true" stops the polling.
// Markup comes only from our own origin (server-escaped templates); no inline script runs (CSP).
(function () {
  'use strict';
  var INTERVAL_MS = 2000;

  function setStatus(text, ok) {
    var el = document.getElementById('live-status');
    if (!el) { return; }
    el.textContent = text;
    el.className = 'pill ' + (ok ? 'pill-ok' : 'pill-bad');
  }

  function finished(region) {
    return region.querySelector('[data-final="true"]') !== null;
  }

  function refresh(region) {
    return fetch(region.getAttribute('data-src'), {
      credentials: 'same-origin', cache: 'no-store', headers: { 'Accept': 'text/html' }
    }).then(function (r) {
      if (!r.ok) { throw new Error('HTTP ' + r.status); }
      return r.text();
    }).then(function (html) {
      var patch = region.getAttribute('data-patch');
      if (patch && window.DeckhandPatch && window.DeckhandPatch[patch]) {
        window.DeckhandPatch[patch](region, html);
        region.dispatchEvent(new CustomEvent('live:updated', { bubbles: true }));
      } else if (region.getAttribute('data-last') !== html) {
        region.innerHTML = html;
        region.setAttribute('data-last', html);
        region.dispatchEvent(new CustomEvent('live:updated', { bubbles: true }));
      }
      setStatus('live', true);
    }).catch(function () {
      setStatus('offline', false);
    });
  }

  function poll() {
    var regions = document.querySelectorAll('[data-src]');
    if (regions.length === 0) { return; }
    var tick = function () {
      var pending = [];
      regions.forEach(function (r) {
        if (!finished(r)) { pending.push(refresh(r)); }
      });
      Promise.all(pending).then(function () { window.setTimeout(tick, INTERVAL_MS); });
    };
    window.setTimeout(tick, INTERVAL_MS);
    setStatus('live', true);
  }

  // Notices: a polite live region under the header; each notice can be dismissed.
  function notice(text, kind, href) {
    var box = document.getElementById('notices');
    if (!box) { return; }
    var item = document.createElement('div');
    item.className = 'notice notice-' + kind;
    item.setAttribute('data-kind', kind);
    var label = document.createElement(href ? 'a' : 'span');
    if (href) { label.setAttribute('href', href); }
    label.textContent = text;
    item.appendChild(label);
    var close = document.createElement('button');
    close.type = 'button';
    close.className = 'btn btn-link';
    close.textContent = 'Dismiss';
    close.addEventListener('click', function () { item.remove(); });
    item.appendChild(close);
    box.appendChild(item);
  }

  function userNotice(msg) {
    if (msg.type === 'reconnect') {
      notice('Your account connection needs renewing: connect it again, then retry the run.', 'reconnect',
        msg.job_id ? '/jobs/' + msg.job_id : null);
    } else if (msg.type === 'final') {
      var what = msg.job_id ? 'Job' : 'Preflight';
      var href = msg.job_id ? '/jobs/' + msg.job_id : (msg.preflight_id ? '/preflights/' + msg.preflight_id : null);
      notice(what + ' ' + msg.status + '.', 'final', href);
    }
  }

  function connect(elements, attempt) {
    if (!window.WebSocket) { return; }
    var live = elements.filter(function (el) { return !el.hasAttribute('data-src') || !finished(el); });
    if (live.length === 0) { return; }
    var topics = live.map(function (el) { return el.getAttribute('data-topic'); });
    var scheme = window.location.protocol === 'https:' ? 'wss://' : 'ws://';
    var query = topics.map(function (t) { return 'topic=' + encodeURIComponent(t); }).join('&');
    var ws;
    try {
      ws = new WebSocket(scheme + window.location.host + '/ws/notifications?' + query);
    } catch (e) {
      return;
    }
    var byTopic = {};
    live.forEach(function (el) { byTopic[el.getAttribute('data-topic')] = el; });
    ws.onopen = function () {
      attempt = 0;
      live.forEach(function (el) { el.setAttribute('data-ws', 'open'); });
    };
    ws.onmessage = function (event) {
      var msg = {};
      try { msg = JSON.parse(event.data); } catch (e) { return; }
      if (msg.type === 'subscribed' && byTopic[msg.topic]) { byTopic[msg.topic].setAttribute('data-ws', 'subscribed'); }
      // Topics are subscribed at connect time (?topic=); should the server not have done so,
      // subscribe by message once it says it listens ("ready").
      if (msg.type === 'ready') {
        topics.forEach(function (t) {
          if (byTopic[t].getAttribute('data-ws') !== 'subscribed') {
            ws.send(JSON.stringify({ action: 'subscribe', topic: t }));
          }
        });
      }
      if (msg.type === 'subscribed' || msg.type === 'ready' || msg.type === 'welcome' || msg.type === 'error') { return; }
      if (msg.topic && msg.topic.indexOf('user:') === 0) { userNotice(msg); }
      document.dispatchEvent(new CustomEvent('deckhand:event', { detail: msg }));
    };
    ws.onclose = function () {
      live.forEach(function (el) { el.setAttribute('data-ws', 'closed'); });
      if (attempt < 6) {
        window.setTimeout(function () { connect(elements, attempt + 1); }, 1000 * Math.pow(2, attempt));
      }
    };
  }

  // run.js asks for an immediate refresh on events it cannot apply by itself (final, cancel, retry).
  window.DeckhandLive = { refresh: refresh, setStatus: setStatus, notice: notice };
  document.addEventListener('DOMContentLoaded', function () {
    poll();
    connect(Array.prototype.slice.call(document.querySelectorAll('[data-topic]')), 0);
  });
})();
