// Keyboard shortcuts of the coding workspace; every one is also a link or a field on the page,
// so nothing depends on this file.
(function () {
  "use strict";
  var help = document.querySelector("[data-shortcuts-help]");
  if (help) {
    help.hidden = false;
  }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) {
      return;
    }
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (typing) {
      return;
    }
    var link = document.querySelector('[data-shortcut="' + event.key + '"]');
    if (link) {
      event.preventDefault();
      window.location.assign(link.href);
      return;
    }
    var field = document.querySelector('[data-shortcut-focus="' + event.key + '"]');
    if (field) {
      event.preventDefault();
      field.focus();
    }
  });
})();
