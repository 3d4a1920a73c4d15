// Run pages (#run, data-patch="run"). Keeps the page current without losing the user's place:
// every change updates individual elements (a step's state, duration and message, the progress
// bar, the status) or appends log lines; nothing replaces the fragment, so an open log stays open
// and the focused element keeps focus.
// - WebSocket events (dispatched by live.js as "deckhand:event") of this run's topic: "step"
//   (started / a result, with the log lines written with it: lines = [{seq, line}]) and "log"
//   (lines written while a step runs; a worker of an earlier release sends one line with its seq)
//   are applied at once; "final",
//   "cancel_requested" and "retry" fetch the fragment, which is then patched (below).
// - The fragment (polling fallback, or after those events) is patched element by element: known
//   ids, steps by data-step-id, actions only when they changed, log lines inserted in seq order
//   (never twice). The fragment is asked only for log lines after the last one it gave (?after=).
// Same wording as the server (RunView.progress, Durations.step).
(function () {
  'use strict';
  var DONE = { ok: true, warn: true, error: true, skip: true };

  function region() { return document.getElementById('run'); }

  function setText(el, text) { if (el && el.textContent !== text) { el.textContent = text; } }

  function syncAttributes(el, fresh) {
    Array.prototype.slice.call(el.attributes).forEach(function (a) {
      if (!fresh.hasAttribute(a.name) && a.name !== 'data-ws') { el.removeAttribute(a.name); }
    });
    Array.prototype.slice.call(fresh.attributes).forEach(function (a) {
      if (el.getAttribute(a.name) !== a.value) { el.setAttribute(a.name, a.value); }
    });
  }

  // A leaf element (text only): attributes and text.
  function syncLeaf(el, fresh) {
    if (!el || !fresh) { return; }
    syncAttributes(el, fresh);
    setText(el, fresh.textContent);
  }

  function duration(ms) {
    if (ms < 1000) { return ms + ' ms'; }
    if (ms < 120000) { return Math.floor(ms / 1000) + '.' + Math.floor((ms % 1000) / 100) + ' s'; }
    return Math.floor(ms / 60000) + ' min ' + Math.floor((ms % 60000) / 1000) + ' s';
  }

  function setStepState(li, state) {
    li.setAttribute('data-state', state);
    var pill = li.querySelector('[data-part=state]');
    if (pill) {
      pill.className = 'pill state-' + state.replace(' ', '-');
      setText(pill, state);
    }
  }

  function updateProgress(r) {
    var steps = r.querySelectorAll('#steps li[data-step-id]');
    var done = 0;
    steps.forEach(function (li) { if (DONE[li.getAttribute('data-state')]) { done++; } });
    var total = steps.length;
    var status = r.querySelector('#run-status');
    var running = status && status.getAttribute('data-final') !== 'true';
    var bar = r.querySelector('#run-progress');
    if (bar && total > 0) {
      bar.setAttribute('max', String(total));
      bar.setAttribute('value', String(done));
      bar.setAttribute('data-percent', String(Math.floor(done * 100 / total)));
    }
    setText(r.querySelector('#run-progress-label'), running && done < total
      ? 'Step ' + (done + 1) + ' of ' + total : done + ' of ' + total + ' steps done');
  }

  // Inserts a line in seq order unless it is shown already. Events can overtake the fragment (and
  // lines written between the page's rendering and the subscription arrive only by polling), so
  // data-after (what the next fragment starts after) moves only with the server's fragments.
  function insertLine(pre, seq, text) {
    if (pre.querySelector('span[data-seq="' + seq + '"]')) { return; }
    var span = document.createElement('span');
    span.setAttribute('data-seq', String(seq));
    span.textContent = text;
    var later = null;
    var spans = pre.querySelectorAll('span[data-seq]');
    for (var i = spans.length - 1; i >= 0 && Number(spans[i].getAttribute('data-seq')) > seq; i--) { later = spans[i]; }
    pre.insertBefore(span, later);
  }

  function remember(r) {
    var pre = r.querySelector('#log-text');
    var base = r.getAttribute('data-src').split('?')[0];
    r.setAttribute('data-src', pre ? base + '?after=' + (pre.getAttribute('data-after') || '0') : base);
  }

  function patch(r, html) {
    var fresh = new DOMParser().parseFromString('<div>' + html + '</div>', 'text/html').body.firstChild;
    ['run-status', 'run-times', 'run-progress', 'run-progress-label', 'run-error'].forEach(function (id) {
      syncLeaf(r.querySelector('#' + id), fresh.querySelector('#' + id));
    });
    fresh.querySelectorAll('#steps li[data-step-id]').forEach(function (li) {
      var cur = r.querySelector('#steps li[data-step-id="' + li.getAttribute('data-step-id') + '"]');
      if (!cur) { return; }
      syncAttributes(cur, li);
      li.querySelectorAll('[data-part]').forEach(function (part) {
        syncLeaf(cur.querySelector('[data-part="' + part.getAttribute('data-part') + '"]'), part);
      });
    });
    var actions = r.querySelector('#run-actions');
    var freshActions = fresh.querySelector('#run-actions');
    if (actions && freshActions && actions.innerHTML !== freshActions.innerHTML) {
      actions.replaceChildren.apply(actions, Array.prototype.slice.call(freshActions.childNodes).map(function (n) {
        return document.importNode(n, true);
      }));
    }
    var pre = r.querySelector('#log-text');
    var freshPre = fresh.querySelector('#log-text');
    if (pre && freshPre) {
      freshPre.querySelectorAll('span[data-seq]').forEach(function (s) {
        insertLine(pre, Number(s.getAttribute('data-seq')), s.textContent);
      });
      var after = Number(freshPre.getAttribute('data-after') || '0');
      if (after > Number(pre.getAttribute('data-after') || '0')) { pre.setAttribute('data-after', String(after)); }
    }
    remember(r);
  }

  // The log lines an event carries: "lines" ([{seq, line}]), or one "line" with its "seq".
  function showLines(r, msg) {
    var pre = r.querySelector('#log-text');
    if (!pre) { return; }
    (msg.lines || (msg.seq ? [{ seq: msg.seq, line: msg.line }] : [])).forEach(function (l) {
      insertLine(pre, Number(l.seq), l.line || '');
    });
  }

  function onEvent(e) {
    var msg = e.detail || {};
    var r = region();
    if (!r || msg.topic !== r.getAttribute('data-topic')) { return; }
    if (msg.type === 'step' && msg.step_id) {
      showLines(r, msg);
      var li = r.querySelector('#steps li[data-step-id="' + msg.step_id + '"]');
      if (li) {
        if (msg.status === 'started') {
          setStepState(li, 'running');
        } else {
          setStepState(li, msg.status);
          setText(li.querySelector('[data-part=message]'), msg.message || '');
          if (msg.duration_ms) { setText(li.querySelector('[data-part=duration]'), duration(Number(msg.duration_ms))); }
        }
        updateProgress(r);
      }
    } else if (msg.type === 'log') {
      showLines(r, msg);
    } else if (window.DeckhandLive) {
      window.DeckhandLive.refresh(r); // final, cancel_requested, retry: the server renders the new actions
    }
  }

  window.DeckhandPatch = window.DeckhandPatch || {};
  window.DeckhandPatch.run = patch;
  document.addEventListener('deckhand:event', onEvent);
  document.addEventListener('DOMContentLoaded', function () {
    var r = region();
    if (r) { remember(r); }
  });
})();
