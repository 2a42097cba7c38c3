/* The projector: approved input arrives live (pinned first); the focus follows the moderator. */
"use strict";
(function () {
  var data = FKP.pageData();
  var shown = document.getElementById("shown");
  var socket = FKP.connect({ forum: data.code, view: "display" }, null, {});

  function count(aspectId, delta) {
    var b = document.querySelector('#aspect-counts [data-aspect="' + aspectId + '"] b');
    if (b) b.textContent = Math.max(0, Number(b.textContent) + delta);
  }

  socket.on("comment_approved", function (msg) {
    var existed = shown.querySelector('[data-id="' + msg.comment.id + '"]');
    FKP.placeShown(shown, FKP.shownCard(data, msg.comment));
    if (!existed) count(msg.comment.aspect_id, 1);
  });
  socket.on("comment_hidden", function (msg) {
    var old = shown.querySelector('[data-id="' + msg.comment.id + '"]');
    if (old) { old.remove(); count(msg.comment.aspect_id, -1); }
  });
  ["comment_pinned", "comment_unpinned"].forEach(function (name) {
    socket.on(name, function (msg) {
      if (msg.comment.status === "approved") FKP.placeShown(shown, FKP.shownCard(data, msg.comment));
    });
  });
  socket.on("focus_changed", function (msg) {
    var s = FKP.byId(data.services, msg.service_id), a = FKP.byId(data.aspects, msg.aspect_id);
    document.getElementById("focus-title").textContent = s ? s.name : "";
    document.getElementById("focus-aspect").textContent = a ? a.label : "";
    document.getElementById("focus-draft").textContent = data.drafts[msg.service_id + ":" + msg.aspect_id] || "";
  });
})();
