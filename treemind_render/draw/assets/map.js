(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var view = document.getElementById("tm-view");
  var outline = document.getElementById("tm-outline");
  var search = document.getElementById("tm-search");
  var count = document.getElementById("tm-count");
  var status = document.getElementById("tm-status");
  var doc = JSON.parse(document.getElementById("tm-data").textContent);
  var state = { folded: doc.start.slice(), k: 1, x: 0, y: 0, hits: [], hit: -1 };
  var svg = view.querySelector("svg");
  var box = null; // the frame's viewBox: [x, y, w, h]
  var fetching = null;

  function byId(id) { return doc.nodes[id]; }
  function key(list) { return list.slice().sort().join(","); }
  function norm(s) { return (s || "").normalize("NFKC").toLowerCase(); }
  function say(text, error) {
    status.textContent = text;
    status.hidden = !text;
    status.classList.toggle("tm-error", !!error);
  }

  /* ---- zoom and pan: the view is the viewBox, k user units per CSS pixel ---- */
  function size() { return [view.clientWidth || 1, view.clientHeight || 1]; }
  function apply() {
    var s = size();
    svg.setAttribute("viewBox", [state.x, state.y, s[0] * state.k, s[1] * state.k].join(" "));
  }
  function fit() {
    var s = size();
    state.k = Math.max(box[2] / s[0], box[3] / s[1]) * 1.02;
    state.x = box[0] + box[2] / 2 - s[0] * state.k / 2;
    state.y = box[1] + box[3] / 2 - s[1] * state.k / 2;
    apply();
  }
  function actual() { zoomAt(state.k / 0.75, size()[0] / 2, size()[1] / 2); } // 1 pt = 4/3 px
  function zoomAt(factor, px, py) {
    var k = Math.min(Math.max(state.k / factor, 0.02), 50);
    state.x += px * (state.k - k);
    state.y += py * (state.k - k);
    state.k = k;
    apply();
  }
  function panBy(dx, dy) { state.x -= dx * state.k; state.y -= dy * state.k; apply(); }
  function centreOn(g) {
    var r = g.getBoundingClientRect(), v = view.getBoundingClientRect();
    panBy(v.left + v.width / 2 - (r.left + r.width / 2), v.top + v.height / 2 - (r.top + r.height / 2));
  }
  view.addEventListener("wheel", function (e) {
    e.preventDefault();
    var r = view.getBoundingClientRect();
    zoomAt(Math.exp(-e.deltaY * (e.deltaMode ? 0.05 : 0.002)), e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });
  var pointers = {}, moved = false;
  view.addEventListener("pointerdown", function (e) {
    pointers[e.pointerId] = [e.clientX, e.clientY];
    moved = false;
  });
  view.addEventListener("pointermove", function (e) {
    var last = pointers[e.pointerId];
    if (!last) { return; }
    var ids = Object.keys(pointers);
    if (ids.length === 2) { // pinch: the distance between two fingers scales the map
      var other = pointers[ids[0] === String(e.pointerId) ? ids[1] : ids[0]];
      var before = Math.hypot(last[0] - other[0], last[1] - other[1]);
      var after = Math.hypot(e.clientX - other[0], e.clientY - other[1]);
      var r = view.getBoundingClientRect();
      if (before > 0) { zoomAt(after / before, (e.clientX + other[0]) / 2 - r.left, (e.clientY + other[1]) / 2 - r.top); }
    } else {
      if (!moved && Math.hypot(e.clientX - last[0], e.clientY - last[1]) < 4) { return; }
      if (!moved) { view.setPointerCapture(e.pointerId); }
      moved = true;
      view.classList.add("tm-drag");
      panBy(e.clientX - last[0], e.clientY - last[1]);
    }
    pointers[e.pointerId] = [e.clientX, e.clientY];
  });
  function up(e) { delete pointers[e.pointerId]; view.classList.remove("tm-drag"); }
  view.addEventListener("pointerup", up);
  view.addEventListener("pointercancel", up);
  if (window.ResizeObserver) { new ResizeObserver(function () { apply(); }).observe(view); }
  else { window.addEventListener("resize", apply); }

  /* ---- frames: one picture per fold state, each drawn by treemind's own pipeline ---- */
  function nodeOf(target) {
    var g = target && target.closest ? target.closest("g.node") : null;
    return g && byId(g.id) ? g : null;
  }
  function hiddenBy(id) { // the folded ancestor that hides `id`, if any
    for (var p = byId(id).parent; p; p = byId(p).parent) {
      if (state.folded.indexOf(p) !== -1) { return p; }
    }
    return null;
  }
  function show(markup, anchorId) {
    var before = anchorId && svg.getElementById(anchorId) ? svg.getElementById(anchorId).getBoundingClientRect() : null;
    var holder = document.createElement("div");
    holder.innerHTML = markup;
    var next = holder.querySelector("svg");
    view.replaceChild(next, svg);
    svg = next;
    prepare();
    apply();
    var after = anchorId && svg.getElementById(anchorId) ? svg.getElementById(anchorId).getBoundingClientRect() : null;
    if (before && after) { panBy(before.left - after.left, before.top - after.top); } // the clicked topic stays put
    mark();
  }
  function prepare() {
    var vb = svg.getAttribute("viewBox").split(/[\s,]+/).map(Number);
    box = vb;
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    svg.setAttribute("role", "group");
    svg.setAttribute("aria-label", doc.title);
    svg.setAttribute("preserveAspectRatio", "xMinYMin meet");
    [].forEach.call(svg.querySelectorAll("g.node"), function (g) {
      var n = byId(g.id);
      if (!n) { return; }
      g.setAttribute("tabindex", "0");
      g.setAttribute("aria-label", n.text);
      if (n.kids && n.parent) { // the root does not fold: there would be nothing left to see
        g.setAttribute("role", "button");
        g.setAttribute("aria-expanded", String(state.folded.indexOf(g.id) === -1));
      } else {
        g.setAttribute("role", "treeitem");
      }
      var b = g.getBBox();
      var halo = document.createElementNS(NS, "rect");
      halo.setAttribute("class", "tm-halo");
      halo.setAttribute("x", b.x - 4); halo.setAttribute("y", b.y - 4);
      halo.setAttribute("width", b.width + 8); halo.setAttribute("height", b.height + 8);
      halo.setAttribute("rx", 6);
      g.insertBefore(halo, g.firstChild);
    });
  }
  function restyle() { // serve: the server's CSS for colours that came after the page
    if (!doc.live) { return; }
    var link = document.getElementById("tm-rules") || document.head.appendChild(document.createElement("link"));
    link.id = "tm-rules";
    link.rel = "stylesheet";
    link.href = doc.live + "rules.css?" + Date.now();
  }
  function go(folded, anchorId) {
    var k = key(folded);
    state.folded = folded;
    if (doc.frames[k] !== undefined) { say(""); show(doc.frames[k], anchorId); return Promise.resolve(); }
    if (doc.live) { // the server renders any fold state on demand
      var asked = fetching = fetch(doc.live + "frame?fold=" + encodeURIComponent(k)).then(function (r) {
        return r.text().then(function (t) { if (!r.ok) { throw new Error(t); } return t; });
      }).then(function (markup) {
        if (asked === fetching) { doc.frames[k] = markup; say(""); show(markup, anchorId); restyle(); }
      }).catch(function (e) { say(String(e.message || e), true); });
      return asked;
    }
    // Beyond the states this file holds: hide the branch in the nearest picture that has one.
    var near = []; // the largest set of these folds that has a picture
    Object.keys(doc.frames).forEach(function (k) {
      var ids = k ? k.split(",") : [];
      var inside = ids.every(function (id) { return folded.indexOf(id) !== -1; });
      if (inside && ids.length > near.length) { near = ids; }
    });
    show(doc.frames[key(near)], anchorId);
    folded.forEach(function (id) {
      if (near.indexOf(id) !== -1) { return; }
      var p = id + "_";
      [].forEach.call(svg.querySelectorAll("g.node, g.edge, g.marker"), function (g) {
        if (g.id.replace(/^e_/, "").indexOf(p) === 0) { g.setAttribute("display", "none"); }
      });
    });
    say("This file holds pictures for " + doc.count + " fold states; this one hides the branch without " +
      "closing the gap (treemind serve draws any state).");
    return Promise.resolve();
  }
  function toggle(id) {
    var n = byId(id);
    if (!n || !n.kids || !n.parent) { return; }
    var folded = state.folded.filter(function (f) { return f !== id && !isBelow(f, id); });
    if (state.folded.indexOf(id) === -1) { folded.push(id); }
    go(folded, id).then(function () { var g = svg.getElementById(id); if (g) { g.focus(); } });
  }
  function isBelow(id, ancestor) { return id.indexOf(ancestor + "_") === 0; }
  function reveal(id) { // unfold whatever hides `id`, then centre it
    var hider = hiddenBy(id);
    var ready = hider ? go(state.folded.filter(function (f) { return !isBelow(id, f); }), null) : Promise.resolve();
    return ready.then(function () {
      var g = svg.getElementById(id);
      if (g) { centreOn(g); g.focus({ preventScroll: true }); }
    });
  }
  view.addEventListener("click", function (e) {
    if (moved) { return; }
    var g = nodeOf(e.target);
    if (g && !e.target.closest("a")) { toggle(g.id); }
  });
  view.addEventListener("keydown", function (e) {
    var g = nodeOf(e.target);
    if (g && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); toggle(g.id); return; }
    var step = 60;
    var moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (moves[e.key] && !g) { e.preventDefault(); panBy(moves[e.key][0], moves[e.key][1]); }
  });
  view.addEventListener("focusin", function (e) { var g = nodeOf(e.target); if (g) { current(g.id, false); } });
  document.addEventListener("keydown", function (e) {
    if (e.target === search || e.ctrlKey || e.metaKey || e.altKey) { return; }
    var s = size();
    if (e.key === "+" || e.key === "=") { zoomAt(1.25, s[0] / 2, s[1] / 2); }
    else if (e.key === "-") { zoomAt(0.8, s[0] / 2, s[1] / 2); }
    else if (e.key === "0") { fit(); }
    else if (e.key === "1") { actual(); }
    else if (e.key === "/") { e.preventDefault(); search.focus(); }
  });

  /* ---- the outline beside the map, linked both ways ---- */
  function current(id, scroll) {
    [].forEach.call(outline.querySelectorAll("[aria-current]"), function (b) { b.removeAttribute("aria-current"); });
    [].forEach.call(svg.querySelectorAll(".tm-current"), function (g) { g.classList.remove("tm-current"); });
    var item = outline.querySelector('[data-id="' + id + '"]');
    if (item) { item.setAttribute("aria-current", "true"); if (scroll) { item.scrollIntoView({ block: "nearest" }); } }
    var g = svg.getElementById(id);
    if (g) { g.classList.add("tm-current"); }
    if (!scroll && item) { item.scrollIntoView({ block: "nearest" }); }
  }
  outline.addEventListener("click", function (e) {
    var item = e.target.closest("[data-id]");
    if (item) { reveal(item.getAttribute("data-id")).then(function () { current(item.getAttribute("data-id"), false); }); }
  });

  /* ---- search: every topic, folded ones too (CJK included: plain substring match) ---- */
  function find() {
    var words = norm(search.value).split(/\s+/).filter(Boolean);
    state.hits = !words.length ? [] : doc.order.filter(function (id) {
      var text = norm(byId(id).text);
      return words.every(function (w) { return text.indexOf(w) !== -1; });
    });
    state.hit = -1;
    mark();
    count.textContent = words.length ? state.hits.length + (state.hits.length === 1 ? " match" : " matches") : "";
  }
  function mark() {
    [].forEach.call(svg.querySelectorAll("g.node"), function (g) { g.classList.toggle("tm-hit", state.hits.indexOf(g.id) !== -1); });
    [].forEach.call(outline.querySelectorAll("[data-id]"), function (b) {
      var id = b.getAttribute("data-id");
      b.classList.toggle("tm-hit", state.hits.indexOf(id) !== -1);
      b.classList.toggle("tm-away", hiddenBy(id) !== null); // folded away on the map: muted here
      b.classList.toggle("tm-folded", state.folded.indexOf(id) !== -1);
    });
  }
  function next(back) {
    if (!state.hits.length) { return; }
    state.hit = (state.hit + (back ? state.hits.length - 1 : 1)) % state.hits.length;
    var id = state.hits[state.hit];
    count.textContent = (state.hit + 1) + " of " + state.hits.length;
    reveal(id).then(function () { current(id, true); search.focus(); });
  }
  search.addEventListener("input", function () { find(); if (state.hits.length) { next(false); } });
  search.addEventListener("keydown", function (e) {
    if (e.key === "Enter") { e.preventDefault(); next(e.shiftKey); }
    if (e.key === "Escape") { search.value = ""; find(); }
  });

  /* ---- buttons ---- */
  function button(id, fn) { document.getElementById(id).addEventListener("click", fn); }
  button("tm-fit", fit);
  button("tm-actual", actual);
  button("tm-in", function () { zoomAt(1.25, size()[0] / 2, size()[1] / 2); });
  button("tm-out", function () { zoomAt(0.8, size()[0] / 2, size()[1] / 2); });
  button("tm-toggle-outline", function (e) {
    outline.hidden = !outline.hidden;
    e.currentTarget.setAttribute("aria-pressed", String(!outline.hidden));
    apply();
  });
  var schemes = ["", "scheme-light", "scheme-dark"], names = ["Auto", "Light", "Dark"], scheme = 0;
  button("tm-scheme", function (e) {
    if (schemes[scheme]) { document.documentElement.classList.remove(schemes[scheme]); }
    scheme = (scheme + 1) % 3;
    if (schemes[scheme]) { document.documentElement.classList.add(schemes[scheme]); }
    e.currentTarget.textContent = "Scheme: " + names[scheme];
  });

  /* ---- live preview (treemind serve): a new document arrives, the view and folds stay ---- */
  function update(data) {
    doc.nodes = data.nodes; doc.order = data.order; doc.frames = data.frames; doc.title = data.title;
    document.getElementById("tm-title").textContent = data.title;
    outline.innerHTML = data.outline;
    var folded = state.folded.filter(function (id) { return byId(id) && byId(id).kids; });
    if (doc.frames[key(folded)] === undefined && !doc.live) { folded = data.start; }
    go(folded, null).then(find);
    restyle();
  }
  if (doc.live && window.EventSource) {
    var source = new EventSource(doc.live + "events");
    source.addEventListener("map", function () {
      fetch(doc.live + "data").then(function (r) { return r.json(); }).then(function (data) {
        if (data.error) { say(data.error, true); } else { say(""); update(data); }
      });
    });
    source.addEventListener("failed", function (e) { say(JSON.parse(e.data).error, true); });
  }

  if (doc.error) { say(doc.error, true); }
  document.documentElement.classList.add("tm-ready");
  document.getElementById("tm-tools").hidden = false;
  outline.hidden = false;
  prepare();
  fit();
  window.treemind = { go: go, toggle: toggle, fit: fit, actual: actual, state: state, doc: doc };
})();
