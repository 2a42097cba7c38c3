/* The moderator console: one page of input, live; buttons send commands over the socket.
   Without JavaScript (or while disconnected) the same buttons are plain form posts.

   The page holds at most data.maxCards cards however long the forum runs: the list is
   ordered by input number, newest first; new input enters at the top (or, on an older page,
   is counted in a "new input" link), and the oldest cards leave at the bottom, where "Older
   input" fetches the next page. */
"use strict";
(function () {
  var data = FKP.pageData();
  var list = document.getElementById("inputs");
  var status = document.getElementById("live-status");
  var announcer = document.getElementById("announce");
  var socket = FKP.connect({ forum: data.code, view: "moderator" }, status, data.text);
  FKP.moderatorSocket = socket;  // display_controls.js sends its commands on the same connection
  var onScreen = data.onScreen, waiting = 0;

  // form[data-action] -> [socket command, payload built from the card and the form]
  var COMMANDS = {
    approve: ["approve_comment", function () { return {}; }],
    hide: ["hide_comment", function () { return {}; }],
    pin: ["pin_comment", function () { return { pinned: true }; }],
    unpin: ["pin_comment", function () { return { pinned: false }; }],
    answer: ["answer_comment", function () { return { answered: true }; }],
    unanswer: ["answer_comment", function () { return { answered: false }; }],
    merge: ["merge_comment", function (f) {
      // the similar input chosen in the list (moderator_groups.js), else the number typed
      var chosen = f.querySelector("input[type=radio][name=into_id]:checked");
      return { into_id: Number(chosen ? chosen.value : f.querySelector("input[type=number]").value) };
    }],
    unmerge: ["unmerge_comment", function () { return {}; }],
    correct: ["correct_comment", function (f) {
      return { text: f.elements.text.value, kind: f.elements.kind.value,
               service_id: Number(f.elements.service_id.value), aspect_id: Number(f.elements.aspect_id.value) };
    }],
    ban: ["ban_participant", function () { return { banned: true }; }]
  };

  /* The server's filters (fkp/inputs/queue.py), applied to one input as it changes live. */
  function matchesFilters(c) {
    var f = data.filters;
    var words = (f.q || "").toLowerCase().split(/\s+/).filter(Boolean);
    var haystack = [c.text, c.participant_name, c.participant_institution].join("\n").toLowerCase();
    return (!f.service_id || (f.service_id === "none" ? !c.service_id : f.service_id === c.service_id)) &&
           (!f.aspect_id || f.aspect_id === c.aspect_id) &&
           (!f.kind || f.kind === c.kind) &&
           (!f.status || f.status === c.status) &&
           (!f.channel || f.channel === c.channel) &&
           (!f.group || f.group === c.participant_group) &&
           (!f.flagged || !!(c.flag_words && c.flag_words.length)) &&
           words.every(function (w) { return haystack.indexOf(w) >= 0; });
  }

  function render(li, c) {
    var s = FKP.byId(data.services, c.service_id), a = FKP.byId(data.aspects, c.aspect_id);
    li.dataset.id = c.id;
    li.dataset.service = c.service_id || "";
    li.dataset.aspect = c.aspect_id || "";
    li.dataset.status = c.status;
    li.dataset.participant = c.participant_id;
    li.className = "card status-" + c.status + (c.pinned ? " pinned" : "") + (c.answered ? " answered" : "") +
      (c.service_id ? "" : " unassigned") + (c.merged_into_id ? " merged" : "") +
      (c.flag_words && c.flag_words.length ? " flagged" : "");
    FKP.setText(li, ".cid", c.id);
    FKP.setClock(li, ".at", c.created_utc, data.timeZone);
    FKP.setText(li, ".status", data.statusLabels[c.status]);
    FKP.setText(li, ".kind", data.kindLabels[c.kind]);
    FKP.setText(li, ".aspect", s ? s.name + " — " + (a ? a.label : "") : data.text.unassigned);
    FKP.setText(li, ".channel", data.channelLabels[c.channel] || c.channel);
    FKP.setText(li, ".supports", c.support_count ? "· " + data.text.supports.replace("{n}", c.support_count) : "");
    var flag = li.querySelector(".flag");
    if (flag) flag.hidden = !(c.flag_words && c.flag_words.length);
    FKP.setText(li, ".flag-badge", c.flag_words && c.flag_words.length ?
      data.text.flagged.replace("{words}", c.flag_words.join(", ")) : "");
    var merged = li.querySelector(".merged-note");
    merged.hidden = !c.merged_into_id;
    FKP.setText(merged, ".into", c.merged_into_id || "");
    li.querySelector(".on-screen").hidden = onScreen !== c.id;
    li.querySelector(".pick").value = c.id;
    li.querySelector(".pick").setAttribute("aria-label", data.text.pick.replace("{id}", c.id));
    FKP.setText(li, ".text", c.text);
    FKP.setText(li, ".name", c.participant_name);
    FKP.setText(li, ".institution", c.participant_institution);
    FKP.setText(li, ".group", data.groupLabels[c.participant_group] || data.text.unknownGroup);
    FKP.setText(li, ".also", c.merged_names ? " · " + data.text.alsoFrom + " " + c.merged_names : "");
    li.querySelectorAll("form[data-action]").forEach(function (f) {
      var action = f.dataset.action;
      if (action === "ban") f.action = data.actionBase + "/participants/" + c.participant_id + "/ban";
      else if (action === "highlight") f.elements.comment_id.value = c.id;
      else f.action = data.actionBase + "/comments/" + c.id + "/" + action + location.search;
    });
    var correct = li.querySelector("form[data-action=correct]");
    if (correct && document.activeElement.closest("form") !== correct) {
      correct.elements.text.value = c.text;
      correct.elements.kind.value = c.kind;
      if (c.service_id) correct.elements.service_id.value = c.service_id;
      if (c.aspect_id) correct.elements.aspect_id.value = c.aspect_id;
    }
    li.dispatchEvent(new CustomEvent("fkp:rendered", { bubbles: true, detail: c }));
  }

  /* ---- The keyboard stays where the moderator works ----
     An action can hide the button that was pressed (Approve, once approved) or take the whole
     card out of a filtered list; the focus would drop to the top of the page. It goes to the
     nearest control still there instead: in the same card, else the next card, else the list. */
  function controls(li) { return Array.prototype.slice.call(li.querySelectorAll(".actions button, summary")); }
  function visible(el) { return el.getClientRects().length > 0; }

  function focusInCard(li, index) {
    if (li === document.activeElement) return;  // a card chosen by the keyboard keeps the focus
    var all = controls(li);
    var next = all.slice(index).concat(all.slice(0, index).reverse()).filter(visible)[0];
    if (next) next.focus(); else focusBeside(li);
  }

  function focusBeside(li) {
    var other = li.nextElementSibling || li.previousElementSibling;
    if (other && li === document.activeElement) { other.focus(); return; }
    var target = other && controls(other).filter(visible)[0];
    (target || document.getElementById("inputs-title")).focus();
  }

  function cards() { return list.children; }
  function oldestShown() { var last = list.lastElementChild; return last ? Number(last.dataset.id) : null; }
  function newestShown() { var first = list.firstElementChild; return first ? Number(first.dataset.id) : null; }
  var olderBox = document.getElementById("more-older"), olderLink = document.getElementById("older-link");

  function counted() {
    document.getElementById("shown-count").textContent = cards().length;
    document.getElementById("inputs-empty").hidden = cards().length > 0;
    var oldest = oldestShown();
    if (oldest) olderLink.href = data.pageUrl + (data.pageUrl.indexOf("?") < 0 ? "?" : "&") + "before=" + oldest + "#inputs-title";
  }

  /* The page never holds more than maxCards: the oldest leave, and "Older input" brings them. */
  function trim() {
    while (cards().length > data.maxCards) {
      var last = list.lastElementChild;
      if (last.contains(document.activeElement)) break;  // never pull a card from under the keyboard
      last.remove();
      olderBox.hidden = false;
      complete = oldestShown();
    }
  }

  /* The list is whole down to input `complete`: what is older comes from the server, by the
     "Older input" button or, when cards leave (approved while the list shows only the waiting
     ones, say), by itself until the page holds a page again. Without it a moderator who
     approves a whole page is left with an empty list saying nothing matches, above a count of
     hundreds still waiting. */
  var complete = oldestShown(), fetching = null, refillQueued = false;
  function fetchOlder() {
    if (fetching) return fetching;
    fetching = fetch(data.olderUrl + (data.olderUrl.indexOf("?") < 0 ? "?" : "&") + "before=" + complete,
                     { credentials: "same-origin" })
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then(function (body) {
        var added = [];
        body.items.forEach(function (c) {
          if (list.querySelector('[data-id="' + c.id + '"]')) return;
          var li = FKP.fromTemplate("item-template");
          render(li, c);
          cellOf[c.id] = cellKey(c);
          list.appendChild(li);
          added.push(li);
        });
        if (body.items.length) complete = body.items[body.items.length - 1].id;
        olderBox.hidden = !body.more;
        counted();
        return added;
      })
      .finally(function () { fetching = null; });
    return fetching;
  }
  function refill() {
    if (refillQueued || !complete || olderBox.hidden || cards().length >= data.pageSize) return;
    refillQueued = true;  // the cards a bulk action takes leave one by one: one request for them all
    setTimeout(function () {
      refillQueued = false;
      if (olderBox.hidden || cards().length >= data.pageSize) return;
      fetchOlder().then(function (added) { if (added.length) refill(); },
                        function () { status.textContent = data.text.loadFailed; });
    }, 0);
  }

  /* Where an input not on the page goes: among the cards by number, newest first; an input
     older than the last card belongs to a later page (unless none follows). */
  function place(li, id) {
    var after = Array.prototype.find.call(cards(), function (other) { return Number(other.dataset.id) < id; });
    if (!after && !olderBox.hidden) return false;
    list.insertBefore(li, after || null);
    return true;
  }

  function setMatching(delta) {
    var el = document.getElementById("total-count");
    el.textContent = Math.max(0, Number(el.textContent) + delta);
  }

  function upsert(c, isNew) {
    var li = list.querySelector('[data-id="' + c.id + '"]');
    var focused = li && li.contains(document.activeElement) ? document.activeElement : null;
    if (!matchesFilters(c)) {
      if (li) {
        if (focused) focusBeside(li);
        li.remove();
        setMatching(-1);
        counted();
        refill();
      }
      return;
    }
    if (!li) {
      if (isNew) setMatching(1);
      if (data.paged && c.id > (newestShown() || 0)) {  // an older page: say it came, keep the place
        if (isNew) showWaiting(++waiting);
        return;
      }
      li = FKP.fromTemplate("item-template");
      render(li, c);
      if (!place(li, c.id)) return;
      trim();
      counted();
      return;
    }
    var index = focused ? controls(li).indexOf(focused) : -1;
    render(li, c);
    if (focused && (!li.contains(document.activeElement) || !visible(document.activeElement))) {
      focusInCard(li, Math.max(index, 0));
    }
  }

  function showWaiting(n) {
    var box = document.getElementById("new-waiting");
    box.hidden = false;
    box.querySelector("a").textContent = data.text.newWaiting.replace("{n}", n);
  }

  /* What a screen reader hears once an action is done: the input's state as now shown. */
  function stateOf(id) {
    var li = list.querySelector('[data-id="' + id + '"]');
    var c = li && { status: li.dataset.status, pinned: li.classList.contains("pinned"),
                    answered: li.classList.contains("answered") };
    if (!c) return "";
    return [data.statusLabels[c.status], c.pinned ? announcer.dataset.pinned : "",
            c.answered ? announcer.dataset.answered : ""].filter(Boolean).join(", ");
  }

  /* ---- Counts per service × aspect ---- */
  var cellOf = {};  // input id -> "service:aspect" as last seen, so a correction moves its count
  function bumpCell(key, delta) {
    var link = key && document.querySelector('#cell-counts [data-cell="' + key + '"] a');
    if (!link) return;
    var n = Math.max(0, Number(link.textContent) + delta);
    link.textContent = n;
    link.setAttribute("aria-label", link.getAttribute("aria-label").replace(/\d+$/, n));
  }
  function cellKey(c) { return c.service_id && c.aspect_id ? c.service_id + ":" + c.aspect_id : null; }
  function followCell(c, isNew) {
    var key = cellKey(c);
    if (isNew) bumpCell(key, 1);
    else if (c.id in cellOf && cellOf[c.id] !== key) { bumpCell(cellOf[c.id], -1); bumpCell(key, 1); }
    cellOf[c.id] = key;
  }
  Array.prototype.forEach.call(cards(), function (li) {
    cellOf[li.dataset.id] = li.dataset.service && li.dataset.aspect ? li.dataset.service + ":" + li.dataset.aspect : null;
  });

  list.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-action]");
    var cmd = form && COMMANDS[form.dataset.action];
    if (!cmd || !socket.connected) return;  // offline: let the plain form post go through
    event.preventDefault();
    var li = form.closest("li");
    var payload = Object.assign({ id: Number(form.dataset.action === "ban" ? li.dataset.participant : li.dataset.id) },
                                cmd[1](form));
    var id = li.dataset.id;
    socket.emit(cmd[0], payload, function (ack) {
      if (ack && ack.error) { status.textContent = ack.error; return; }
      var details = form.closest("details");
      if (details) {
        // closing it would hide the focused control: the focus goes back to its summary
        if (details.contains(document.activeElement)) details.querySelector("summary").focus();
        details.open = false;
      }
      var state = stateOf(id);
      if (state) FKP.announce(announcer, announcer.dataset.inputState.replace("{id}", id).replace("{state}", state));
    });
  });

  /* ---- Several at once: the ticked cards, approved or hidden as one change ---- */
  var bulkForm = document.getElementById("bulk-form"), pickAll = document.getElementById("pick-all");
  function picked() {
    return Array.prototype.filter.call(list.querySelectorAll(".pick"), function (box) { return box.checked; });
  }
  function countPicked() {
    var n = picked().length;
    document.getElementById("picked-count").textContent = n ? data.text.picked.replace("{n}", n) : "";
    pickAll.checked = n > 0 && n === list.querySelectorAll(".pick").length;
    bulkForm.classList.toggle("active", n > 0);
  }
  list.addEventListener("change", function (event) { if (event.target.classList.contains("pick")) countPicked(); });
  pickAll.addEventListener("change", function () {
    list.querySelectorAll(".pick").forEach(function (box) { box.checked = pickAll.checked; });
    countPicked();
  });
  bulkForm.addEventListener("submit", function (event) {
    if (!socket.connected) return;  // the plain post carries the ticked boxes (form="bulk-form")
    event.preventDefault();
    var action = event.submitter ? event.submitter.value : "approve";
    var ids = picked().map(function (box) { return Number(box.value); });
    socket.emit(action === "hide" ? "hide_comments" : "approve_comments", { ids: ids }, function (ack) {
      if (ack && ack.error) { status.textContent = ack.error; return; }
      picked().forEach(function (box) { box.checked = false; });
      countPicked();
      FKP.announce(announcer, data.text.bulkDone.replace("{n}", ids.length));
    });
  });

  /* ---- Older input, fetched a page at a time ---- */
  olderLink.addEventListener("click", function (event) {
    if (!complete) return;  // nothing to count from: the plain link
    event.preventDefault();
    fetchOlder().then(function (added) { if (added.length) added[0].focus(); },
                      function () { status.textContent = data.text.loadFailed; });
  });

  document.getElementById("focus-form").addEventListener("submit", function (event) {
    if (!socket.connected) return;
    event.preventDefault();
    socket.emit("set_focus", {
      service_id: Number(document.getElementById("service_id").value),
      aspect_id: Number(document.getElementById("aspect_id").value)
    }, function (ack) { if (ack && ack.error) status.textContent = ack.error; });
  });

  socket.on("comment_submitted", function (msg) {
    var c = msg.comment, known = list.querySelector('[data-id="' + c.id + '"]');
    var isNew = !known && !(c.id in cellOf);
    upsert(c, isNew);
    followCell(c, isNew);
    if (isNew && matchesFilters(c)) {
      // a flagged input is announced with its restricted words, as its card shows them
      var flag = c.flag_words && c.flag_words.length ?
        " " + data.text.flagged.replace("{words}", c.flag_words.join(", ")) + "." : "";
      FKP.announce(announcer, announcer.dataset.newInput.replace("{id}", c.id)
        .replace("{name}", c.participant_name || "").replace("{text}", c.text || "") + flag);
    }
  });
  FKP.followChanges(socket, function (c) { upsert(c, false); followCell(c, false); });
  socket.on("participant_banned", function (msg) {
    status.textContent = data.text.banned.replace("{name}", msg.participant.name);
  });
  socket.on("forum_status_changed", function (msg) {
    // Another moderator took a lifecycle step: the label follows; the buttons on reload.
    document.getElementById("forum-status-label").textContent = data.forumStatusLabels[msg.status];
  });
  socket.on("focus_changed", function (msg) {
    document.getElementById("service_id").value = msg.service_id;
    document.getElementById("aspect_id").value = msg.aspect_id;
  });
  /* The card on the projector says so ("di layar"), whoever put it there. */
  socket.on("display_changed", function (msg) {
    onScreen = msg.mode === "highlight" && msg.comment ? msg.comment.id : null;
    list.querySelectorAll(".on-screen").forEach(function (badge) {
      badge.hidden = Number(badge.closest("li").dataset.id) !== onScreen;
    });
  });
  FKP.catchUp(socket, { seq: data.seq, url: data.changesUrl,
                        nameFor: function (c) {
                          return list.querySelector('[data-id="' + c.id + '"]') || c.id in cellOf ?
                            "comment_edited" : "comment_submitted";
                        },
                        after: function (body) {
                          if (FKP.moderatorConsole.agreement) FKP.moderatorConsole.agreement(body);
                          if (FKP.moderatorConsole.promises) FKP.moderatorConsole.promises(body);
                          // counts per service × aspect as the server has them, whatever was replayed
                          document.querySelectorAll("#cell-counts [data-cell]").forEach(function (cell) {
                            var link = cell.querySelector("a"), n = body.cell_counts[cell.dataset.cell] || 0;
                            link.textContent = n;
                            link.setAttribute("aria-label", link.getAttribute("aria-label").replace(/\d+$/, n));
                          });
                        } });
  socket.on("participant_joined", function (msg) {
    Object.keys(msg.group_counts).forEach(function (group) {
      var cell = document.querySelector('#group-counts [data-group="' + group + '"] td');
      if (cell) cell.textContent = msg.group_counts[group];
    });
  });
  /* The preview renders the display at the projector's 1920×1080, scaled to its box. It is
     loaded once opened (the moderator's choice is remembered), never before the list is live:
     the display page is a second live page, and the queue comes first. */
  var previewBox = document.getElementById("screen-preview");
  var preview = previewBox.querySelector(".preview-frame"), frame = preview.querySelector("iframe");
  function scalePreview() { frame.style.transform = "scale(" + preview.clientWidth / 1920 + ")"; }
  function openPreview() {
    try { localStorage.setItem("fkp-preview", previewBox.open ? "open" : "closed"); } catch (e) { /* private mode */ }
    if (!previewBox.open) return;
    if (!frame.src) frame.src = frame.dataset.src;
    scalePreview();
  }
  previewBox.addEventListener("toggle", openPreview);
  window.addEventListener("resize", scalePreview);
  socket.once("connect", function () {
    var remembered = null;
    try { remembered = localStorage.getItem("fkp-preview"); } catch (e) { /* private mode */ }
    if (remembered !== "closed" && window.innerWidth >= 960) previewBox.open = true;  // fires toggle
  });
  FKP.moderatorConsole = { list: list, cards: cards, socket: socket, data: data,  // moderator_keys/groups.js
                           announce: function (text) { FKP.announce(announcer, text); }, status: status };
})();
