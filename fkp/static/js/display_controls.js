/* The moderator's controls for the projector. The mode buttons and each input's "Highlight
   on screen" button send set_display over the socket when it is up, and stay plain form
   posts otherwise; the current mode is marked from display_changed, whoever changed it. */
"use strict";
(function () {
  var root = document.getElementById("display-controls");
  if (!root) return;
  var labels = JSON.parse(document.getElementById("display-controls-data").textContent).modeLabels;
  var errorLine = document.getElementById("display-error");
  var displayUrl = root.querySelector("form[data-display-mode]").action;
  // The console's own connection (moderator.js shares it); one socket per page.
  var socket = FKP.moderatorSocket;

  function send(payload) {
    errorLine.textContent = "";
    socket.emit("set_display", payload, function (ack) {
      if (ack && ack.error) errorLine.textContent = ack.error;
    });
  }

  function excerpt(text) {  // as the template's truncate(80, True, "…", 0)
    return text.length > 80 ? text.slice(0, 79) + "…" : text;
  }

  function mark(mode, comment) {
    root.querySelectorAll("form[data-display-mode] button").forEach(function (b) {
      var on = b.form.dataset.displayMode === mode;
      b.setAttribute("aria-pressed", on ? "true" : "false");
      b.classList.toggle("primary", on);
    });
    document.getElementById("display-now").textContent = labels[mode] || mode;
    var text = mode === "highlight" && comment ? comment.text : "";
    document.getElementById("display-now-input").textContent = text ? "“" + excerpt(text) + "”" : "";
  }

  root.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-display-mode]");
    if (!form || !socket.connected) return;  // offline: the plain post goes through
    event.preventDefault();
    send({ mode: form.dataset.displayMode });
  });

  // Capture phase on the document, so this runs before moderator.js's submit handler on the
  // input list, which has no "highlight" command; that handler must not see this submit.
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-action=highlight]");
    if (!form) return;
    event.stopPropagation();
    var id = form.closest("li").dataset.id;
    if (!socket.connected) {
      // Whatever re-rendered this card (cards built from the template start without an
      // id), the plain post must go to the display route with this card's input.
      form.action = displayUrl;
      form.elements.comment_id.value = id;
      return;
    }
    event.preventDefault();
    send({ mode: "highlight", comment_id: Number(id) });
  }, true);

  socket.on("display_changed", function (msg) {
    mark(msg.mode, msg.comment);
    root.querySelectorAll("form[data-display-sort] button").forEach(function (b) {
      var on = b.form.dataset.displaySort === msg.sort;
      b.setAttribute("aria-pressed", on ? "true" : "false");
      b.classList.toggle("primary", on);
    });
  });
  root.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-display-sort]");
    if (!form || !socket.connected) return;  // offline: the plain post goes through
    event.preventDefault();
    socket.emit("sort_display", { sort: form.dataset.displaySort }, function (ack) {
      if (ack && ack.error) document.getElementById("display-error").textContent = ack.error;
    });
  });
  // A review forum's "Janji forum sebelumnya" on the projector: one button shown at a time.
  root.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-promises]");
    if (!form || !socket.connected) return;  // offline: the plain post goes through
    event.preventDefault();
    errorLine.textContent = "";
    socket.emit(form.dataset.promises + "_promises", {}, function (ack) {
      if (ack && ack.error) errorLine.textContent = ack.error;
    });
  });
  function markPromises(shown) {
    var show = root.querySelector("form[data-promises=show]"), hide = root.querySelector("form[data-promises=hide]");
    if (!show || !hide) return;
    show.hidden = shown;
    hide.hidden = !shown;
  }
  socket.on("promises_changed", function (msg) { markPromises(msg.shown); });
  if (FKP.moderatorConsole) {  // moderator.js's catch-up after the socket was away
    FKP.moderatorConsole.promises = function (body) { markPromises(!!body.promises); };
  }
  // .live says the buttons now act over the socket (tests wait for it before clicking).
  if (socket.connected) root.classList.add("live");
  socket.on("connect", function () { root.classList.add("live"); });
  socket.on("disconnect", function () { root.classList.remove("live"); });
})();
