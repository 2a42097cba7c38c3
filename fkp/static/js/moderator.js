/* The moderator console: input arrives live; buttons send commands over the socket.
   Without JavaScript (or while disconnected) the same buttons are plain form posts. */
"use strict";
(function () {
  var data = FKP.pageData();
  var list = document.getElementById("inputs");
  var status = document.getElementById("live-status");
  var announcer = document.getElementById("announce");
  var socket = FKP.connect({ forum: data.code, view: "moderator" }, status, data.text);
  FKP.moderatorSocket = socket;  // display_controls.js sends its commands on the same connection

  // form[data-action] -> [socket command, payload built from the card and the form]
  var COMMANDS = {
    approve: ["approve_comment", function () { return {}; }],
    hide: ["hide_comment", function () { return {}; }],
    pin: ["pin_comment", function () { return { pinned: true }; }],
    unpin: ["pin_comment", function () { return { pinned: false }; }],
    answer: ["answer_comment", function () { return { answered: true }; }],
    unanswer: ["answer_comment", function () { return { answered: false }; }],
    merge: ["merge_comment", function (f) { return { into_id: Number(f.elements.into_id.value) }; }],
    correct: ["correct_comment", function (f) {
      return { text: f.elements.text.value, kind: f.elements.kind.value,
               service_id: Number(f.elements.service_id.value), aspect_id: Number(f.elements.aspect_id.value) };
    }],
    ban: ["ban_participant", function () { return { banned: true }; }]
  };

  function matchesFilters(c) {
    var f = data.filters;
    return (!f.service_id || f.service_id === c.service_id) &&
           (!f.aspect_id || f.aspect_id === c.aspect_id) &&
           (!f.status || f.status === c.status) &&
           (!f.flagged || !!(c.flag_words && c.flag_words.length));
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
    FKP.setText(li, ".text", c.text);
    FKP.setText(li, ".name", c.participant_name);
    FKP.setText(li, ".institution", c.participant_institution);
    FKP.setText(li, ".group", data.groupLabels[c.participant_group] || data.text.unknownGroup);
    FKP.setText(li, ".also", c.merged_names ? " · " + data.text.alsoFrom + " " + c.merged_names : "");
    li.querySelectorAll("form[data-action]").forEach(function (f) {
      var action = f.dataset.action;
      if (action === "ban") f.action = data.actionBase + "/participants/" + c.participant_id + "/ban";
      else if (action === "highlight") f.elements.comment_id.value = c.id;
      else f.action = data.actionBase + "/comments/" + c.id + "/" + action;
    });
    var correct = li.querySelector("form[data-action=correct]");
    if (correct && document.activeElement.closest("form") !== correct) {
      correct.elements.text.value = c.text;
      correct.elements.kind.value = c.kind;
      if (c.service_id) correct.elements.service_id.value = c.service_id;
      if (c.aspect_id) correct.elements.aspect_id.value = c.aspect_id;
    }
  }

  /* ---- The keyboard stays where the moderator works ----
     An action can hide the button that was pressed (Approve, once approved) or take the whole
     card out of a filtered list; the focus would drop to the top of the page. It goes to the
     nearest control still there instead: in the same card, else the next card, else the list. */
  function controls(li) { return Array.prototype.slice.call(li.querySelectorAll(".actions button, summary")); }
  function visible(el) { return el.getClientRects().length > 0; }

  function focusInCard(li, index) {
    var all = controls(li);
    var next = all.slice(index).concat(all.slice(0, index).reverse()).filter(visible)[0];
    if (next) next.focus(); else focusBeside(li);
  }

  function focusBeside(li) {
    var other = li.nextElementSibling || li.previousElementSibling;
    var target = other && controls(other).filter(visible)[0];
    (target || document.getElementById("inputs-title")).focus();
  }

  function upsert(c, isNew) {
    var li = list.querySelector('[data-id="' + c.id + '"]');
    var focused = li && li.contains(document.activeElement) ? document.activeElement : null;
    if (!matchesFilters(c)) {
      if (li) {
        if (focused) focusBeside(li);
        li.remove();
      }
      return;
    }
    if (!li) {
      li = FKP.fromTemplate("item-template");
      list.prepend(li);
    }
    var index = focused ? controls(li).indexOf(focused) : -1;
    render(li, c);
    if (focused && (!li.contains(document.activeElement) || !visible(document.activeElement))) {
      focusInCard(li, Math.max(index, 0));
    }
    document.getElementById("inputs-empty").hidden = true;
    if (isNew) document.getElementById("total-count").textContent = list.children.length;
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

  function bump(tableId, key, attr) {
    var cell = document.querySelector("#" + tableId + " [" + attr + '="' + key + '"] td');
    if (cell) cell.textContent = Number(cell.textContent) + 1;
  }

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
    upsert(c, true);
    if (!known) {
      // a flagged input is announced with its restricted words, as its card shows them
      var flag = c.flag_words && c.flag_words.length ?
        " " + data.text.flagged.replace("{words}", c.flag_words.join(", ")) + "." : "";
      FKP.announce(announcer, announcer.dataset.newInput.replace("{id}", c.id)
        .replace("{name}", c.participant_name || "").replace("{text}", c.text || "") + flag);
    }
    if (msg.comment.aspect_id) bump("aspect-counts", msg.comment.aspect_id, "data-aspect");
  });
  FKP.followChanges(socket, function (c) { upsert(c, false); });
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
  FKP.catchUp(socket, { seq: data.seq, url: data.changesUrl, nameFor: FKP.staffNameFor(list),
                        after: function (body) {
                          // counts per aspect as the server has them, whatever was replayed
                          document.querySelectorAll("#aspect-counts [data-aspect]").forEach(function (row) {
                            row.querySelector("td").textContent = body.aspect_counts[row.dataset.aspect] || 0;
                          });
                        } });
  socket.on("participant_joined", function (msg) {
    Object.keys(msg.group_counts).forEach(function (group) {
      var cell = document.querySelector('#group-counts [data-group="' + group + '"] td');
      if (cell) cell.textContent = msg.group_counts[group];
    });
  });
})();
