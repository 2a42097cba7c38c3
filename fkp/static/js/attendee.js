/* The attendee's phone: follow the forum live, send input over the API, back others' input. */
"use strict";
(function () {
  var data = FKP.pageData();
  var form = document.getElementById("input-form");
  var service = document.getElementById("service_id");
  var aspect = document.getElementById("aspect_id");
  var text = document.getElementById("text");
  var send = document.getElementById("send");
  var draft = document.getElementById("draft-text");
  var counter = document.getElementById("text-counter");
  var sendError = document.getElementById("send-error");
  var sendOk = document.getElementById("send-ok");
  var mine = document.getElementById("mine");
  var shown = document.getElementById("shown");
  var status = document.getElementById("live-status");
  var banned = document.getElementById("banned");
  var screenNote = document.getElementById("screen-note");
  var forumStatus = data.forumStatus;
  var socket = FKP.connect({ forum: data.code, view: "attendee", token: data.token }, status, data.text);
  var api = "/api/v1/forums/" + encodeURIComponent(data.code);
  var auth = { "Content-Type": "application/json", "Authorization": "Bearer " + data.token };

  function newClientId() {
    var bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function showDraft() {
    draft.textContent = data.drafts[service.value + ":" + aspect.value] || data.noDraft;
  }

  function updateCounter() {
    var left = data.maxChars - text.value.length;
    counter.textContent = data.text.left.replace("{n}", left);
    counter.classList.toggle("over", left < 0);
  }

  /* Sending is possible only while the forum is open and the attendee is not stopped;
     the text stays in the box either way. */
  function updateSendable() {
    send.disabled = forumStatus !== "open" || !banned.hidden;
  }

  function pairLabel(c) {
    var s = FKP.byId(data.services, c.service_id), a = FKP.byId(data.aspects, c.aspect_id);
    return (s ? s.name : "") + " — " + (a ? a.label : "");
  }

  function upsertMine(c) {
    var li = mine.querySelector('[data-id="' + c.id + '"]');
    if (!li) {
      li = FKP.fromTemplate("mine-template");
      li.dataset.id = c.id;
      mine.prepend(li);
    }
    li.className = "card status-" + c.status;
    if (c.service_id) FKP.setText(li, ".aspect", pairLabel(c));
    if (c.text !== undefined) FKP.setText(li, ".text", c.text);  // public payloads omit unshown text
    FKP.setText(li, ".badge", data.statusLabels[c.status]);
    document.getElementById("mine-empty").hidden = true;
  }

  function placeShown(c) {
    var card = FKP.shownCard(data, c);
    var support = card.querySelector(".support-form");
    if (support) {
      support.action = "/j/" + encodeURIComponent(data.code) + "/support/" + c.id;
      support.classList.toggle("own", !!mine.querySelector('[data-id="' + c.id + '"]'));
      FKP.setText(support, ".support-count", c.support_count || 0);
      var old = shown.querySelector('[data-id="' + c.id + '"] .support-form button');
      if (old && old.disabled) { support.querySelector("button").disabled = true; support.querySelector("button").setAttribute("aria-pressed", "true"); }
    }
    FKP.placeShown(shown, card);
  }

  function removeShown(id) {
    var old = shown.querySelector('[data-id="' + id + '"]');
    if (old) old.remove();
  }

  service.addEventListener("change", showDraft);
  aspect.addEventListener("change", showDraft);
  text.addEventListener("input", updateCounter);
  updateCounter();

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    sendError.hidden = true;
    sendOk.hidden = true;
    var body = {
      service_id: Number(service.value), aspect_id: Number(aspect.value),
      kind: (form.querySelector('input[name="kind"]:checked') || {}).value,
      text: text.value, client_id: document.getElementById("client_id").value
    };
    send.disabled = true;
    fetch(api + "/comments", { method: "POST", headers: auth, body: JSON.stringify(body) })
      .then(function (response) {
        return response.json().then(function (json) { return { ok: response.ok, json: json }; });
      }).then(function (result) {
        if (!result.ok) throw new Error(result.json.error);
        upsertMine({ id: result.json.id, status: result.json.status, text: body.text,
                     service_id: body.service_id, aspect_id: body.aspect_id });
        text.value = "";
        updateCounter();
        document.getElementById("client_id").value = newClientId();
        sendOk.textContent = data.text.sent;
        sendOk.hidden = false;
      }).catch(function (error) {
        sendError.textContent = error instanceof TypeError ? data.text.offline : error.message;
        sendError.hidden = false;
      }).then(updateSendable);
  });

  shown.addEventListener("submit", function (event) {
    var f = event.target.closest(".support-form");
    if (!f) return;
    event.preventDefault();
    var id = f.closest("li").dataset.id;
    var button = f.querySelector("button");
    button.disabled = true;
    fetch(api + "/comments/" + id + "/supports", { method: "POST", headers: auth })
      .then(function (response) { return response.json().then(function (json) { return { ok: response.ok, json: json }; }); })
      .then(function (result) {
        if (!result.ok) throw new Error(result.json.error);
        button.setAttribute("aria-pressed", "true");
        FKP.setText(f, ".support-count", result.json.support_count);
      }).catch(function (error) {
        button.disabled = false;
        status.textContent = error instanceof TypeError ? data.text.offline : error.message;
      });
  });

  socket.on("focus_changed", function (msg) {
    var s = FKP.byId(data.services, msg.service_id), a = FKP.byId(data.aspects, msg.aspect_id);
    var line = document.getElementById("focus-line");
    line.textContent = data.text.nowDiscussing + " ";
    var strong = document.createElement("strong");
    strong.id = "focus-text";
    strong.textContent = (s ? s.name : "") + " — " + (a ? a.label : "");
    line.append(strong);
    // Follow the moderator unless the attendee is in the middle of writing about something else.
    if (!text.value.trim()) {
      service.value = msg.service_id;
      aspect.value = msg.aspect_id;
      showDraft();
    }
  });
  socket.on("forum_status_changed", function (msg) {
    forumStatus = msg.status;
    var box = document.getElementById("forum-status");
    FKP.setText(box, "#forum-status-label", data.forumStatusLabels[msg.status]);
    box.hidden = msg.status === "open";
    updateSendable();
  });
  socket.on("display_changed", function (msg) {
    if (msg.sort && msg.sort !== shown.dataset.sort) FKP.sortShown(shown, msg.sort);
    screenNote.hidden = !(msg.mode === "closed" || (msg.mode === "highlight" && msg.comment));
    screenNote.textContent = msg.mode === "closed" ? data.text.screenClosed :
      (msg.comment ? data.text.onScreen + " “" + msg.comment.text + "”" : "");
  });
  ["participant_banned", "participant_unbanned"].forEach(function (name) {
    socket.on(name, function (msg) { banned.hidden = !msg.banned; updateSendable(); });
  });
  socket.on("comment_submitted", function (msg) { upsertMine(msg.comment); });
  ["comment_approved", "comment_hidden", "comment_edited", "comment_merged"].forEach(function (name) {
    socket.on(name, function (msg) {
      var c = msg.comment;
      if (mine.querySelector('[data-id="' + c.id + '"]')) upsertMine(c);
      if (c.status === "approved") placeShown(c); else removeShown(c.id);
      if (msg.into && msg.into.status === "approved") placeShown(msg.into);
    });
  });
  ["comment_supported", "comment_answered", "comment_unanswered", "comment_pinned",
   "comment_unpinned"].forEach(function (name) {
    socket.on(name, function (msg) { if (msg.comment.status === "approved") placeShown(msg.comment); });
  });
  updateSendable();
})();
