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
    if (c.receipt) FKP.setText(li, ".receipt-code", c.receipt);
    li.querySelector(".receipt-print").href = "/n/" + encodeURIComponent(data.code) + "/receipt/" + c.id;
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

  /* What the speaker said may be pasted from notes: counted live, never cut (FKP.countInto). */
  var spokenText = document.getElementById("text"), counter = document.getElementById("text-counter");
  if (spokenText && counter) {
    var count = function () { FKP.countInto(counter, spokenText, data.maxChars, data.text); };
    spokenText.addEventListener("input", count);
    count();
  }

  socket.on("comment_submitted", function (msg) { upsert(msg.comment, true); });
  FKP.catchUp(socket, { seq: data.seq, url: data.changesUrl, nameFor: FKP.staffNameFor(list) });
  FKP.followChanges(socket, function (c) { upsert(c, false); });

  /* A filter box over the speaker list: at a big table there are hundreds of names. The
     select stays what is posted; the box only narrows what it offers. Every option is kept in
     `speakers`, in the server's order, so names that joined meanwhile are filtered too. */
  var speakers = speakerSelect ? Array.prototype.slice.call(speakerSelect.options, 1) : [];
  var filterBox = null;
  function applyFilter() {
    var words = filterBox.value.toLowerCase().split(/\s+/).filter(Boolean);
    var chosen = speakerSelect.value;
    var matches = speakers.filter(function (o) {
      var label = o.textContent.toLowerCase();
      return words.every(function (w) { return label.indexOf(w) >= 0; });
    });
    // the one already chosen stays offered, so filtering never changes the choice by itself
    var shown = speakers.filter(function (o) { return o.value === chosen || matches.indexOf(o) >= 0; });
    while (speakerSelect.options.length > 1) speakerSelect.remove(1);
    shown.forEach(function (o) { speakerSelect.add(o); });
    speakerSelect.value = words.length && matches.length === 1 ? matches[0].value : chosen;
    FKP.setText(document, "#speaker-filter-count", !words.length ? "" :
      matches.length === 1 ? data.text.oneMatch : data.text.matches.replace("{n}", matches.length));
  }
  if (speakerSelect) {
    speakerSelect.closest(".field").before(FKP.fromTemplate("speaker-filter-template"));
    filterBox = document.getElementById("speaker-filter");
    filterBox.addEventListener("input", applyFilter);
  }

  /* Someone joined on a phone or was checked in by other staff: they may speak next. Kept in
     the server's order: group, then name. */
  socket.on("participant_joined", function (msg) {
    var p = msg.participant;
    if (!p || !speakerSelect || speakers.some(function (o) { return o.value === String(p.id); })) return;
    var option = document.createElement("option");
    option.value = p.id;
    option.textContent = join([p.name, p.institution, data.groupLabels[p.group_code]]);
    option.dataset.group = p.group_code || "";
    option.dataset.name = p.name.toLowerCase();
    var rank = function (group) {
      var i = data.groupOrder.indexOf(group);
      return i < 0 ? data.groupOrder.length : i;
    };
    var at = speakers.findIndex(function (o) {
      var r = rank(o.dataset.group), mine = rank(p.group_code);
      return r > mine || (r === mine && o.dataset.name > option.dataset.name);
    });
    speakers.splice(at < 0 ? speakers.length : at, 0, option);
    applyFilter();
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
