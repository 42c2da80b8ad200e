/* tthc-scorecard — the counter tablet (kiosk).
 *
 * One question per dossier the official sends. A tap is first written to a queue in
 * localStorage with an id made here (client_id), then sent; while the network is down
 * the queue waits and is sent later, and the server stores a resent id only once.
 * The thank-you screen is the same whatever was chosen, so the official cannot read
 * the choice back. The screen returns to its welcome state after the thank-you
 * (data-reset-ms) and when left untouched (data-idle-ms); it asks the server for the
 * next dossier every data-poll-ms.
 */
(function () {
  "use strict";

  var root = document.getElementById("kiosk");
  if (!root) { return; }
  var config = {
    statusUrl: root.dataset.statusUrl,
    rateUrl: root.dataset.rateUrl,
    csrf: root.dataset.csrf,
    resetMs: Number(root.dataset.resetMs) || 6000,
    idleMs: Number(root.dataset.idleMs) || 90000,
    pollMs: Number(root.dataset.pollMs) || 5000,
    noOfficial: root.dataset.noOfficial || ""  // translated by the page
  };
  var QUEUE = "tthc.kiosk.queue";   // ratings not yet acknowledged by the server
  var DONE = "tthc.kiosk.done";     // sendings already answered or dismissed here
  var KEEP_DONE = 50;
  var RELOAD_GAP_MS = 60000;

  var el = {
    ask: document.getElementById("kiosk-ask"),
    wait: document.getElementById("kiosk-wait"),
    thanks: document.getElementById("kiosk-thanks"),
    thanksText: document.querySelector("#kiosk-thanks .kiosk-thanks-vi"),
    live: document.getElementById("kiosk-live"),
    pending: document.getElementById("kiosk-pending"),
    official: document.getElementById("kiosk-official"),
    dossier: document.getElementById("kiosk-dossier"),
    procedure: document.getElementById("kiosk-procedure")
  };
  var ticket = root.dataset.ticket || null;
  var serving = root.dataset.serving || "";
  var thanking = false;
  var sending = false;
  var reloadWanted = false;
  var resetTimer = null;
  var idleTimer = null;

  // localStorage may be refused (private mode, full): the page then keeps the lists in
  // memory, which still covers a short outage as long as the page is not reloaded.
  var memory = {};
  function load(key) {
    try {
      var text = window.localStorage.getItem(key);
      if (text !== null) { return JSON.parse(text) || []; }
    } catch (ignored) { /* fall back to memory */ }
    return memory[key] ? memory[key].slice() : [];
  }
  function store(key, list) {
    memory[key] = list.slice();
    try { window.localStorage.setItem(key, JSON.stringify(list)); } catch (ignored) { /* memory only */ }
  }

  function newId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    // randomUUID needs a secure context; a tablet on the office network may use plain HTTP.
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function isDone(key) { return load(DONE).indexOf(key) >= 0; }
  function markDone(key) {
    if (!key || isDone(key)) { return; }
    var done = load(DONE);
    done.push(key);
    store(DONE, done.slice(-KEEP_DONE));
  }

  function render() {
    if (thanking) { return; }
    var asking = Boolean(ticket) && !isDone(serving);
    el.ask.hidden = !asking;
    el.wait.hidden = asking;
    el.thanks.hidden = true;
  }

  function showPending() {
    var count = load(QUEUE).length;
    el.pending.hidden = count === 0;
    el.pending.querySelector("span").textContent = String(count);
  }

  function restartIdle() {
    window.clearTimeout(idleTimer);
    idleTimer = window.setTimeout(onIdle, config.idleMs);
  }

  function onIdle() {
    // Nobody answered: the next person at the counter must not rate this dossier.
    if (!thanking && ticket) { markDone(serving); }
    reset();
  }

  function reset() {
    window.clearTimeout(resetTimer);
    thanking = false;
    el.live.textContent = "";
    if (document.activeElement && document.activeElement.blur) { document.activeElement.blur(); }
    render();
    window.scrollTo(0, 0);
    restartIdle();
    if (reloadWanted) { reloadSoon(); }
  }

  function tap(value) {
    if (!ticket || thanking || isDone(serving)) { return; }
    var queue = load(QUEUE);
    queue.push({ client_id: newId(), ticket: ticket, satisfaction: value, tapped_at: Date.now() });
    store(QUEUE, queue);
    markDone(serving);
    thanking = true;
    // Every button disappears at once and the same words follow any choice.
    if (document.activeElement && document.activeElement.blur) { document.activeElement.blur(); }
    el.ask.hidden = true;
    el.wait.hidden = true;
    el.thanks.hidden = false;
    el.live.textContent = el.thanksText.textContent;  // the page's words, in its language
    window.clearTimeout(resetTimer);
    resetTimer = window.setTimeout(reset, config.resetMs);
    showPending();
    flush();
  }

  function drop(clientId) {
    store(QUEUE, load(QUEUE).filter(function (item) { return item.client_id !== clientId; }));
  }

  function flush() {
    var queue = load(QUEUE);
    showPending();
    if (sending || queue.length === 0) { return; }
    sending = true;
    var item = queue[0];
    window.fetch(config.rateUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": config.csrf },
      body: JSON.stringify({
        ticket: item.ticket, satisfaction: item.satisfaction, client_id: item.client_id,
        age_ms: Math.max(0, Date.now() - item.tapped_at)
      })
    }).then(function (response) {
      sending = false;
      if (response.status === 401 || response.status === 403) {
        // The binding or the CSRF token changed: a fresh page sends the rest.
        reloadSoon();
      } else if (response.status === 429 || response.status >= 500) {
        return;  // kept; tried again at the next poll
      } else {
        // Stored (201), already stored or already rated (200), or refused for good (400).
        drop(item.client_id);
        flush();
      }
      showPending();
    }, function () {
      sending = false;  // offline: kept for later
    });
  }

  function reloadSoon() {
    if (thanking) { reloadWanted = true; return; }
    var last = Number(window.sessionStorage.getItem("tthc.kiosk.reloaded") || 0);
    if (Date.now() - last < RELOAD_GAP_MS) { return; }
    window.sessionStorage.setItem("tthc.kiosk.reloaded", String(Date.now()));
    window.location.reload();
  }

  function apply(state) {
    el.official.textContent = state.official || config.noOfficial;
    var changed = state.serving_key !== serving;
    serving = state.serving_key;
    ticket = state.ticket;
    if (state.ticket) {
      el.dossier.textContent = state.dossier || "";
      el.procedure.textContent = state.procedure || "";
    }
    if (changed) { restartIdle(); }
    render();
  }

  function poll() {
    window.fetch(config.statusUrl, {
      credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (response.status === 401) { reloadSoon(); return null; }
      return response.ok ? response.json() : null;
    }).then(function (state) {
      if (state) { apply(state); }
    }, function () { /* offline: the screen stays as it is */ }).then(function () {
      flush();
      window.setTimeout(poll, config.pollMs);
    });
  }

  Array.prototype.forEach.call(root.querySelectorAll("[data-value]"), function (button) {
    button.addEventListener("click", function () { tap(button.dataset.value); });
  });
  ["pointerdown", "keydown"].forEach(function (name) {
    document.addEventListener(name, restartIdle, { passive: true });
  });
  window.addEventListener("online", flush);

  render();
  restartIdle();
  flush();
  window.setTimeout(poll, config.pollMs);
}());
