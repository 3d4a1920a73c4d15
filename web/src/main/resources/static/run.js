// Run pages: subscribes to the run's topic on the WebSocket /ws/notifications?topic=job:<id>
// (or by {"action": "subscribe", "topic": ...} once the server is "ready") and refreshes the
// server-rendered live fragment as soon as an event arrives (step progress, log line, final
// state). live.js keeps polling every 2 s as well, so the page stays current if the socket is
// unavailable; once the run has finished both stop.
(function () {
  'use strict';
  function finished(region) {
    return region.querySelector('[data-final="true"]') !== null;
  }

  function connect(region, topic, attempt) {
    if (!window.WebSocket || finished(region)) { return; }
    var scheme = window.location.protocol === 'https:' ? 'wss://' : 'ws://';
    var ws;
    try {
      ws = new WebSocket(scheme + window.location.host + '/ws/notifications?topic=' + encodeURIComponent(topic));
    } catch (e) {
      return;
    }
    ws.onopen = function () {
      attempt = 0;
      region.setAttribute('data-ws', 'open');
    };
    ws.onmessage = function (event) {
      var msg = {};
      try { msg = JSON.parse(event.data); } catch (e) { /* not JSON: still a reason to refresh */ }
      if (msg.type === 'subscribed' && msg.topic === topic) { region.setAttribute('data-ws', 'subscribed'); }
      // The topic is subscribed at connect time (?topic=); should the server not have done so,
      // subscribe by message, but only once it says it listens ("ready"): a frame sent right
      // after the handshake can be lost.
      if ((msg.type === 'ready' || msg.type === 'welcome') && region.getAttribute('data-ws') !== 'subscribed') {
        ws.send(JSON.stringify({ action: 'subscribe', topic: topic }));
      }
      if (msg.type === 'subscribed' || msg.type === 'ready' || msg.type === 'welcome') { return; }
      if (window.DeckhandLive) { window.DeckhandLive.refresh(region); }
    };
    ws.onclose = function () {
      region.setAttribute('data-ws', 'closed');
      if (!finished(region) && attempt < 5) {
        window.setTimeout(function () { connect(region, topic, attempt + 1); }, 1000 * Math.pow(2, attempt));
      }
    };
  }

  document.addEventListener('DOMContentLoaded', function () {
    var region = document.getElementById('run');
    if (region && region.getAttribute('data-topic')) {
      connect(region, region.getAttribute('data-topic'), 0);
    }
  });
})();
