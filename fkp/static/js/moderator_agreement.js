/* The console's "ask the hall" panel: open and close the agreement question over the socket
   when it is up (the forms post otherwise), and follow the counts as answers come in. */
"use strict";
(function () {
  var root = document.getElementById("agreement-panel");
  if (!root) return;
  var current = document.getElementById("agreement-current");
  var errorLine = document.getElementById("agreement-error");
  var socket = FKP.moderatorSocket;

  function buttons(q) {
    var open = !!(q && q.open);
    root.querySelector("form[data-agreement=open]").hidden = open;
    root.querySelector("form[data-agreement=close]").hidden = !open;
  }

  FKPAgreement.paint(current);
  FKPAgreement.follow(socket, current, function (q) { buttons(q); });
  root.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-agreement]");
    if (!form || !socket.connected) return;  // offline: the plain post goes through
    event.preventDefault();
    errorLine.textContent = "";
    socket.emit(form.dataset.agreement + "_agreement", {}, function (ack) {
      if (ack && ack.error) errorLine.textContent = ack.error;
    });
  });
  socket.on("focus_changed", function (msg) {  // a closed result is kept only for its component
    if (current.dataset.state === "closed" && current.dataset.pair !== msg.service_id + ":" + msg.aspect_id) {
      FKPAgreement.show(current, null, msg.seq);
    }
  });
  FKP.moderatorConsole.agreement = function (body) {  // moderator.js's catch-up
    if (FKPAgreement.show(current, body.agreement, body.seq)) buttons(body.agreement);
  };
  if (socket.connected) root.classList.add("live");
  socket.on("connect", function () { root.classList.add("live"); });
  socket.on("disconnect", function () { root.classList.remove("live"); });
})();
