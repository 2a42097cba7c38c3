/* Shared by every live page: page data, the socket, and building cards from <template>s.
   Attendee text is only ever set with textContent, never parsed as HTML. */
"use strict";
var FKP = (function () {
  function pageData() {
    return JSON.parse(document.getElementById("page-data").textContent);
  }

  function connect(auth, statusEl, text) {
    // Default transports: long-polling first, then upgrade, so that networks that block
    // websockets still work.
    var socket = io("/live", { auth: auth });
    function show(label, ok) {
      if (!statusEl) return;
      statusEl.textContent = label;
      statusEl.className = ok ? "live-ok" : "live-down";
    }
    socket.on("connect", function () { show(text.connected, true); });
    socket.on("disconnect", function () { show(text.disconnected, false); });
    socket.on("connect_error", function () { show(text.disconnected, false); });
    return socket;
  }

  function byId(rows, id) {
    for (var i = 0; i < rows.length; i++) if (rows[i].id === id) return rows[i];
    return null;
  }

  function setText(root, selector, value) {
    var el = root.querySelector(selector);
    if (el) el.textContent = value == null ? "" : String(value);
  }

  function fromTemplate(id) {
    return document.getElementById(id).content.firstElementChild.cloneNode(true);
  }

  /* A card for an approved comment, as on the display and the phone's "shown" list. */
  function shownCard(data, c) {
    var li = fromTemplate("shown-template");
    li.dataset.id = c.id;
    li.dataset.aspect = c.aspect_id;
    li.classList.toggle("pinned", !!c.pinned);
    li.dataset.support = c.support_count || 0;
    setText(li, ".kind", data.kindLabels[c.kind]);
    setText(li, ".text", c.text);
    setText(li, ".name", c.participant_name);
    setText(li, ".institution", c.participant_institution);
    setText(li, ".group", data.groupLabels[c.participant_group]);
    return li;
  }

  /* Keep a list of shown cards in display order: pinned first, then newest first. */
  /* Keep a list of shown cards in display order: pinned first, then newest first — or, when
     the list's data-sort is "support", most supported first (newest first among equals). */
  function placeShown(list, card) {
    var old = list.querySelector('[data-id="' + card.dataset.id + '"]');
    if (old) old.remove();
    if (card.classList.contains("pinned")) { list.prepend(card); return; }
    var bySupport = list.dataset.sort === "support", mine = Number(card.dataset.support || 0);
    var next = Array.prototype.find.call(list.querySelectorAll("li:not(.pinned)"), function (li) {
      return !bySupport || Number(li.dataset.support || 0) <= mine;
    });
    list.insertBefore(card, next || null);
  }

  /* Staff consoles keep a list of inputs current: every change to an input (and both sides
     of a merge) calls update(comment) with the input as the staff room hears it. */
  function followChanges(socket, update) {
    ["comment_approved", "comment_hidden", "comment_pinned", "comment_unpinned", "comment_edited",
     "comment_answered", "comment_unanswered", "comment_supported"].forEach(function (name) {
      socket.on(name, function (msg) { update(msg.comment); });
    });
    socket.on("comment_merged", function (msg) {
      update(msg.comment);
      update(msg.into);
    });
  }

  /* Re-order a whole list after its sort changed. */
  function sortShown(list, sort) {
    list.dataset.sort = sort;
    Array.prototype.slice.call(list.children).reverse().forEach(function (li) { placeShown(list, li); });
  }

  return { pageData: pageData, connect: connect, byId: byId, setText: setText,
           fromTemplate: fromTemplate, shownCard: shownCard, placeShown: placeShown,
           sortShown: sortShown, followChanges: followChanges };
})();
