/* Kiosk mode on a shared tablet: one person after another answers; answers wait in
 * IndexedDB (KioskStore) and are sent one by one, until the server acknowledges each. */
(function () {
  "use strict";

  var root = document.getElementById("kiosk");
  if (!root) return;

  var session = Number(root.dataset.session);
  var language = root.dataset.language;
  var strings = document.getElementById("kiosk-strings").dataset;
  var store = window.KioskStore;
  var PIN_KEY = "consult-kiosk-pin-" + session;
  var STALE_AFTER_MS = 24 * 3600 * 1000;
  var THANKS_IDLE_MS = 10000;
  var MAX_BACKOFF_MS = 5 * 60 * 1000;
  // Someone who walks away mid-form: the next person must not find their answers.
  var FORM_IDLE_MS = 3 * 60 * 1000;

  // Written answers: a SWOT prompt or an open proposal.
  function isText(question) {
    return question.purpose === "swot" || question.purpose === "proposal";
  }

  var els = {
    setup: document.getElementById("kiosk-setup"),
    form: document.getElementById("kiosk-form"),
    thanks: document.getElementById("kiosk-thanks"),
    facilitator: document.getElementById("kiosk-facilitator"),
    tools: document.getElementById("facilitator-tools"),
    pending: document.getElementById("pending-count"),
    sent: document.getElementById("sent-count"),
    network: document.getElementById("network-state"),
    warning: document.getElementById("kiosk-warning"),
    problems: document.getElementById("kiosk-problems"),
    problemList: document.getElementById("problem-list")
  };

  var definition = null;
  var state = null;
  var thanksTimer = null;
  var retryTimer = null;
  var failures = 0;
  var syncing = false;
  var warnings = {};
  var lastActivity = Date.now();

  /* ---------- small helpers ---------- */

  function make(tag, attributes, text) {
    var element = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (attributes[name] !== null && attributes[name] !== undefined) element.setAttribute(name, attributes[name]);
    });
    if (text !== undefined) element.textContent = text;
    return element;
  }

  function show(which) {
    [els.setup, els.form, els.thanks, els.facilitator].forEach(function (element) {
      element.hidden = element !== which;
    });
  }

  function today() {
    var now = new Date();
    var month = String(now.getMonth() + 1).padStart(2, "0");
    var day = String(now.getDate()).padStart(2, "0");
    return now.getFullYear() + "-" + month + "-" + day;
  }

  function newUuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function setWarning(key, text) {
    if (text) warnings[key] = text; else delete warnings[key];
    var all = Object.keys(warnings).map(function (name) { return warnings[name]; });
    els.warning.textContent = all.join(" ");
    els.warning.hidden = all.length === 0;
  }

  /* ---------- the PIN: chosen on the device, kept only as a salted hash ---------- */

  function digest(text) {
    var data = new TextEncoder().encode(text);
    return crypto.subtle.digest("SHA-256", data).then(function (buffer) {
      return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
        return b.toString(16).padStart(2, "0");
      }).join("");
    });
  }

  function savedPin() {
    try { return JSON.parse(localStorage.getItem(PIN_KEY) || "null"); } catch (error) { return null; }
  }

  function setPin(pin) {
    var salt = newUuid();
    return digest(salt + pin).then(function (hash) {
      localStorage.setItem(PIN_KEY, JSON.stringify({ salt: salt, hash: hash }));
    });
  }

  function checkPin(pin) {
    var saved = savedPin();
    if (!saved) return Promise.resolve(false);
    return digest(saved.salt + pin).then(function (hash) { return hash === saved.hash; });
  }

  /* ---------- the form, built from the server's JSON definition ---------- */

  function kindByKey(key) {
    return definition.kinds.filter(function (kind) { return kind.key === key; })[0];
  }

  function fresh() {
    state = { kind: null, screen: -1, answers: {}, assisted: false };
    clearTimeout(thanksTimer);
    render();
  }

  function progress(step, total) {
    var wrap = make("div", { "class": "progress" });
    var label = strings.step.replace("{step}", step).replace("{total}", total);
    wrap.appendChild(make("label", { "for": "kiosk-progress" }, label));
    var bar = make("progress", { id: "kiosk-progress", max: total, value: step }, step + "/" + total);
    wrap.appendChild(bar);
    return wrap;
  }

  function listenButton(text) {
    if (!("speechSynthesis" in window) || !voiceFor(language)) return null;
    var button = make("button", { type: "button", "class": "button button--small listen" }, strings.listen);
    button.addEventListener("click", function () {
      speechSynthesis.cancel();
      var utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = document.documentElement.lang || language;
      utterance.voice = voiceFor(language);
      speechSynthesis.speak(utterance);
    });
    return button;
  }

  function voiceFor(code) {
    var voices = speechSynthesis.getVoices();
    // The app's code may carry a region ("fa_AF"): any voice of the language will do.
    var primary = code.toLowerCase().split(/[-_]/)[0];
    return voices.filter(function (voice) { return voice.lang && voice.lang.toLowerCase().split(/[-_]/)[0] === primary; })[0] || null;
  }

  function renderWho(form) {
    form.appendChild(make("h1", {}, definition.title));
    if (definition.reassure) form.appendChild(make("p", { "class": "reassure" }, definition.reassure));
    var fieldset = make("fieldset", { "class": "question" });
    fieldset.appendChild(make("legend", {}, strings.who));
    var options = make("div", { "class": "options options--stacked" });
    definition.kinds.forEach(function (kind, index) {
      var id = "kind-" + index;
      var option = make("div", { "class": "option" });
      var input = make("input", { type: "radio", name: "kind", id: id, value: kind.key });
      if (state.kind === kind.key) input.checked = true;
      option.appendChild(input);
      option.appendChild(make("label", { "for": id }, kind.label));
      options.appendChild(option);
    });
    fieldset.appendChild(options);
    form.appendChild(fieldset);
    form.appendChild(make("p", { "class": "field-errors", id: "kiosk-error", role: "alert", hidden: "" }));
    form.appendChild(buttons(false, false));
  }

  function renderQuestion(question, container) {
    var name = "q" + question.id;
    var saved = state.answers[question.id];
    if (isText(question)) {
      var block = make("div", { "class": "question question--text" });
      block.appendChild(make("label", { "for": name }, question.label));
      var listen = listenButton(question.label);
      if (listen) block.appendChild(listen);
      var area = make("textarea", { id: name, name: name, rows: 3, maxlength: question.max_length, dir: "auto", autocomplete: "off" });
      area.value = saved || "";
      block.appendChild(area);
      container.appendChild(block);
      return;
    }
    var multiple = question.purpose === "action_choice";
    var fieldset = make("fieldset", { "class": "question question--" + question.purpose, "data-question": question.id });
    fieldset.appendChild(make("legend", {}, question.label));
    var listenIt = listenButton(question.label);
    if (listenIt) fieldset.appendChild(listenIt);
    if (question.hint) fieldset.appendChild(make("p", { "class": "hint" }, question.hint));
    var options = make("div", { "class": "options " + (question.purpose === "priority" ? "options--scale" : "options--stacked") });
    question.options.forEach(function (choice, index) {
      var id = name + "-" + index;
      var option = make("div", { "class": "option" });
      var input = make("input", { type: multiple ? "checkbox" : "radio", name: name, id: id, value: String(choice.value) });
      if (multiple ? (saved || []).indexOf(choice.value) >= 0 : saved === choice.value) input.checked = true;
      option.appendChild(input);
      var label = make("label", { "for": id });
      if (choice.face) label.appendChild(make("span", { "class": "face", "aria-hidden": "true" }, choice.face + " "));
      label.appendChild(document.createTextNode(choice.label));
      option.appendChild(label);
      options.appendChild(option);
    });
    fieldset.appendChild(options);
    container.appendChild(fieldset);
  }

  function renderScreen(form) {
    var kind = kindByKey(state.kind);
    var questions = kind.screens[state.screen];
    form.appendChild(progress(state.screen + 2, kind.screens.length + 1));
    var first = questions[0] || {};
    var heading = first.purpose === "priority" ? strings.important : isText(first) ? strings.words : strings.ideas;
    form.appendChild(make("h1", {}, heading));
    if (isText(first)) form.appendChild(make("p", { "class": "hint" }, strings.wordsHint));
    questions.forEach(function (question) { renderQuestion(question, form); });
    var isLast = state.screen === kind.screens.length - 1;
    if (isLast) {
      var assisted = make("div", { "class": "field field--checkbox kiosk-assisted" });
      var box = make("input", { type: "checkbox", id: "assisted", name: "assisted" });
      box.checked = state.assisted;
      assisted.appendChild(box);
      assisted.appendChild(make("label", { "for": "assisted" }, strings.assisted));
      form.appendChild(assisted);
    }
    form.appendChild(make("p", { "class": "field-errors", id: "kiosk-error", role: "alert", hidden: "" }));
    form.appendChild(buttons(true, isLast));
  }

  function buttons(withBack, isLast) {
    var wrap = make("div", { "class": "nav-buttons" });
    wrap.appendChild(make("button", { type: "submit", "class": "button button--primary button--big", "data-go": "next" }, isLast ? strings.send : strings.next));
    if (withBack) wrap.appendChild(make("button", { type: "button", "class": "button", "data-go": "back" }, strings.back));
    return wrap;
  }

  function render() {
    var form = els.form;
    form.textContent = "";
    if (!definition) return;
    if (state.screen < 0) renderWho(form); else renderScreen(form);
    show(form);
    var heading = form.querySelector("h1, legend");
    window.scrollTo(0, 0);
    if (heading && state.screen >= 0) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    }
  }

  function readScreen() {
    if (state.screen < 0) {
      var chosen = els.form.querySelector("input[name=kind]:checked");
      return chosen ? chosen.value : null;
    }
    var kind = kindByKey(state.kind);
    var tooMany = false;
    kind.screens[state.screen].forEach(function (question) {
      var name = "q" + question.id;
      if (isText(question)) {
        var text = els.form.querySelector("#" + name).value.trim();
        if (text) state.answers[question.id] = text; else delete state.answers[question.id];
      } else if (question.purpose === "action_choice") {
        var values = Array.prototype.map.call(els.form.querySelectorAll("input[name=" + name + "]:checked"), function (input) { return Number(input.value); });
        if (values.length > question.max_choices) tooMany = true;
        if (values.length) state.answers[question.id] = values; else delete state.answers[question.id];
      } else {
        var picked = els.form.querySelector("input[name=" + name + "]:checked");
        if (picked) state.answers[question.id] = question.purpose === "priority" ? Number(picked.value) : picked.value;
        else delete state.answers[question.id];
      }
    });
    var assisted = els.form.querySelector("#assisted");
    if (assisted) state.assisted = assisted.checked;
    return tooMany ? "too-many" : "ok";
  }

  function error(text) {
    var box = els.form.querySelector("#kiosk-error");
    box.textContent = text;
    box.hidden = false;
  }

  function onSubmit(event) {
    event.preventDefault();
    var result = readScreen();
    if (state.screen < 0) {
      if (!result) return error(strings.chooseOne);
      if (result !== state.kind) state.answers = {};
      state.kind = result;
      state.screen = 0;
      return render();
    }
    if (result === "too-many") return error(strings.tooMany);
    var kind = kindByKey(state.kind);
    if (state.screen < kind.screens.length - 1) {
      state.screen += 1;
      return render();
    }
    if (Object.keys(state.answers).length === 0) return error(strings.answerOne);
    var record = {
      uuid: newUuid(),
      session: session,
      kind: state.kind,
      language: language,
      mode: state.assisted ? "assisted" : "self",
      answers: state.answers,
      captured_on: today(),
      queued_at: new Date().toISOString()
    };
    // The next person starts from nothing: the previous answers are gone from the page.
    state = null;
    els.form.textContent = "";
    store.add(record).then(function () {
      showThanks();
      refreshCounts();
      syncSoon(0);
    }, function () {
      setWarning("storage", strings.storage);
    });
  }

  function onClick(event) {
    var target = event.target.closest("[data-go=back]");
    if (!target) return;
    readScreen();
    state.screen -= 1;
    render();
  }

  function showThanks() {
    show(els.thanks);
    els.thanks.focus();
    clearTimeout(thanksTimer);
    thanksTimer = setTimeout(fresh, THANKS_IDLE_MS);
  }

  /* ---------- sync: one record per request, acknowledged before it leaves the device ---------- */

  function payload(record) {
    return JSON.stringify({
      uuid: record.uuid,
      session: record.session,
      kind: record.kind,
      language: record.language,
      mode: record.mode,
      answers: record.answers,
      captured_on: record.captured_on
    });
  }

  function send(record) {
    return fetch(root.dataset.syncUrl, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: payload(record)
    }).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 401) {
        setWarning("login", strings.login);
        return { outcome: "retry" };
      }
      setWarning("login", null);
      if (response.status === 200) return { outcome: "stored" };
      if (response.status === 409 || response.status === 422 || response.status === 413 || response.status === 415) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          return { outcome: "refused", code: body.status || (response.status === 413 ? "too_large" : "invalid"), message: body.message || "HTTP " + response.status };
        });
      }
      return { outcome: "retry" };
    }, function () {
      return { outcome: "retry" };
    });
  }

  function syncSoon(delay) {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(syncNow, delay);
  }

  function syncNow() {
    if (syncing) return Promise.resolve();
    syncing = true;
    return store.pending(session).then(function (records) {
      var index = 0;
      function next() {
        if (index >= records.length) return "done";
        var record = records[index++];
        return send(record).then(function (result) {
          if (result.outcome === "stored") return store.acknowledge(record).then(refreshCounts).then(next);
          if (result.outcome === "refused") {
            return store.setAside(record, result.code, result.message).then(refreshCounts).then(next);
          }
          return "retry";
        });
      }
      return next();
    }).then(function (how) {
      syncing = false;
      if (how === "retry") {
        failures += 1;
        var delay = Math.min(MAX_BACKOFF_MS, 2000 * Math.pow(2, failures - 1));
        syncSoon(delay * (0.75 + Math.random() / 2));
      } else {
        failures = 0;
      }
      return refreshCounts();
    }, function () {
      syncing = false;
      syncSoon(5000);
    });
  }

  function refreshCounts() {
    return Promise.all([store.pending(session), store.sentCount(session), store.problems(session)]).then(function (values) {
      var pending = values[0];
      els.pending.textContent = String(pending.length);
      els.sent.textContent = String(values[1]);
      var oldest = pending[0];
      var stale = oldest && Date.now() - Date.parse(oldest.queued_at) > STALE_AFTER_MS;
      setWarning("stale", stale ? strings.stale : null);
      showProblems(values[2]);
    });
  }

  function showProblems(problems) {
    els.problemList.textContent = "";
    problems.forEach(function (problem) {
      els.problemList.appendChild(make("li", {}, problem.uuid.slice(0, 8) + " — " + strings.problem.replace("{reason}", problem.problem) + " (" + problem.problem_message + ")"));
    });
    els.problems.hidden = problems.length === 0;
    setWarning("refused", problems.length ? strings.refused : null);
  }

  function exportQueue() {
    Promise.all([store.pending(session), store.problems(session)]).then(function (values) {
      var blob = new Blob([JSON.stringify({ session: session, exported_at: new Date().toISOString(), pending: values[0], refused: values[1] }, null, 2)], { type: "application/json" });
      var link = make("a", { href: URL.createObjectURL(blob), download: "kiosk-session-" + session + "-" + today() + ".json" });
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
  }

  function networkState() {
    els.network.textContent = navigator.onLine ? els.network.dataset.online : els.network.dataset.offline;
    els.network.classList.toggle("kiosk-network--offline", !navigator.onLine);
  }

  /* ---------- facilitator panel: PIN first ---------- */

  function openFacilitator() {
    els.tools.hidden = true;
    document.getElementById("pin-check-form").hidden = false;
    document.getElementById("pin-check").value = "";
    document.getElementById("pin-check-error").hidden = true;
    show(els.facilitator);
    document.getElementById("pin-check").focus();
  }

  function backToForm() {
    if (state) render(); else fresh();
  }

  /* ---------- start ---------- */

  function loadDefinition() {
    return fetch(root.dataset.definitionUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok || response.redirected) throw new Error("definition");
        return response.json();
      });
  }

  // Assets are fingerprinted: copies of earlier versions are no longer asked for.
  function forgetOldAssets(cache, urls) {
    var current = urls.map(function (url) { return new URL(url, location.href).href; });
    return cache.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) {
        return new URL(key.url).pathname.indexOf("/static/") === 0 && current.indexOf(key.url) === -1;
      }).map(function (key) { return cache.delete(key); }));
    });
  }

  // A refused login (401) or any redirect (to the login page, to the password page): the
  // login is gone, and every other kiosk address would be refused the same way.
  function loginLost(response) {
    return response.type === "opaqueredirect" || response.redirected || response.status === 401;
  }

  /* The copies the service worker falls back on, refreshed one address at a time. The first
   * answer saying the login is gone ends the refresh: the copies stay as they were (never
   * replaced by a login page) and the server is asked nothing more until a facilitator logs
   * in again. The service worker hands these requests to the network as they are. */
  function refreshCopies(cache, urls) {
    var index = 0;
    function next() {
      if (index >= urls.length) return Promise.resolve("done");
      var url = urls[index++];
      return fetch(url, { credentials: "same-origin", redirect: "manual", headers: { "X-Kiosk-Refresh": "1" } }).then(function (response) {
        if (loginLost(response)) return "login";
        return (response.ok ? cache.put(url, response) : Promise.resolve()).then(next);
      }, function () {
        return "offline";
      });
    }
    return next();
  }

  function registerWorker() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register(root.dataset.swUrl, { scope: root.dataset.swScope }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function () {
      var urls = JSON.parse(root.dataset.precache);
      urls.push(location.pathname + location.search);
      return caches.open("consult-kiosk-v1").then(function (cache) {
        return refreshCopies(cache, urls).then(function (outcome) {
          root.dataset.refresh = outcome;
          if (outcome === "login") {
            setWarning("login", strings.login);
            return;
          }
          if (outcome === "done") {
            return forgetOldAssets(cache, urls).then(function () {
              root.dataset.offlineReady = "true";
            });
          }
        });
      });
    }).catch(function () {});
  }

  function start() {
    els.form.addEventListener("submit", onSubmit);
    els.form.addEventListener("click", onClick);
    document.getElementById("next-person").addEventListener("click", fresh);
    document.getElementById("sync-now").addEventListener("click", function () { failures = 0; syncNow(); });
    document.getElementById("open-facilitator").addEventListener("click", openFacilitator);
    document.getElementById("export-queue").addEventListener("click", exportQueue);
    Array.prototype.forEach.call(document.querySelectorAll("[data-action=back-to-form]"), function (button) {
      button.addEventListener("click", backToForm);
    });
    document.getElementById("pin-check-form").addEventListener("submit", function (event) {
      event.preventDefault();
      checkPin(document.getElementById("pin-check").value).then(function (ok) {
        document.getElementById("pin-check-error").hidden = ok;
        if (ok) {
          document.getElementById("pin-check-form").hidden = true;
          els.tools.hidden = false;
          refreshCounts();
        }
      });
    });
    document.getElementById("leave-kiosk").addEventListener("click", function () {
      localStorage.removeItem(PIN_KEY);
      location.replace(root.dataset.exitUrl);
    });
    document.getElementById("pin-setup-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var pin = document.getElementById("pin-new").value;
      var again = document.getElementById("pin-again").value;
      var valid = /^[0-9]{4,8}$/.test(pin) && pin === again;
      document.getElementById("pin-setup-error").hidden = valid;
      if (valid) setPin(pin).then(fresh);
    });
    window.addEventListener("online", function () { networkState(); failures = 0; syncNow(); });
    window.addEventListener("offline", networkState);
    // Back leads nowhere: the previous person's screens are not in the history.
    history.replaceState({ kiosk: true }, "");
    history.pushState({ kiosk: true }, "");
    window.addEventListener("popstate", function () {
      history.pushState({ kiosk: true }, "");
      if (state === null || !els.thanks.hidden) fresh();
    });
    ["pointerdown", "keydown", "input"].forEach(function (type) {
      root.addEventListener(type, function () { lastActivity = Date.now(); }, { passive: true });
    });
    setInterval(function () {
      var started = state && (state.kind || Object.keys(state.answers).length);
      if (!els.form.hidden && started && Date.now() - lastActivity > FORM_IDLE_MS) fresh();
    }, 10000);
    networkState();
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(function () {});
    registerWorker();

    store.open().then(refreshCounts, function () { setWarning("storage", strings.storage); });
    loadDefinition().then(function (loaded) {
      definition = loaded;
      root.dataset.ready = "true";
      if (savedPin()) fresh(); else show(els.setup);
      syncNow();
    }, function () {
      setWarning("definition", strings.noDefinition);
    });
  }

  start();
})();
