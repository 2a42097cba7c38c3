/* Similar input in the moderator console (the groups of fkp/inputs/groups.py):
   - each card says how many inputs say the same thing ("3 serupa"), linking to them;
   - a card's merge form lists those inputs to choose from, instead of a number to type;
   - the side panel lists the largest groups of the service × aspect in view (the filter's, or
     else the focus) with one button that merges a whole group into its representative.
   Everything here is read after the list is live, and again after changes, a little later. */
"use strict";
(function () {
  var page = FKP.moderatorConsole;
  if (!page) return;
  var data = page.data, socket = page.socket, list = page.list;
  var box = document.getElementById("similar-groups"), groupList = document.getElementById("similar-list");

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    });
  }

  function later(fn, ms) {  // one call after a burst of changes
    var timer = null;
    return function () { clearTimeout(timer); timer = setTimeout(fn, ms); };
  }

  /* ---- "N serupa" on each card ---- */
  var asked = {};
  function askCounts() {
    var ids = Object.keys(asked);
    asked = {};
    if (!ids.length) return;
    getJSON(data.similarCountsUrl + "?ids=" + ids.join(",")).then(function (body) {
      ids.forEach(function (id) {
        var li = list.querySelector('[data-id="' + id + '"]');
        if (li) badge(li, body.counts[id]);
      });
    }).catch(function () { /* the badges are a help; the next change asks again */ });
  }
  var askSoon = later(askCounts, 700);
  function badge(li, info) {
    var link = li.querySelector(".similar-link");
    link.hidden = !info;
    if (!info) return;
    link.textContent = data.text.similarCount.replace("{n}", info.size - 1);
    link.href = data.actionBase + "?similar=" + info.group + "#inputs-title";
  }
  function askAbout(li) { if (li.dataset.id) { asked[li.dataset.id] = true; askSoon(); } }
  list.addEventListener("fkp:rendered", function (event) { askAbout(event.target); });

  /* ---- The merge form lists the similar inputs ---- */
  function loadChoices(li) {
    var form = li.querySelector(".merge-form"), choices = form.querySelector(".merge-choices");
    getJSON(data.actionBase + "/comments/" + li.dataset.id + "/similar").then(function (body) {
      choices.querySelectorAll("label").forEach(function (label) { label.remove(); });
      body.members.forEach(function (m, index) {
        var label = document.createElement("label"), radio = document.createElement("input");
        var text = document.createElement("span");
        label.className = "choice";
        radio.type = "radio";
        radio.name = "into_id";
        radio.value = m.id;
        radio.checked = index === 0;
        text.textContent = "#" + m.id + " · " + (data.statusLabels[m.status] || m.status) + " · " + m.text +
          " — " + (m.participant_name || "");
        label.append(radio, " ", text);
        choices.appendChild(label);
      });
      choices.hidden = !body.members.length;
      form.querySelector(".merge-none").hidden = body.members.length > 0;
      form.querySelector(".merge-page").hidden = true;  // listed here: no page needed
      var first = choices.querySelector("input");
      if (first && li.contains(document.activeElement) && document.activeElement.closest(".merge-form")) first.focus();
    }).catch(function () { /* the page link and the number stay */ });
  }
  // details' toggle does not bubble: listen in the capture phase
  list.addEventListener("toggle", function (event) {
    var details = event.target;
    if (details.matches && details.matches("details.more") && details.open) loadChoices(details.closest("li"));
  }, true);

  /* ---- The groups of the service × aspect in view ---- */
  function cellName(serviceId, aspectId) {
    var s = FKP.byId(data.services, serviceId), a = FKP.byId(data.aspects, aspectId);
    return s && a ? s.name + " — " + a.label : "";
  }
  function renderGroup(g) {
    var li = FKP.fromTemplate("group-template"), rep = g.representative.input_id;
    li.dataset.group = g.id;
    FKP.setText(li, ".size", data.text.groupSize.replace("{n}", g.size));
    FKP.setText(li, ".rep", "“" + g.representative.text + "”");
    li.querySelector("a.view").href = data.actionBase + "?similar=" + g.id + "#inputs-title";
    var form = li.querySelector("form.merge-group");
    form.elements.into_id.value = rep;
    g.members.filter(function (m) { return m !== rep; }).forEach(function (m) {
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = "ids";
      hidden.value = m;
      form.appendChild(hidden);
    });
    FKP.setText(li, ".merge-group-button", data.text.mergeAll.replace("{id}", rep));
    return li;
  }
  function loadGroups() {
    var service = Number(box.dataset.service), aspect = Number(box.dataset.aspect);
    document.getElementById("similar-hint").hidden = !!(service && aspect);
    FKP.setText(box, ".cell-name", cellName(service, aspect));
    if (!service || !aspect) { groupList.textContent = ""; return; }
    getJSON(box.dataset.url + "?service_id=" + service + "&aspect_id=" + aspect).then(function (body) {
      groupList.textContent = "";
      body.groups.slice(0, 12).forEach(function (g) { groupList.appendChild(renderGroup(g)); });
      document.getElementById("similar-empty").hidden = body.groups.length > 0;
      box.dataset.loaded = "true";
    }).catch(function () { /* kept as it was; the next change asks again */ });
  }
  var groupsSoon = later(loadGroups, 1500);

  groupList.addEventListener("submit", function (event) {
    var form = event.target.closest("form.merge-group");
    if (!form || !socket.connected) return;  // the plain post merges the group too
    event.preventDefault();
    var ids = Array.prototype.map.call(form.querySelectorAll("input[name=ids]"), function (i) { return Number(i.value); });
    var into = Number(form.elements.into_id.value);
    socket.emit("merge_comments", { into_id: into, ids: ids }, function (ack) {
      if (ack && ack.error) { page.status.textContent = ack.error; return; }
      page.announce(data.text.merged.replace("{n}", ids.length).replace("{id}", into));
      loadGroups();
    });
  });

  function touches(c) {
    return c && String(c.service_id) === box.dataset.service && String(c.aspect_id) === box.dataset.aspect;
  }
  ["comment_submitted", "comment_edited", "comment_merged", "comment_unmerged"].forEach(function (name) {
    socket.on(name, function (msg) {
      if (touches(msg.comment) || touches(msg.into)) groupsSoon();
      if (msg.comment && name !== "comment_submitted") {  // a merge or correction moves the counts of others
        Array.prototype.forEach.call(list.children, function (li) { asked[li.dataset.id] = true; });
        askSoon();
      }
    });
  });
  socket.on("focus_changed", function (msg) {
    if (data.filteredCell) return;  // the filter chose the cell
    box.dataset.service = msg.service_id || "";
    box.dataset.aspect = msg.aspect_id || "";
    loadGroups();
  });

  // Once the list is live: the cards' counts, and the focus's groups if the page has none.
  var started = false;
  socket.on("connect", function () {
    if (started) return;
    started = true;
    Array.prototype.forEach.call(list.children, askAbout);
    if (box.dataset.loaded !== "true") loadGroups();
  });
})();
