/* Shared by every live page: page data, the socket, and building cards from <template>s.
   Attendee text is only ever set with textContent, never parsed as HTML. */
"use strict";
var FKP = (function () {
  function pageData() {
    return JSON.parse(document.getElementById("page-data").textContent);
  }

  function connect(auth, statusEl, text) {
    // Default transports: long-polling first, then upgrade, so that networks that block
    // websockets still work. The query rides on every request of the connection, so a
    // proxy in front of several servers can keep it on one (c, fixed for this page) and
    // route by forum and role (deploy/nginx-*.conf); the server reads only `auth`.
    var socket = io("/live", { auth: auth, query: {
      forum: auth.forum, view: auth.view, c: Math.random().toString(36).slice(2, 10) } });
    function show(label, ok) {
      if (!statusEl) return;
      statusEl.textContent = label;
      statusEl.className = ok ? "live-ok" : "live-down";
    }
    // Inputs committed together reach staff as one message (docs/events.md): each is handled
    // as the comment_submitted it stands for, by whatever listens to that.
    socket.on("comments_submitted", function (msg) {
      msg.items.forEach(function (item) {
        socket.listeners("comment_submitted").slice().forEach(function (fn) { fn(item); });
      });
    });
    socket.on("connect", function () { show(text.connected, true); });
    socket.on("disconnect", function () { show(text.disconnected, false); });
    socket.on("connect_error", function () { show(text.disconnected, false); });
    return socket;
  }

  /* Keep a page in step with its forum across connections. Socket.IO does not replay what
     was sent while a page's socket was away (a dropped Wi-Fi, a server restart, or the moment
     between the page being rendered and its socket joining), so on every connect the page
     asks what changed after the last sequence number it saw and passes the answer through its
     own event handlers, as if the events had come. A state older than one a live event has
     already shown is skipped. options: {seq, url, headers, nameFor(comment), after(body)} */
  function catchUp(socket, options) {
    var lastSeq = options.seq || 0, seen = {};
    function note(c) { if (c && c.seq) seen[c.id] = Math.max(seen[c.id] || 0, c.seq); }
    socket.onAny(function (name, msg) {
      if (!msg || typeof msg !== "object") return;
      if (msg.seq > lastSeq) lastSeq = msg.seq;
      note(msg.comment);
      note(msg.into);
      (msg.items || []).forEach(function (item) { note(item.comment); });
    });
    function replay(name, msg) {
      socket.listeners(name).slice().forEach(function (fn) { fn(msg); });
    }
    function apply(body) {
      var seq = body.seq;
      replay("forum_status_changed", { seq: seq, status: body.status });
      if (body.focus.service_id) replay("focus_changed", Object.assign({ seq: seq }, body.focus));
      replay("display_changed", Object.assign({ seq: seq }, body.display));
      replay("participant_joined", { seq: seq, group_counts: body.group_counts });
      body.comments.forEach(function (c) {
        if ((seen[c.id] || 0) > c.seq) return;
        note(c);
        replay(options.nameFor(c), { seq: c.seq, comment: c });
      });
      (body.own || []).forEach(function (c) { replay("comment_submitted", { seq: c.seq, comment: c }); });
      if ("banned" in body) {
        replay(body.banned ? "participant_banned" : "participant_unbanned", { seq: seq, banned: body.banned });
      }
      if (options.after) options.after(body);
    }
    function ask(since) {
      fetch(options.url + "?since=" + since, { headers: options.headers || {}, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        }).then(function (body) {
          apply(body);
          if (body.seq > lastSeq) lastSeq = body.seq;
          if (body.more) ask(body.seq);
          else document.documentElement.dataset.synced = body.seq;  // tests wait for this
        }).catch(function () {
          // The server is still coming back: ask again while the socket stays connected.
          setTimeout(function () { if (socket.connected) ask(since); }, 2000);
        });
    }
    socket.on("connect", function () { ask(lastSeq); });
  }

  /* How a staff console replays a changed input: new to this page, or a change to one shown. */
  function staffNameFor(list) {
    return function (c) {
      return list.querySelector('[data-id="' + c.id + '"]') ? "comment_edited" : "comment_submitted";
    };
  }

  /* How a display or phone replays one: shown, or to be taken off the screen. */
  function publicNameFor(c) {
    return c.status === "approved" ? "comment_approved" : "comment_hidden";
  }

  function byId(rows, id) {
    for (var i = 0; i < rows.length; i++) if (rows[i].id === id) return rows[i];
    return null;
  }

  function setText(root, selector, value) {
    var el = root.querySelector(selector);
    if (el) el.textContent = value == null ? "" : String(value);
  }

  /* CLDR's short time, as Babel writes it on the server: a 24-hour locale pads the hour
     ("00.03", "09.03" in Indonesian), a 12-hour one does not ("9:03 AM"). Intl's "numeric"
     hour alone would write "0.03" at midnight. */
  var clockFormats = {};
  function clockFormat(iana) {
    var lang = document.documentElement.lang;
    var key = lang + " " + iana;
    if (!clockFormats[key]) {
      var cycle = new Intl.DateTimeFormat(lang, { hour: "numeric" }).resolvedOptions().hourCycle;
      var twentyFour = cycle === "h23" || cycle === "h24";
      clockFormats[key] = new Intl.DateTimeFormat(lang, {
        hour: twentyFour ? "2-digit" : "numeric", minute: "2-digit", timeZone: iana });
    }
    return clockFormats[key];
  }

  /* "13.30 WITA": when an input came in, in the forum's time zone ({code, iana}) and the
     page's language, as the server writes it (fkp/web/localise.py, local_time). */
  function setClock(root, selector, iso, zone) {
    var el = root.querySelector(selector);
    if (!el || !iso || !zone) return;
    el.dateTime = iso;
    el.textContent = clockFormat(zone.iana).format(new Date(iso)) + " " + zone.code;
  }

  /* Say one short sentence through a live region (role=status, present from page load). */
  function announce(region, text) {
    if (!region) return;
    // a repeat of the same sentence is still a new event: clear first, then say it
    region.textContent = "";
    setTimeout(function () { region.textContent = text; }, 50);
  }

  /* How long an input counts, as the server counts it (language/text.clean): NFC, no control
     characters, trimmed, in characters rather than UTF-16 units (an emoji is one). */
  function inputLength(value) {
    return Array.from(value.normalize("NFC").replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, "").trim()).length;
  }

  /* A live counter under an input's box, instead of a maxlength that would cut a paste
     silently: what is left, or past the limit how long it is, in the server's words.
     text: {left: "… {n}", tooLong: "… {count} …"}. Returns whether the text fits. */
  function countInto(counter, box, max, text) {
    var numbers = new Intl.NumberFormat(document.documentElement.lang);
    var length = inputLength(box.value), left = max - length;
    counter.textContent = left < 0 ? text.tooLong.replace("{count}", numbers.format(length))
      : text.left.replace("{n}", numbers.format(left));
    counter.classList.toggle("over", left < 0);
    return left >= 0;
  }

  function fromTemplate(id) {
    return document.getElementById(id).content.firstElementChild.cloneNode(true);
  }

  /* A card for an approved comment, as on the display and the phone's "shown" list. */
  function shownCard(data, c) {
    var li = fromTemplate("shown-template");
    li.dataset.id = c.id;
    li.dataset.service = c.service_id;
    li.dataset.aspect = c.aspect_id;
    li.classList.toggle("pinned", !!c.pinned);
    li.dataset.support = c.support_count || 0;
    li.dataset.approved = c.approved_utc || "";
    setText(li, ".kind", data.kindLabels[c.kind]);
    if (li.querySelector(".aspect")) {  // the phone's card says which service and aspect
      var s = byId(data.services, c.service_id), a = byId(data.aspects, c.aspect_id);
      setText(li, ".service-name", s ? s.name : "");
      setText(li, ".aspect-name", a ? a.label : "");
    }
    setText(li, ".text", c.text);
    // named only with consent (fkp/inputs/projection.py): else "Peserta", no institution
    var name = li.querySelector(".name");
    name.textContent = c.participant_named ? c.participant_name || "" : name.dataset.anonymous;
    setText(li, ".institution", c.participant_named ? c.participant_institution : "");
    li.querySelector(".institution-part").hidden = !(c.participant_named && c.participant_institution);
    setText(li, ".group", data.groupLabels[c.participant_group]);
    return li;
  }

  /* Keep a list of shown cards in the order the server lists them (comments.approved):
     pinned first, then newest approved first — or, when the list's data-sort is "support",
     most supported first, newest first among equals; the input number breaks ties. A card
     placed again (a correction, a new supporter) lands where that order puts it, so it keeps
     its place unless the order moved it. With `most`, the list keeps that many cards: the last
     leave (a phone lists the newest few, not a whole forum's), and an older input placed
     again below them leaves at once. */
  function comesBefore(list, a, b) {
    if (a.classList.contains("pinned") !== b.classList.contains("pinned")) return a.classList.contains("pinned");
    if (list.dataset.sort === "support") {
      var sa = Number(a.dataset.support || 0), sb = Number(b.dataset.support || 0);
      if (sa !== sb) return sa > sb;
    }
    var ta = a.dataset.approved || "", tb = b.dataset.approved || "";
    if (ta !== tb) return ta > tb;  // ISO 8601 UTC, to the second: as strings, in time order
    return Number(a.dataset.id) > Number(b.dataset.id);
  }
  function placeShown(list, card, most) {
    var old = list.querySelector('[data-id="' + card.dataset.id + '"]');
    if (old) old.remove();
    var next = Array.prototype.find.call(list.children, function (li) { return comesBefore(list, card, li); });
    list.insertBefore(card, next || null);
    while (most && list.children.length > most && !list.lastElementChild.contains(document.activeElement)) {
      list.lastElementChild.remove();
    }
  }

  /* Staff consoles keep a list of inputs current: every change to an input (and both sides
     of a merge or of its undoing) calls update(comment) with the input as the staff room hears it. */
  function followChanges(socket, update) {
    ["comment_approved", "comment_hidden", "comment_pinned", "comment_unpinned", "comment_edited",
     "comment_answered", "comment_unanswered", "comment_supported"].forEach(function (name) {
      socket.on(name, function (msg) { update(msg.comment); });
    });
    ["comment_merged", "comment_unmerged"].forEach(function (name) {
      socket.on(name, function (msg) {
        update(msg.comment);
        update(msg.into);
      });
    });
  }

  /* Re-order a whole list after its sort changed. */
  function sortShown(list, sort) {
    list.dataset.sort = sort;
    Array.prototype.slice.call(list.children)
      .sort(function (a, b) { return comesBefore(list, a, b) ? -1 : comesBefore(list, b, a) ? 1 : 0; })
      .forEach(function (li) { list.appendChild(li); });
  }

  return { pageData: pageData, connect: connect, catchUp: catchUp, staffNameFor: staffNameFor,
           publicNameFor: publicNameFor, byId: byId, setText: setText, setClock: setClock,
           announce: announce, inputLength: inputLength, countInto: countInto,
           fromTemplate: fromTemplate, shownCard: shownCard, placeShown: placeShown,
           sortShown: sortShown, followChanges: followChanges };
})();
