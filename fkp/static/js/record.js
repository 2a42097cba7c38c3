/* The record pages (responses, conclusions): what a keyboard and a long list need. Every
   form works without this script (the server saves, redirects to the next input's anchor,
   and shows a refused form again with what was typed); this only
   - moves the focus to the first field of the input a save landed on and says what was saved,
   - saves and goes on with Ctrl+Enter (⌘+Enter) inside an input's form,
   - shows only the fields the chosen decision asks for,
   - ticks every input of the page with "all on this page" and counts the ticked ones,
   - warns before leaving the page while a form holds edits that were not saved. */
"use strict";
(function () {
  var FIELDS = "textarea, input:not([type=hidden]):not([type=checkbox]), select";

  function firstField(container) {
    var fields = container.querySelectorAll(FIELDS);
    for (var i = 0; i < fields.length; i++) {
      if (!fields[i].closest("[hidden]")) return fields[i];
    }
    return null;
  }

  /* Landed on an input after a save: its first field takes the focus (unless a refused
     form's error summary has it), and the saved message is said again where a screen reader
     hears it after the page has loaded. */
  function land() {
    var announce = document.getElementById("announce");
    var said = document.querySelector(".flashes .flash-success");
    if (announce && said) {
      window.requestAnimationFrame(function () { announce.textContent = said.textContent; });
    }
    if (document.getElementById("error-summary")) return;
    var match = /^#c(\d+)$/.exec(window.location.hash);
    var card = match && document.getElementById("c" + match[1]);
    var form = card && card.querySelector("form.response-form");
    var field = form && firstField(form);
    if (field) {
      field.focus({ preventScroll: true });
      card.scrollIntoView({ block: "start" });
    }
  }

  /* Ctrl+Enter: the form's "save and next" button, as if clicked. */
  function saveAndNextOnShortcut() {
    var hint = document.getElementById("shortcut-hint");
    if (hint) hint.hidden = false;
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Enter" || !(e.ctrlKey || e.metaKey)) return;
      var form = e.target.closest && e.target.closest("form.response-form");
      if (!form) return;
      var next = form.querySelector("button[name=next]");
      if (!next) return;
      e.preventDefault();
      if (form.requestSubmit) form.requestSubmit(next); else next.click();
    });
  }

  /* The reason for what is not (or partly) accepted; the follow-up for what is accepted.
     A field that holds an error or text stays shown whatever the decision. */
  function fieldsByDecision() {
    document.querySelectorAll("form.decision-form").forEach(function (form) {
      var decision = form.querySelector("select[name$=decision]");
      if (!decision) return;
      function update() {
        form.querySelectorAll(".when-decision").forEach(function (part) {
          var wanted = part.dataset.showFor.split(" ").indexOf(decision.value) >= 0;
          var holds = part.querySelector(".has-error") || Array.prototype.some.call(
            part.querySelectorAll("textarea, input[type=text]"), function (f) { return f.value.trim(); });
          part.hidden = !(wanted || holds);
        });
      }
      decision.addEventListener("change", update);
      update();
    });
  }

  /* "All on this page" ticks every input's box; the count says how many are ticked. */
  function bulkChoice() {
    var all = document.getElementById("bulk-all"), count = document.getElementById("bulk-count");
    var panel = document.getElementById("bulk-panel");
    if (!all) return;
    var boxes = document.querySelectorAll("input[name=bulk-ids]");
    var text = JSON.parse(document.getElementById("record-text").textContent);
    function show() {
      var n = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).length;
      count.textContent = text.ticked.replace("{n}", n);
    }
    function tickAll() { boxes.forEach(function (b) { b.checked = all.checked; }); }
    all.addEventListener("change", function () { tickAll(); show(); });
    if (all.checked) tickAll();  // a group's view comes with all of its page ticked
    boxes.forEach(function (b) {
      b.addEventListener("change", function () {
        if (!b.checked) all.checked = false;
        if (b.checked && panel) panel.open = true;
        show();
      });
    });
    show();
  }

  /* Edits not saved: a form changed since the page loaded, other than the one being sent. */
  function warnBeforeLeaving() {
    var dirty = new Set(), sending = null;
    document.querySelectorAll("form.warn-unsaved").forEach(function (form) {
      // A refused form shown again holds what was typed, and none of it is saved yet.
      if (form.querySelector(".has-error, #error-summary")) dirty.add(form);
      form.addEventListener("input", function () { dirty.add(form); });
      form.addEventListener("change", function (e) {
        if (e.target.name !== "bulk-all") dirty.add(form);
      });
      form.addEventListener("submit", function () { sending = form; });
    });
    window.addEventListener("beforeunload", function (e) {
      var unsaved = Array.from(dirty).filter(function (form) { return form !== sending; });
      sending = null;
      if (!unsaved.length) return;
      e.preventDefault();
      e.returnValue = "";  // older browsers show their own warning only when this is set
    });
  }

  saveAndNextOnShortcut();
  fieldsByDecision();
  bulkChoice();
  warnBeforeLeaving();
  // After the browser has scrolled to the anchor, which would otherwise take the focus back.
  window.addEventListener("load", function () { window.setTimeout(land, 0); });
})();
