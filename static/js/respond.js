/* Extras of the families' form. Each is optional: without scripts the form works the same. */
(function () {
  "use strict";

  // Keep what is typed across a reload: the screen is saved into the draft as it changes,
  // through the same URL as the form ("go=keep" moves nowhere and answers 204).
  var form = document.querySelector("form[data-keep]");
  if (form && window.fetch && window.FormData) {
    var timer = null;
    var dirty = false;
    var save = function (leaving) {
      clearTimeout(timer);
      if (!dirty) {
        return;
      }
      dirty = false;
      var data = new FormData(form);
      data.set("go", "keep");
      if (leaving && navigator.sendBeacon) {
        navigator.sendBeacon(form.action, data);
        return;
      }
      fetch(form.action, { method: "POST", body: data, credentials: "same-origin" }).catch(
        function () {
          dirty = true;
        }
      );
    };
    var changed = function () {
      dirty = true;
      clearTimeout(timer);
      // After a pause in typing, not at every key: a phone on a slow network sends little.
      timer = setTimeout(save, 2000);
    };
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function () {
      dirty = false;
      clearTimeout(timer);
    });
    window.addEventListener("pagehide", function () {
      save(true);
    });
  }

  // Read aloud, where the phone has a voice for the page's language; otherwise the buttons
  // stay hidden (they are in the page with the hidden attribute).
  var synth = window.speechSynthesis;
  var buttons = Array.prototype.slice.call(document.querySelectorAll("[data-listen]"));
  if (!synth || !buttons.length || typeof window.SpeechSynthesisUtterance !== "function") {
    return;
  }
  var language = (document.documentElement.lang || "fr").toLowerCase();
  // "zh-hans" is read by a "zh-CN" voice, Dari's "fa-af" by any Persian one.
  var primary = language.split("-")[0];
  var voiceFor = function () {
    var voices = synth.getVoices() || [];
    for (var i = 0; i < voices.length; i += 1) {
      var tag = String(voices[i].lang || "").toLowerCase().replace("_", "-");
      if (tag.split("-")[0] === primary) {
        return voices[i];
      }
    }
    return null;
  };
  // Sentences as a reader sees them: no faces (aria-hidden), an option's meaning apart.
  var sentencesOf = function (element) {
    var pieces = [];
    var walk = function (node) {
      if (node.nodeType === 3) {
        pieces.push(node.nodeValue);
        return;
      }
      if (node.nodeType !== 1 || node.hidden || node.getAttribute("aria-hidden") === "true") {
        return;
      }
      if (node.classList.contains("option__hint")) {
        pieces.push("\n");
      }
      for (var i = 0; i < node.childNodes.length; i += 1) {
        walk(node.childNodes[i]);
      }
    };
    walk(element);
    return pieces
      .join("")
      .split("\n")
      .map(function (text) {
        return text.replace(/\s+/g, " ").trim();
      })
      .filter(Boolean);
  };
  // The question, its hint and its answers, in the order a reader sees them.
  var textOf = function (question) {
    var parts = [];
    question.querySelectorAll("legend, label, .hint").forEach(function (element) {
      sentencesOf(element).forEach(function (text) {
        parts.push(/[.?!؟:…。？！：]$/.test(text) ? text : text + ".");
      });
    });
    return parts.join(" ");
  };
  var show = function () {
    var voice = voiceFor();
    buttons.forEach(function (button) {
      button.hidden = !voice;
    });
  };
  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      var voice = voiceFor();
      if (!voice) {
        return;
      }
      synth.cancel();
      var utterance = new window.SpeechSynthesisUtterance(textOf(button.closest(".question")));
      utterance.lang = language;
      utterance.voice = voice;
      utterance.rate = 0.9;
      synth.speak(utterance);
    });
  });
  show();
  // Many phones load their voices a moment after the page.
  if (typeof synth.addEventListener === "function") {
    synth.addEventListener("voiceschanged", show);
  }
})();
