/* The attendee's phone: follow the forum's focus, send input over the API, see it live. */
"use strict";
(function () {
  var data = FKP.pageData();
  var form = document.getElementById("input-form");
  var service = document.getElementById("service_id");
  var aspect = document.getElementById("aspect_id");
  var text = document.getElementById("text");
  var draft = document.getElementById("draft-text");
  var counter = document.getElementById("text-counter");
  var sendError = document.getElementById("send-error");
  var sendOk = document.getElementById("send-ok");
  var mine = document.getElementById("mine");
  var shown = document.getElementById("shown");
  var status = document.getElementById("live-status");
  var socket = FKP.connect({ forum: data.code, view: "attendee", token: data.token }, status, data.text);

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
    FKP.setText(li, ".aspect", pairLabel(c));
    FKP.setText(li, ".text", c.text);
    FKP.setText(li, ".badge", data.statusLabels[c.status]);
    document.getElementById("mine-empty").hidden = true;
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
    var button = document.getElementById("send");
    button.disabled = true;
    fetch("/api/v1/forums/" + encodeURIComponent(data.code) + "/comments", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + data.token },
      body: JSON.stringify(body)
    }).then(function (response) {
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
    }).then(function () { button.disabled = false; });
  });

  socket.on("focus_changed", function (msg) {
    var s = FKP.byId(data.services, msg.service_id), a = FKP.byId(data.aspects, msg.aspect_id);
    var line = document.getElementById("focus-line");
    line.textContent = "";
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
  ["comment_submitted", "comment_approved", "comment_hidden"].forEach(function (name) {
    socket.on(name, function (msg) {
      var c = msg.comment;
      if (mine.querySelector('[data-id="' + c.id + '"]') || name === "comment_submitted") upsertMine(c);
      if (name === "comment_approved") FKP.placeShown(shown, FKP.shownCard(data, c));
      if (name === "comment_hidden") {
        var old = shown.querySelector('[data-id="' + c.id + '"]');
        if (old) old.remove();
      }
    });
  });
})();
