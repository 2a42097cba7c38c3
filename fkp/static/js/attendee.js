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
  var sendInfo = document.getElementById("send-info");
  var mine = document.getElementById("mine");
  var shown = document.getElementById("shown");
  var status = document.getElementById("live-status");
  var banned = document.getElementById("banned");
  var screenNote = document.getElementById("screen-note");
  var announcer = document.getElementById("announce");
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

  var numbers = new Intl.NumberFormat(document.documentElement.lang);
  var inputLength = FKP.inputLength;

  function tooLong(length) {
    return data.text.tooLong.replace("{count}", numbers.format(length));
  }

  /* No maxlength on the box (it would cut a paste silently): see FKP.countInto. */
  function updateCounter() {
    FKP.countInto(counter, text, data.maxChars, data.text);
  }

  /* A refusal is tied to the text box: aria-invalid, and described by the message (which is
     also a role=alert, read at once); the box is described by the counter all the time. */
  function describe(ids) {
    text.setAttribute("aria-describedby", baseDescription.concat(ids).join(" "));
  }
  var baseDescription = (text.getAttribute("aria-describedby") || "").split(" ").filter(Boolean)
    .concat(["text-counter"]);
  describe([]);

  function showError(message, focus, notTheText) {
    sendError.textContent = message;
    sendError.hidden = false;
    // "not connected" is no fault of the text: said, but the box is not marked wrong
    if (notTheText) text.removeAttribute("aria-invalid"); else text.setAttribute("aria-invalid", "true");
    describe(["send-error"]);
    if (focus) text.focus();
  }

  function clearError() {
    sendError.hidden = true;
    text.removeAttribute("aria-invalid");
    describe([]);
  }

  function showInfo(message) {
    sendInfo.textContent = message;
    sendInfo.hidden = false;
  }

  /* An error goes away once the field is put right: its message, its aria-invalid, its line
     in the summary above the form (which goes when it is empty). As the server would judge
     it: the text not empty and not too long, a choice made. */
  function fieldIsRight(el) {
    if (el === text) return !!text.value.trim() && inputLength(text.value) <= data.maxChars;
    if (el.type === "radio") return !!form.querySelector('input[name="' + el.name + '"]:checked');
    return !!el.value;
  }

  function clearFieldError(el) {
    var id = el.type === "radio" ? el.name : el.id;
    var invalid = el.type === "radio" ? form.querySelectorAll('input[name="' + el.name + '"]') : [el];
    if (!fieldIsRight(el)) return;
    if (el === text && !sendError.hidden && text.getAttribute("aria-invalid")) clearError();
    var message = document.getElementById(id + "-error");
    if (!message) return;
    message.remove();
    baseDescription = baseDescription.filter(function (d) { return d !== id + "-error"; });
    Array.prototype.forEach.call(invalid, function (input) {
      input.removeAttribute("aria-invalid");
      var described = (input.getAttribute("aria-describedby") || "").split(" ")
        .filter(function (d) { return d && d !== id + "-error"; });
      if (described.length) input.setAttribute("aria-describedby", described.join(" "));
      else input.removeAttribute("aria-describedby");
    });
    var fieldset = el.closest("fieldset");
    if (fieldset && el.type === "radio") fieldset.removeAttribute("aria-describedby");
    var wrapper = el.closest(".field");
    if (wrapper) wrapper.classList.remove("has-error");
    if (el === text) describe(sendError.hidden ? [] : ["send-error"]);
    var summary = document.getElementById("error-summary");
    if (summary) {
      Array.prototype.forEach.call(summary.querySelectorAll('a[href="#' + id + '"], a[href="#' + id + '-0"]'),
        function (a) { a.closest("li").remove(); });
      if (!summary.querySelector("li")) summary.remove();
    }
  }

  form.addEventListener("input", function (event) { clearFieldError(event.target); });
  form.addEventListener("change", function (event) { clearFieldError(event.target); });

  /* The whole name of the chosen service and aspect, under its select, when the select cuts it. */
  var measure = document.createElement("canvas").getContext("2d");
  function showChosen(select) {
    var line = document.getElementById(select.id + "-chosen");
    var option = select.options[select.selectedIndex];
    if (!option) return;
    if (!line) {
      line = document.createElement("p");
      line.className = "chosen";
      line.id = select.id + "-chosen";
      line.setAttribute("aria-hidden", "true");
      select.closest(".field").after(line);
    }
    line.textContent = option.textContent;
    var style = getComputedStyle(select);
    measure.font = style.fontSize + " " + style.fontFamily;
    // the arrow and the padding take about 3 em of the select's width
    line.hidden = measure.measureText(option.textContent).width <= select.clientWidth - 3 * parseFloat(style.fontSize);
  }
  function showBothChosen() { showChosen(service); showChosen(aspect); }

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
    var before = li ? li.className : null;
    if (!li) {
      li = FKP.fromTemplate("mine-template");
      li.dataset.id = c.id;
      mine.prepend(li);
    }
    li.className = "card status-" + c.status;
    // the moderator showed or hid it: a screen reader hears that, not only sees the badge change
    if (before && before !== li.className) {
      var said = c.text !== undefined ? c.text : li.querySelector(".text").textContent;
      FKP.announce(announcer, announcer.dataset.changed.replace("{text}", said.slice(0, 80))
        .replace("{status}", data.statusLabels[c.status]));
    }
    if (c.service_id) FKP.setText(li, ".aspect", pairLabel(c));
    if (c.text !== undefined) FKP.setText(li, ".text", c.text);  // public payloads omit unshown text
    FKP.setText(li, ".badge", data.statusLabels[c.status]);
    if (c.receipt) {  // the code to follow it at /t/CODE; public payloads never carry it
      var receipt = li.querySelector(".receipt");
      var link = receipt.querySelector("a");
      link.textContent = c.receipt;
      link.href = "/t/" + encodeURIComponent(c.receipt);
      receipt.hidden = false;
    }
    document.getElementById("mine-empty").hidden = true;
  }

  /* The first data.shownMost shown inputs in the screen's order (as the page came), each
     kept current; an older one this phone does not list, placed again (a supporter, a
     correction), falls below them and leaves (common.js). */
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
    FKP.placeShown(shown, card, data.shownMost);
  }

  function removeShown(id) {
    var old = shown.querySelector('[data-id="' + id + '"]');
    if (old) old.remove();
  }

  service.addEventListener("change", showDraft);
  aspect.addEventListener("change", showDraft);
  service.addEventListener("change", showBothChosen);
  aspect.addEventListener("change", showBothChosen);
  window.addEventListener("resize", showBothChosen);
  showBothChosen();
  text.addEventListener("input", updateCounter);
  updateCounter();

  /* ---- The outbox: every input is kept on this phone until the server has it ----
     An input goes into localStorage first (it survives a reload and a closed tab), then is
     sent; one at a time, in order, each with its own client_id, so a retry after a lost
     answer is recognised by the server and stored once. Sending is tried again when the
     socket reconnects, when the browser says it is online, and every few seconds. */
  var outboxKey = "fkp-outbox:" + data.code + ":" + data.participantId;
  var outboxList = document.getElementById("outbox");
  var outbox = loadOutbox();
  var inFlight = null, justSubmitted = null, sentAfterWaiting = 0;

  function loadOutbox() {
    try { return JSON.parse(localStorage.getItem(outboxKey)) || []; } catch (e) { return []; }
  }

  function saveOutbox() {
    try { localStorage.setItem(outboxKey, JSON.stringify(outbox)); }
    catch (e) { /* storage full or off: kept for as long as this page stays open */ }
  }

  function drop(clientId) {
    outbox = outbox.filter(function (e) { return e.client_id !== clientId; });
    saveOutbox();
    drawOutbox();
  }

  function drawOutbox() {
    outboxList.textContent = "";
    outbox.forEach(function (entry) {
      var li = FKP.fromTemplate("outbox-template");
      li.dataset.clientId = entry.client_id;
      li.classList.toggle("refused", !!entry.error);
      FKP.setText(li, ".aspect", pairLabel(entry.body));
      FKP.setText(li, ".text", entry.body.text);
      FKP.setText(li, ".badge", entry.error ? data.text.notSent.replace("{reason}", entry.error) : data.text.waiting);
      outboxList.append(li);
    });
    document.getElementById("outbox-section").hidden = !outbox.length;
  }

  /* Over the socket while it is connected (docs/events.md, submit_comment: the server's
     cheapest way in), else over the API; either way the answer reads as the API's. No ack
     within SEND_TIMEOUT_MS counts as no answer: the input waits and is sent again, and the
     server recognises the resend by its client_id. */
  var SEND_TIMEOUT_MS = 10000;

  function post(entry) {
    if (socket.connected && navigator.onLine !== false) {
      return new Promise(function (resolve, reject) {
        socket.timeout(SEND_TIMEOUT_MS).emit("submit_comment", entry.body, function (err, ack) {
          if (err || !ack) reject(err || new Error("no answer"));
          else if (ack.ok) resolve({ status: ack.created ? 201 : 200, json: ack.comment });
          else resolve({ status: ack.code || 400, json: { error: ack.error } });
        });
      });
    }
    return fetch(api + "/comments", { method: "POST", headers: auth, body: JSON.stringify(entry.body) })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (json) {
          return { status: response.status, json: json };
        });
      });
  }

  /* Said once: at once for what went straight through; for what waited on this phone, once
     when the last waiting input has gone, however many there were. */
  function sent(entry, json) {
    drop(entry.client_id);
    upsertMine({ id: json.id, status: json.status, text: entry.body.text, receipt: json.receipt,
                 service_id: entry.body.service_id, aspect_id: entry.body.aspect_id });
    if (entry !== justSubmitted) sentAfterWaiting += 1;
    var waiting = outbox.some(function (e) { return !e.error; });
    if (entry === justSubmitted || (!waiting && sentAfterWaiting)) {
      sendOk.textContent = entry === justSubmitted && !sentAfterWaiting ? data.text.sent : data.text.sentLater;
      sendOk.hidden = false;
      FKP.announce(sendOk, sendOk.textContent);
    }
    if (!waiting) {
      sentAfterWaiting = 0;
      sendInfo.hidden = true;
    }
  }

  function refused(entry, message) {
    if (entry === justSubmitted && !text.value) {
      // Refused at once (too long, forum paused, stopped): the text goes back in the box.
      drop(entry.client_id);
      text.value = entry.body.text;
      updateCounter();
      showError(message, false);
    } else {
      entry.error = message;  // shown on the waiting card until the attendee cancels it
      saveOutbox();
      drawOutbox();
    }
  }

  function flush() {
    var entry = outbox.filter(function (e) { return !e.error; })[0];
    if (inFlight || !entry) return;
    inFlight = entry;
    post(entry).then(function (result) {
      if (result.status === 200 || result.status === 201) sent(entry, result.json);
      else if (result.status === 429 || result.status >= 500 || (result.status === 409 && entry !== justSubmitted)) {
        throw new Error("later");  // busy, restarting, or the forum paused: keep it waiting
      } else refused(entry, result.json.error || String(result.status));
      inFlight = null;
      flush();
    }).catch(function () {
      inFlight = null;  // no answer (offline, or the server busy): it waits, and is tried again
      if (entry === justSubmitted) showInfo(data.text.savedHere);
    }).then(function () {
      if (entry === justSubmitted) justSubmitted = null;
      updateSendable();
    });
  }

  outboxList.addEventListener("click", function (event) {
    var button = event.target.closest("button.cancel");
    if (button) drop(button.closest("li").dataset.clientId);
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearError();
    sendOk.hidden = true;
    sendInfo.hidden = true;
    var length = inputLength(text.value);
    var problem = !text.value.trim() ? data.text.empty : (length > data.maxChars ? tooLong(length) : "");
    if (problem) {
      showError(problem, true);
      return;
    }
    var clientId = document.getElementById("client_id").value;
    var entry = { client_id: clientId, body: {
      service_id: Number(service.value), aspect_id: Number(aspect.value),
      kind: (form.querySelector('input[name="kind"]:checked') || {}).value,
      text: text.value, client_id: clientId } };
    outbox.push(entry);
    saveOutbox();
    drawOutbox();
    text.value = "";
    updateCounter();
    document.getElementById("client_id").value = newClientId();
    justSubmitted = entry;
    flush();
  });

  socket.on("connect", flush);
  window.addEventListener("online", flush);
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/j/sw.js").catch(function () {});
  setInterval(flush, 5000);
  drawOutbox();
  flush();

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
    if (msg.status === "open") flush();
    var box = document.getElementById("forum-status");
    FKP.setText(box, "#forum-status-label", data.forumStatusLabels[msg.status]);
    box.hidden = msg.status === "open";
    if (msg.status === "published") document.getElementById("results-link").hidden = false;
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
  ["comment_approved", "comment_hidden", "comment_edited", "comment_merged",
   "comment_unmerged"].forEach(function (name) {
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

  /* The moderator's question "Setuju dengan rancangan ini?": shown while open, with the
     attendee's own answer (changeable) and, once they answered or it closed, the counts. */
  var agreementBox = document.getElementById("agreement");
  var agreementForm = document.getElementById("agreement-form");
  var agreementError = document.getElementById("agreement-error");
  var question = data.agreement, myAnswer = data.agreementAnswer;
  function drawAgreement(q, seq, answer) {
    var kept = q && question && q.id === question.id ? myAnswer : null;  // a new question: not answered yet
    if (!FKPAgreement.show(agreementBox, q, seq)) return;
    myAnswer = answer !== undefined ? answer : kept;
    question = q;
    if (!q) return;
    agreementForm.hidden = !q.open;
    agreementForm.action = agreementBox.dataset.action + q.id;
    Array.prototype.forEach.call(agreementForm.elements.answer, function (radio) { radio.checked = radio.value === myAnswer; });
    document.getElementById("agreement-draft").textContent = data.drafts[q.service_id + ":" + q.aspect_id] || "";
    var mineLine = document.getElementById("agreement-mine");
    mineLine.hidden = !myAnswer;
    mineLine.textContent = myAnswer ? agreementBox.dataset.mineLabel.replace("{answer}", data.answerLabels[myAnswer]) : "";
    document.getElementById("agreement-change").hidden = !(myAnswer && q.open);
    document.getElementById("agreement-counts").hidden = !(myAnswer || !q.open);
  }
  FKPAgreement.paint(agreementBox);
  socket.on("agreement_opened", function (msg) {
    drawAgreement(msg.question, msg.seq);
    FKP.announce(announcer, agreementBox.querySelector(".agreement-title").textContent);
  });
  socket.on("agreement_closed", function (msg) { drawAgreement(msg.question, msg.seq); });
  socket.on("focus_changed", function (msg) {  // a closed question's result stays while its component is in focus
    if (question && !question.open && question.service_id + ":" + question.aspect_id !== msg.service_id + ":" + msg.aspect_id) {
      drawAgreement(null, msg.seq);
    }
  });
  agreementForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var picked = agreementForm.querySelector("input[name=answer]:checked");
    agreementError.hidden = true;
    if (!picked || !question) return;
    var button = document.getElementById("agreement-send");
    button.disabled = true;
    fetch(api + "/agreement/" + question.id + "/answers",
          { method: "POST", headers: auth, body: JSON.stringify({ answer: picked.value }) })
      .then(function (response) { return response.json().then(function (json) { return { ok: response.ok, json: json }; }); })
      .then(function (result) {
        if (!result.ok) throw new Error(result.json.error);
        drawAgreement(Object.assign({}, question, { counts: result.json.counts }), 0, result.json.answer);
      }).catch(function (error) {
        agreementError.textContent = error instanceof TypeError ? data.text.offline : error.message;
        agreementError.hidden = false;
      }).then(function () { button.disabled = false; });
  });

  FKP.catchUp(socket, { seq: data.seq, url: api + "/changes", headers: { "Authorization": "Bearer " + data.token },
                        nameFor: FKP.publicNameFor,
                        after: function (body) { drawAgreement(body.agreement, body.seq, body.agreement_answer || null); } });
  updateSendable();
})();
