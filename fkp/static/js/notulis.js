/* The note-taker's console: recent input of every channel arrives live, people checked in
   anywhere join the speaker list, and the forum's status and focus follow the moderator.
   Recording and check-in stay plain form posts. Attendee text is only set with textContent. */
"use strict";
(function () {
  var data = FKP.pageData();
  var list = document.getElementById("recent");
  var speakerSelect = document.getElementById("participant_id");
  var socket = FKP.connect({ forum: data.code, view: "notetaker" },
                           document.getElementById("live-status"), data.text);

  function join(parts) {
    return parts.filter(function (p) { return p; }).join(" — ");
  }

  function placeLabel(c) {
    if (!c.service_id) return data.text.unassigned;
    var s = FKP.byId(data.services, c.service_id), a = FKP.byId(data.aspects, c.aspect_id);
    return (s ? s.name : "") + " — " + (a ? a.label : "");
  }

  function render(li, c) {
    li.dataset.id = c.id;
    li.className = "card status-" + c.status + (c.pinned ? " pinned" : "");
    FKP.setText(li, ".status", data.statusLabels[c.status]);
    FKP.setClock(li, ".at", c.created_utc, data.timeZone);
    FKP.setText(li, ".channel", data.channelLabels[c.channel] || c.channel);
    FKP.setText(li, ".kind", data.kindLabels[c.kind]);
    FKP.setText(li, ".aspect", placeLabel(c));
    FKP.setText(li, ".text", c.text);
    FKP.setText(li, ".who", join([c.participant_name, c.participant_institution,
                                  data.groupLabels[c.participant_group]]));
  }

  /* Staff payloads carry the whole comment; a new one goes on top, a known one is redrawn. */
  function upsert(c, isNew) {
    if (!c) return;
    var li = list.querySelector('[data-id="' + c.id + '"]');
    if (!li) {
      if (!isNew) return;  // older than what this page lists
      li = FKP.fromTemplate("item-template");
      list.prepend(li);
      while (list.children.length > data.recentLimit) list.lastElementChild.remove();
    }
    render(li, c);
    document.getElementById("recent-empty").hidden = true;
  }

  socket.on("comment_submitted", function (msg) { upsert(msg.comment, true); });
  FKP.catchUp(socket, { seq: data.seq, url: data.changesUrl, nameFor: FKP.staffNameFor(list) });
  FKP.followChanges(socket, function (c) { upsert(c, false); });

  /* Someone joined on a phone or was checked in by other staff: they may speak next. Kept in
     the server's order: group, then name. */
  socket.on("participant_joined", function (msg) {
    var p = msg.participant;
    if (!p || !speakerSelect || speakerSelect.querySelector('option[value="' + p.id + '"]')) return;
    var option = document.createElement("option");
    option.value = p.id;
    option.textContent = join([p.name, p.institution, data.groupLabels[p.group_code]]);
    option.dataset.group = p.group_code || "";
    option.dataset.name = p.name.toLowerCase();
    var rank = function (group) {
      var i = data.groupOrder.indexOf(group);
      return i < 0 ? data.groupOrder.length : i;
    };
    var before = null;
    Array.prototype.some.call(speakerSelect.options, function (o) {
      if (!o.value) return false;  // the "choose" placeholder stays first
      var r = rank(o.dataset.group), mine = rank(p.group_code);
      var later = r > mine || (r === mine && o.dataset.name > option.dataset.name);
      if (later) before = o;
      return later;
    });
    speakerSelect.insertBefore(option, before);
  });

  socket.on("focus_changed", function (msg) {
    var s = FKP.byId(data.services, msg.service_id), a = FKP.byId(data.aspects, msg.aspect_id);
    FKP.setText(document, "#focus-text", s && a ? s.name + " — " + a.label : data.text.noFocus);
    // Move the form to the new focus unless the note-taker is in the middle of writing.
    if (!document.getElementById("text").value.trim()) {
      document.getElementById("service_id").value = msg.service_id;
      document.getElementById("aspect_id").value = msg.aspect_id;
    }
  });

  socket.on("forum_status_changed", function (msg) {
    FKP.setText(document, "#forum-status", data.forumStatusLabels[msg.status] || msg.status);
    // As permissions.can_record_spoken and can_check_in decide; the server checks again.
    var open = msg.status === "open", ended = msg.status === "finalised" || msg.status === "published";
    document.getElementById("spoken-fields").disabled = !open;
    document.getElementById("spoken-closed").hidden = open;
    document.getElementById("check-in-fields").disabled = ended;
    document.getElementById("check-in-closed").hidden = !ended;
  });
})();
