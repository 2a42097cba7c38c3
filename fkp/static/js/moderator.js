/* The moderator console: input arrives live; buttons send commands over the socket.
   Without JavaScript the same buttons are plain form posts. */
"use strict";
(function () {
  var data = FKP.pageData();
  var list = document.getElementById("inputs");
  var status = document.getElementById("live-status");
  var socket = FKP.connect({ forum: data.code, view: "moderator" }, status, data.text);
  var COMMANDS = { approve: ["approve_comment", {}], hide: ["hide_comment", {}],
                   pin: ["pin_comment", { pinned: true }], unpin: ["pin_comment", { pinned: false }] };

  function matchesFilters(c) {
    var f = data.filters;
    return (!f.service_id || f.service_id === c.service_id) &&
           (!f.aspect_id || f.aspect_id === c.aspect_id) &&
           (!f.status || f.status === c.status);
  }

  function render(li, c) {
    var s = FKP.byId(data.services, c.service_id), a = FKP.byId(data.aspects, c.aspect_id);
    li.dataset.id = c.id;
    li.dataset.service = c.service_id;
    li.dataset.aspect = c.aspect_id;
    li.dataset.status = c.status;
    li.className = "card status-" + c.status + (c.pinned ? " pinned" : "");
    FKP.setText(li, ".status", data.statusLabels[c.status]);
    FKP.setText(li, ".kind", data.kindLabels[c.kind]);
    FKP.setText(li, ".aspect", (s ? s.name : "") + " — " + (a ? a.label : ""));
    FKP.setText(li, ".channel", data.channelLabels[c.channel] || c.channel);
    FKP.setText(li, ".text", c.text);
    FKP.setText(li, ".name", c.participant_name);
    FKP.setText(li, ".institution", c.participant_institution);
    FKP.setText(li, ".group", data.groupLabels[c.participant_group]);
    li.querySelectorAll("form[data-action]").forEach(function (f) {
      f.action = data.actionBase + "/comments/" + c.id + "/" + f.dataset.action;
    });
  }

  function upsert(c, isNew) {
    var li = list.querySelector('[data-id="' + c.id + '"]');
    if (!matchesFilters(c)) { if (li) li.remove(); return; }
    if (!li) {
      li = FKP.fromTemplate("item-template");
      list.prepend(li);
    }
    render(li, c);
    document.getElementById("inputs-empty").hidden = true;
    if (isNew) document.getElementById("total-count").textContent = list.children.length;
  }

  function bump(tableId, key, attr) {
    var cell = document.querySelector("#" + tableId + " [" + attr + '="' + key + '"] td');
    if (cell) cell.textContent = Number(cell.textContent) + 1;
  }

  list.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-action]");
    if (!form || !socket.connected) return;  // offline: let the plain form post go through
    event.preventDefault();
    var id = Number(form.closest("li").dataset.id);
    var cmd = COMMANDS[form.dataset.action];
    socket.emit(cmd[0], Object.assign({ id: id }, cmd[1]), function (ack) {
      if (ack && ack.error) { status.textContent = ack.error; }
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
    upsert(msg.comment, true);
    bump("aspect-counts", msg.comment.aspect_id, "data-aspect");
  });
  ["comment_approved", "comment_hidden", "comment_pinned", "comment_unpinned"].forEach(function (name) {
    socket.on(name, function (msg) {
      upsert(msg.comment, false);
    });
  });
  socket.on("focus_changed", function (msg) {
    document.getElementById("service_id").value = msg.service_id;
    document.getElementById("aspect_id").value = msg.aspect_id;
  });
  socket.on("participant_joined", function (msg) {
    Object.keys(msg.group_counts).forEach(function (group) {
      var cell = document.querySelector('#group-counts [data-group="' + group + '"] td');
      if (cell) cell.textContent = msg.group_counts[group];
    });
  });
})();
