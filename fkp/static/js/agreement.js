/* The hall's answer to "Setuju dengan rancangan ini?" on any page that shows it (console,
   projector, phone): one panel, .agreement, written from a question {id, open, service_name,
   aspect_label, counts: {agree, agree_with_changes, disagree, total}}. Text goes in with
   textContent only; a bar's width is its share, and the number and percentage are written
   beside it, so no one has to read a colour. */
var FKPAgreement = (function () {
  function counts(root, c) {
    var total = c.total || 0;
    Array.prototype.forEach.call(root.querySelectorAll("[data-answer]"), function (li) {
      var n = c[li.dataset.answer] || 0, pct = total ? Math.round(n * 100 / total) : 0;
      li.querySelector(".agreement-n").textContent = n;
      li.querySelector(".agreement-pct").textContent = "(" + pct + "%)";
      li.querySelector(".agreement-fill").style.width = pct + "%";
    });
    root.querySelector(".agreement-total-n").textContent = total;
  }

  /* Show question q in root (null: hide the panel). A state older than one already shown
     (a replayed catch-up after a live event) is skipped. Returns whether it was shown. */
  function show(root, q, seq) {
    if (seq && Number(root.dataset.seq || 0) > seq) return false;
    if (seq) root.dataset.seq = seq;
    root.hidden = !q;
    root.dataset.state = q ? (q.open ? "open" : "closed") : "none";
    root.dataset.question = q ? q.id : "";
    root.dataset.pair = q ? q.service_id + ":" + q.aspect_id : "";
    if (!q) return true;
    var title = root.querySelector(".agreement-title");
    if (title) title.textContent = root.dataset.title.replace("{aspect}", q.aspect_label).replace("{service}", q.service_name);
    var state = root.querySelector(".agreement-state");
    if (state) state.textContent = q.open ? root.dataset.openLabel : root.dataset.closedLabel;
    counts(root, q.counts);
    return true;
  }

  /* The bars of a panel the server wrote: their widths from the numbers it holds. */
  function paint(root) {
    var c = { total: Number(root.querySelector(".agreement-total-n").textContent) || 0 };
    Array.prototype.forEach.call(root.querySelectorAll("[data-answer]"), function (li) {
      c[li.dataset.answer] = Number(li.querySelector(".agreement-n").textContent) || 0;
    });
    counts(root, c);
  }

  /* Follow the events on a socket; onShow(q) after each (the page adds its own part). */
  function follow(socket, root, onShow) {
    ["agreement_opened", "agreement_answered", "agreement_closed"].forEach(function (name) {
      socket.on(name, function (msg) {
        if (show(root, msg.question, msg.seq) && onShow) onShow(msg.question, name);
      });
    });
  }

  return { show: show, paint: paint, follow: follow, counts: counts };
})();
