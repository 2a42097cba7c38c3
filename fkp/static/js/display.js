/* The projector. The moderator picks what it shows (display_changed sets .screen's
   data-mode); approved input, the focus and the counts are kept current in every mode, so
   a switch is instant and never needs a reload. Attendee text only goes in via textContent. */
"use strict";
(function () {
  var data = FKP.pageData();
  var screen = document.getElementById("screen");
  var shown = document.getElementById("shown");
  var card = document.getElementById("highlight-card");
  var charts = [document.getElementById("chart-aspects"), document.getElementById("chart-groups")];
  var socket = FKP.connect({ forum: data.code, view: "display" }, null, {});

  /* ---- Charts: horizontal bars as inline SVG, drawn from the figure's table ---- */
  var SVG_NS = "http://www.w3.org/2000/svg";
  // viewBox units: each row is a label above its bar, the number right of the bar.
  var WIDTH = 1000, ROW = 150, LABEL = 50, BAR = 62, NUMBER_ROOM = 150;

  function svg(name, attrs, text) {
    var el = document.createElementNS(SVG_NS, name);
    Object.keys(attrs).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (text != null) el.textContent = String(text);
    return el;
  }

  function drawChart(figure) {
    var rows = Array.prototype.map.call(figure.querySelectorAll(".chart-data tr"), function (tr) {
      var td = tr.querySelector("td");
      return { key: td.dataset.countAspect || td.dataset.countGroup,
               label: tr.querySelector("th").textContent, value: Number(td.textContent) || 0 };
    });
    var max = Math.max.apply(null, [1].concat(rows.map(function (r) { return r.value; })));
    var chart = svg("svg", { viewBox: "0 0 " + WIDTH + " " + rows.length * ROW,
                             preserveAspectRatio: "xMinYMin meet", "aria-hidden": "true" });
    rows.forEach(function (r, i) {
      var y = i * ROW + LABEL + 14;
      // a zero still gets a sliver, so every row visibly has a bar
      var w = Math.max(6, Math.round((WIDTH - NUMBER_ROOM) * r.value / max));
      var g = svg("g", { "data-key": r.key });
      g.append(svg("text", { x: 0, y: i * ROW + LABEL, "class": "bar-label" }, r.label),
               svg("rect", { x: 0, y: y, width: w, height: BAR, rx: 6, "class": "bar" }),
               svg("text", { x: w + 18, y: y + BAR - 12, "class": "bar-value" }, r.value));
      chart.append(g);
    });
    var old = figure.querySelector("svg");
    if (old) old.replaceWith(chart); else figure.append(chart);
    figure.classList.add("drawn");  // the table becomes screen-reader only
  }

  function setCount(attr, key, n) {
    document.querySelectorAll("[" + attr + '="' + key + '"]').forEach(function (el) { el.textContent = n; });
  }

  function countAspect(aspectId, delta) {
    var cell = document.querySelector('#chart-aspects [data-count-aspect="' + aspectId + '"]');
    if (!cell) return;
    setCount("data-count-aspect", aspectId, Math.max(0, Number(cell.textContent) + delta));
    drawChart(charts[0]);
  }

  /* ---- Highlight: one input, the largest type that fits ---- */
  function showHighlight(c) {
    card.dataset.id = c.id;
    FKP.setText(card, ".kind", data.kindLabels[c.kind]);
    FKP.setText(card, ".text", c.text);
    var who = card.querySelector(".who");  // named only with consent: else "Peserta"
    who.textContent = (c.participant_named ? [c.participant_name, c.participant_institution] : [who.dataset.anonymous])
      .concat([data.groupLabels[c.participant_group]]).filter(Boolean).join(" · ");
  }

  function fitHighlight() {
    // Start from the stylesheet's size and shrink until the input fits on the screen, but never
    // below the display's smallest text (1.7vw, 32 px at 1080p; 1,000 characters fit at that).
    var text = card.querySelector(".text");
    text.style.fontSize = "";
    var size = parseFloat(getComputedStyle(text).fontSize), smallest = 0.017 * window.innerWidth;
    while (card.scrollHeight > card.clientHeight + 1 && size > smallest) {
      size = Math.max(size * 0.92, smallest);
      text.style.fontSize = size + "px";
    }
  }

  /* ---- The feed: the focused service × aspect first, then the others under their label.
     A card the screen has no room for is left out whole, never cut through a line of text or
     hidden behind the counts; the layout is measured again after every focus, mode, input or
     size change, at most once a frame, from the element boxes (one read pass, one write). ---- */
  var othersLabel = document.getElementById("others-label");
  var head = document.querySelector(".stage-head");
  var draft = document.getElementById("focus-draft");
  var counts = document.getElementById("aspect-counts");
  var HEAD_SHARE = 0.35;  // the focus and its draft take at most this much of the screen's height

  function focusKey() { return data.focus.service_id + ":" + data.focus.aspect_id; }

  function arrangeFeed() {  // stable: each part keeps the order pinned/newest/support gave it
    var focused = [], others = [];
    Array.prototype.forEach.call(shown.querySelectorAll("li[data-id]"), function (li) {
      var mine = data.focus.service_id != null && li.dataset.service + ":" + li.dataset.aspect === focusKey();
      li.classList.toggle("in-focus", mine);
      (mine ? focused : others).push(li);
    });
    // The page holds the first few dozen of each part (the screen shows about a dozen): cards
    // pushed past that by new ones leave, so a long forum does not grow the page.
    focused.slice(data.feedCards).concat(others.slice(data.feedCards)).forEach(function (li) { li.remove(); });
    focused = focused.slice(0, data.feedCards);
    others = others.slice(0, data.feedCards);
    shown.append.apply(shown, focused.concat([othersLabel], others));
    // the label also when nothing is on the topic yet: the hall must not read the others as on it
    othersLabel.hidden = !(data.focus.service_id != null && others.length);
  }

  /* After a focus change the page may not hold the new topic's inputs (only the first few
     dozen of each part came with it): the server says which cards the feed has now, in order. */
  function loadFeed() {
    fetch("/d/" + encodeURIComponent(data.code) + "/feed", { cache: "no-store" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (body) {
        var cards = body.focused.concat(body.others).map(function (c) {
          return shown.querySelector('li[data-id="' + c.id + '"]') || FKP.shownCard(data, c);
        });
        Array.prototype.forEach.call(shown.querySelectorAll("li[data-id]"), function (li) {
          if (cards.indexOf(li) < 0) li.remove();
        });
        shown.append.apply(shown, cards);
        arrangeFeed();
        fitFeed();
      })
      .catch(function () { /* the cards it has stay; the next focus change asks again */ });
  }

  function fitDraft() {
    // Shrink a long draft down to the smallest readable size, then cut it with "…", so the
    // header never takes more than HEAD_SHARE of the height.
    draft.style.fontSize = "";
    draft.style.webkitLineClamp = "none";
    var limit = HEAD_SHARE * window.innerHeight;
    var size = parseFloat(getComputedStyle(draft).fontSize), smallest = 0.017 * window.innerWidth;
    while (head.scrollHeight > limit && size > smallest) {
      size = Math.max(size * 0.9, smallest);
      draft.style.fontSize = size + "px";
    }
    var over = head.scrollHeight - limit;
    if (over > 0) {
      var line = parseFloat(getComputedStyle(draft).lineHeight);
      draft.style.webkitLineClamp = String(Math.max(1, Math.floor((draft.clientHeight - over) / line)));
    }
  }

  var fitted = 0;  // how many items the last layout showed: the next one tries a few more

  function fitNow() {
    fitPending = 0;
    if (!shown.clientHeight) return;  // another mode is on screen: fitted when the feed comes back
    fitDraft();
    // Lay out only the first few items (hundreds of inputs must not all be laid out to show six):
    // if every one of them fits, try twice as many.
    var items = Array.prototype.slice.call(shown.children), tried = Math.max(fitted + 8, 16), k;
    for (;;) {
      items.forEach(function (li, i) { li.classList.toggle("no-room", i >= tried); });
      var bottom = Math.min(shown.getBoundingClientRect().bottom, counts.getBoundingClientRect().top);
      k = -1;
      for (var i = 0; i < Math.min(tried, items.length) && k < 0; i++) {
        if (!items[i].hidden && items[i].getBoundingClientRect().bottom > bottom + 0.5) k = i;
      }
      if (k >= 0 || tried >= items.length) break;
      tried *= 2;
    }
    if (k < 0) k = items.length;
    items.forEach(function (li, i) { li.classList.toggle("no-room", i >= k); });
    var last = k - 1;
    while (last >= 0 && items[last].hidden) last--;
    if (items[last] === othersLabel) othersLabel.classList.add("no-room");  // a label over nothing
    fitted = k;
    shown.dataset.fitted = focusKey() + "/" + screen.dataset.mode;  // for tests: the layout is done
  }

  var fitPending = 0;
  function fitFeed() {
    delete shown.dataset.fitted;
    if (!fitPending) fitPending = window.requestAnimationFrame(fitNow);
  }


  /* ---- Word cloud: the server counts (approved input only, restricted words never), the page
     draws. The words are a list in rank order (screen readers read it so, each with its count);
     CSS `order` puts the most used in the middle. Sizes follow the weights; the whole cloud
     shrinks until every word's box lies inside the list's box, and only when the least used
     words would fall below the display's smallest text do they leave, least used first.
     New data is asked for only after a change the cloud depends on (an input shown, hidden,
     corrected or merged, the focus moved), only while the cloud is on screen, and at most once
     every CLOUD_GAP ms, so a busy hall costs one request every few seconds at most. ---- */
  var cloudList = document.getElementById("cloud-words");
  var CLOUD_GAP = 2500, CLOUD_RETRY = 15000;
  var LEAST = 0.4;  // the least used word's size against the most used one's
  var cloudSeq = data.cloud.seq, wantedSeq = data.cloud.seq;
  var cloudTimer = 0, cloudLoading = false, nextLoad = 0, cloudPending = 0;

  function drawCloud(cloud) {
    document.getElementById("cloud-title").textContent = cloud.title;
    var note = document.getElementById("cloud-note");
    note.textContent = cloud.note;
    note.hidden = !cloud.note;
    document.getElementById("cloud-empty").hidden = cloud.words.length > 0;
    var items = cloud.words.map(function (w, i) {
      var li = document.createElement("li"), word = document.createElement("span"),
          count = document.createElement("span");
      // tones by pairs of ranks, so each tone falls on both sides of the middle; the five most
      // used are marked for high contrast (yellow there, the rest white)
      li.className = "tone-" + (Math.floor(i / 2) % 4) + (i < 5 ? " most-used" : "");
      li.dataset.weight = w.weight;
      li.style.order = i % 2 ? -i : i;  // … 3 1 0 2 4 …: the most used in the middle
      word.className = "word";
      word.textContent = w.word;
      count.className = "sr-only";
      count.textContent = " (" + w.label + ")";
      li.append(word, count);
      return li;
    });
    cloudList.replaceChildren.apply(cloudList, items);
    fitCloud();
  }

  function fitCloudNow() {
    cloudPending = 0;
    if (!cloudList.clientHeight) return;  // another mode is on screen: fitted when the cloud comes back
    var items = Array.prototype.slice.call(cloudList.children), room = items.length;
    var size = 0.1 * window.innerWidth, smallest = 0.017 * window.innerWidth;
    function place() {
      items.forEach(function (li, i) {
        li.style.fontSize = (size * (LEAST + (1 - LEAST) * Number(li.dataset.weight))).toFixed(1) + "px";
        li.classList.toggle("no-room", i >= room);
      });
    }
    function fits() {  // one read pass over the boxes
      var box = cloudList.getBoundingClientRect();
      return items.slice(0, room).every(function (li) {
        var r = li.getBoundingClientRect();
        return r.left >= box.left - 0.5 && r.right <= box.right + 0.5 &&
               r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;
      });
    }
    for (place(); !fits(); place()) {
      if (size * LEAST > smallest) size = Math.max(size * 0.92, smallest / LEAST);
      else if (room > 1) room--;
      else break;
    }
    cloudList.dataset.fitted = cloudSeq + "/" + room;  // for tests: the layout is done
  }

  function fitCloud() {
    delete cloudList.dataset.fitted;
    if (!cloudPending) cloudPending = window.requestAnimationFrame(fitCloudNow);
  }

  function loadCloud() {
    cloudTimer = 0;
    cloudLoading = true;
    nextLoad = Date.now() + CLOUD_GAP;
    fetch("/d/" + encodeURIComponent(data.code) + "/cloud", { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (cloud) {
        if (cloud.seq < cloudSeq) return;  // an older answer overtaken by a newer one
        cloudSeq = cloud.seq;
        drawCloud(cloud);
      })
      .catch(function () { nextLoad = Date.now() + CLOUD_RETRY; })  // the server is away: later
      .then(function () { cloudLoading = false; if (wantedSeq > cloudSeq) askCloud(); });
  }

  function askCloud() {
    if (screen.dataset.mode !== "cloud" || cloudTimer || cloudLoading) return;
    cloudTimer = window.setTimeout(loadCloud, Math.max(0, nextLoad - Date.now()));
  }

  function cloudChanged(msg) {  // a change the cloud depends on; replays of older ones are not
    if (msg && msg.seq > wantedSeq) wantedSeq = msg.seq;
    if (wantedSeq > cloudSeq) askCloud();
  }

  function setMode(mode) {
    screen.dataset.mode = mode;
    document.getElementById("mode-label").textContent = data.modeLabels[mode] || mode;
    if (mode === "highlight") fitHighlight();
    if (mode === "feed") fitFeed();
    if (mode === "cloud") { fitCloud(); cloudChanged(null); }
  }

  /* ---- The feed: approved input only; counts follow every change ---- */
  function dropInput(c) {
    var old = shown.querySelector('[data-id="' + c.id + '"]');
    if (old) { old.remove(); countAspect(old.dataset.aspect, -1); arrangeFeed(); fitFeed(); }
    // A hidden input must leave the screen at once, highlighted or not (as on reload).
    if (screen.dataset.mode === "highlight" && card.dataset.id === String(c.id)) setMode("feed");
  }

  function showInput(c) {  // new, changed, pinned or unpinned
    if (c.status !== "approved") { dropInput(c); return; }
    var old = shown.querySelector('[data-id="' + c.id + '"]');
    var fresh = FKP.shownCard(data, c);
    if (old && old.dataset.aspect !== String(c.aspect_id)) countAspect(old.dataset.aspect, -1);
    if (!old || old.dataset.aspect !== String(c.aspect_id)) countAspect(c.aspect_id, 1);
    FKP.placeShown(shown, fresh);  // a correction keeps its place (common.js)
    arrangeFeed();
    fitFeed();
    if (card.dataset.id === String(c.id)) {
      showHighlight(c);
      if (screen.dataset.mode === "highlight") fitHighlight();
    }
  }

  /* ---- Live events ---- */
  socket.on("display_changed", function (msg) {
    if (msg.sort && msg.sort !== shown.dataset.sort) { FKP.sortShown(shown, msg.sort); arrangeFeed(); fitFeed(); }
    // Highlight always comes with its input; without one the feed is the safe fallback.
    if (msg.mode === "highlight" && !msg.comment) { setMode("feed"); return; }
    if (msg.mode === "highlight") showHighlight(msg.comment);
    setMode(msg.mode);
  });
  ["comment_approved", "comment_edited", "comment_pinned", "comment_unpinned",
   "comment_supported"].forEach(function (name) {
    socket.on(name, function (msg) { showInput(msg.comment); });
  });
  socket.on("comment_hidden", function (msg) { dropInput(msg.comment); });
  ["comment_approved", "comment_edited", "comment_hidden", "comment_merged", "focus_changed"
  ].forEach(function (name) { socket.on(name, cloudChanged); });
  socket.on("comment_merged", function (msg) {  // the duplicate goes, the kept one is credited
    dropInput(msg.comment);
    if (msg.into) showInput(msg.into);
  });
  socket.on("comment_unmerged", function (msg) {  // back on its own: shown again if it was
    showInput(msg.comment);
    if (msg.into) showInput(msg.into);
  });
  socket.on("forum_status_changed", function (msg) {
    var state = document.getElementById("forum-state");
    document.getElementById("forum-state-label").textContent = data.forumStatusLabels[msg.status];
    state.hidden = msg.status === "open";
  });
  socket.on("focus_changed", function (msg) {
    var s = FKP.byId(data.services, msg.service_id), a = FKP.byId(data.aspects, msg.aspect_id);
    document.getElementById("focus-title").textContent = s ? s.name : "";
    document.getElementById("focus-aspect").textContent = a ? a.label : "";
    draft.textContent = data.drafts[msg.service_id + ":" + msg.aspect_id] || "";
    data.focus = { service_id: msg.service_id, aspect_id: msg.aspect_id };
    screen.dataset.focus = focusKey();
    // A closed question's result stays only while the focus is on its component.
    if (agreementPanel.dataset.state === "closed" && agreementPanel.dataset.pair !== focusKey()) {
      FKPAgreement.show(agreementPanel, null, msg.seq);
    }
    arrangeFeed();
    fitFeed();
    loadFeed();
  });
  socket.on("participant_joined", function (msg) {
    Object.keys(msg.group_counts || {}).forEach(function (group) {
      setCount("data-count-group", group, msg.group_counts[group]);
    });
    drawChart(charts[1]);
  });
  var agreementPanel = document.getElementById("agreement");
  FKPAgreement.follow(socket, agreementPanel);
  FKPAgreement.paint(agreementPanel);

  /* ---- A review forum's promises: the rows the server chose (open ones first), the rest
     counted, never scrolled; status in words beside its colour ---- */
  var promisesPanel = document.getElementById("promises");
  function showPromises(p) {
    promisesPanel.hidden = !p;
    if (!p) return;
    document.getElementById("promises-forum").textContent =
      p.forum.title + (p.forum.date ? " · " + p.forum.date : "");
    var body = document.getElementById("promises-rows");
    body.replaceChildren();
    p.items.forEach(function (item) {
      var tr = document.createElement("tr");
      tr.dataset.status = item.status;
      [item.service, item.promise, item.target || "—"].forEach(function (text) {
        var td = document.createElement("td"), cell = document.createElement("div");  // two lines at most
        cell.textContent = text;
        td.append(cell);
        tr.append(td);
      });
      var status = document.createElement("td"), badge = document.createElement("span");
      badge.className = "promise-status";
      badge.textContent = data.followupLabels[item.status] || item.status;
      status.append(badge);
      tr.append(status);
      body.append(tr);
    });
    document.getElementById("promises-empty").hidden = p.items.length > 0;
    var more = document.getElementById("promises-more");
    more.hidden = !p.more;
    more.textContent = p.more ? data.promisesMore.replace("{n}", String(p.more)) : "";
  }
  showPromises(data.promises);
  socket.on("promises_changed", function (msg) { showPromises(msg.promises); });

  // What was missed while the socket was away comes through the same handlers.
  FKP.catchUp(socket, { seq: data.seq, url: "/api/v1/forums/" + encodeURIComponent(data.code) + "/changes",
                        nameFor: FKP.publicNameFor,
                        after: function (body) {
                          FKPAgreement.show(agreementPanel, body.agreement, body.seq);
                          showPromises(body.promises);
                        } });

  /* High contrast, chosen on this projector's browser: ?contrast=high (the server already drew
     the page so) is remembered for this display; ?contrast=normal forgets it. */
  var contrastKey = "fkp-display-contrast";
  var asked = new URLSearchParams(location.search).get("contrast");
  try {
    if (asked === "high") localStorage.setItem(contrastKey, "high");
    else if (asked === "normal") localStorage.removeItem(contrastKey);
    else if (localStorage.getItem(contrastKey) === "high") document.body.classList.add("contrast-high");
  } catch (e) { /* storage off: the URL still works */ }

  charts.forEach(drawChart);
  drawCloud(data.cloud);
  if (screen.dataset.mode === "highlight") fitHighlight();
  arrangeFeed();
  fitFeed();
  if (document.fonts) document.fonts.ready.then(function () { fitFeed(); fitCloud(); });  // a late font changes every size
  window.addEventListener("resize", function () {
    if (screen.dataset.mode === "highlight") fitHighlight();
    fitFeed();
    fitCloud();
  });
})();
