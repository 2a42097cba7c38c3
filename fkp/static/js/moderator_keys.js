/* Single-key shortcuts for the moderator console, listed in a help dialog ("?").

   A shortcut acts on the card that has the keyboard (j/k move it) by pressing that card's own
   button, so it goes the same way as a click: over the socket, or as a plain post. Keys are
   ignored while typing in a field, and with Ctrl, Alt or Meta (the browser's own). */
"use strict";
(function () {
  var page = FKP.moderatorConsole;
  var dialog = document.getElementById("keys-help");
  if (!page || !dialog) return;
  var list = page.list;

  function current() {
    var el = document.activeElement;
    return el && el.closest ? el.closest("#inputs > li") : null;
  }

  function move(step) {
    var li = current();
    var next = li ? (step > 0 ? li.nextElementSibling : li.previousElementSibling)
                  : (step > 0 ? list.firstElementChild : list.lastElementChild);
    if (next) next.focus();
    else if (step > 0 && li) {
      var older = document.getElementById("older-link");  // the last card: the next page is one Enter away
      if (!document.getElementById("more-older").hidden) older.focus();
    }
  }

  function press(li, action) {
    var form = li.querySelector('form[data-action="' + action + '"]');
    if (!form) return false;
    li.focus();  // the card keeps the keyboard whatever the button does to itself
    form.requestSubmit();
    return true;
  }

  function toggle(li, on, off, cls) { return press(li, li.classList.contains(cls) ? off : on); }

  function merge(li) {
    var details = li.querySelector("details.more");
    details.open = true;
    var target = li.querySelector(".merge-choices input, .merge-form input[name=into_id]");
    if (target) target.focus();
  }

  function pick(li) {
    var box = li.querySelector(".pick");
    box.checked = !box.checked;
    box.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function bulk(action) {
    var button = document.querySelector('#bulk-form button[value="' + action + '"]');
    if (document.querySelector("#inputs .pick:checked")) document.getElementById("bulk-form").requestSubmit(button);
  }

  // key -> what it does to the current card (true: handled)
  var ON_CARD = {
    a: function (li) { return press(li, "approve"); },
    h: function (li) { return press(li, "hide"); },
    p: function (li) { return toggle(li, "pin", "unpin", "pinned"); },
    l: function (li) { return press(li, "highlight"); },
    t: function (li) { return toggle(li, "answer", "unanswer", "answered"); },
    g: function (li) { merge(li); return true; },
    x: function (li) { pick(li); return true; }
  };

  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)) &&
      !(el.tagName === "INPUT" && /^(checkbox|radio|button|submit)$/.test(el.type));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey || typing(event.target) || dialog.open) return;
    var key = event.key, li = current();
    var handled = true;
    if (key === "?") dialog.showModal();
    else if (key === "j" || (key === "ArrowDown" && li === document.activeElement)) move(1);
    else if (key === "k" || (key === "ArrowUp" && li === document.activeElement)) move(-1);
    else if (key === "A") bulk("approve");
    else if (key === "H") bulk("hide");
    else if (li && ON_CARD[key]) handled = ON_CARD[key](li);
    else handled = false;
    if (handled) event.preventDefault();
  });

  var opener = document.getElementById("keys-help-open");
  opener.hidden = false;  // without JavaScript there are no shortcuts to tell of
  opener.addEventListener("click", function () { dialog.showModal(); });
  dialog.querySelector("button.close").addEventListener("click", function () { dialog.close(); });
})();
