// survkg explorer controls: a time slider over claim dates, filters by claim strength and by
// independent sources, PNG and SVG export of the view, and the view's state in the page's URL.
// Appended to explorer.js in the page's one script; works through the hooks explorer.js sets
// on window.survkg (data, nodes, edges, applyFilters, edgeFilter, beforeReady, showNode/Edge).
// Every text from the data is written with textContent or as an SVG text node, never as markup.
(function () {
  "use strict";
  var S = window.survkg, DATA = S.data, network = S.network;
  var SVG_NS = "http\x3a//www.w3.org/2000/svg";  // \x3a: no address in the page's code
  var $ = function (id) { return document.getElementById(id); };
  var has = function (obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); };
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  var edgeIds = Object.keys(DATA.edgeInfo);
  var drawnEdge = {};
  DATA.edges.forEach(function (e) { drawnEdge[e.id] = e; });

  // ---- time slider: two range inputs driving the year-from / year-to boxes ----
  // An undated claim is valid in no year: it is counted and toggled apart, and drawn faded
  // while the years are narrowed, so it never reads as a claim of the years chosen.
  var years = [], undated = [];
  edgeIds.forEach(function (id) {
    var info = DATA.edgeInfo[id];
    if (info.year_from === undefined && info.year_to === undefined) undated.push(id);
    [info.year_from, info.year_to].forEach(function (y) { if (y !== undefined) years.push(y); });
  });
  var minYear = years.length ? Math.min.apply(null, years) : null;
  var maxYear = years.length ? Math.max.apply(null, years) : null;
  var lo = $("year-lo"), hi = $("year-hi");
  $("undated-count").textContent = "(" + undated.length + ")";
  if (minYear === null) {
    $("year-slider").hidden = true;
  } else {
    [lo, hi].forEach(function (r) { r.min = minYear; r.max = maxYear; });
    lo.value = minYear; hi.value = maxYear;
  }
  function clampYear(v, fallback) {
    var n = Number(v);
    if (v === "" || !isFinite(n)) return fallback;
    return Math.min(maxYear, Math.max(minYear, Math.round(n)));
  }
  function boxesFromSlider(moved) {
    if (Number(lo.value) > Number(hi.value)) {
      if (moved === hi) lo.value = hi.value; else hi.value = lo.value;
    }
    $("year-from").value = lo.value; $("year-to").value = hi.value;
  }
  function sliderFromBoxes() {
    if (minYear === null) return;
    lo.value = clampYear($("year-from").value, minYear);
    hi.value = clampYear($("year-to").value, maxYear);
  }
  function yearsNarrowed() {
    if (minYear === null) return false;
    var from = $("year-from").value, to = $("year-to").value;
    return (from !== "" && Number(from) > minYear) || (to !== "" && Number(to) < maxYear);
  }
  var faded = false;
  function fadeUndated() {
    var fade = yearsNarrowed() && $("undated").checked;
    if (fade === faded) return;
    faded = fade;
    S.edges.update(undated.map(function (id) {
      var c = drawnEdge[id].color, base = typeof c === "string" ? { color: c } : Object.assign({}, c);
      var color = base.color || "#999999";
      return { id: id, color: Object.assign({ highlight: color, hover: color }, base,
                                            { opacity: fade ? 0.25 : 1 }) };
    }));
  }
  [lo, hi].forEach(function (r) {
    // "input" fires while the handle moves: the edges change at once, not on release.
    r.addEventListener("input", function () { boxesFromSlider(r); refresh(); });
  });

  // ---- evidence filters: independent sources behind an edge, claim strength ----
  // kg.explore.controls counts the sources (editions of one tracker once); a supply edge has
  // its vendor-country pair's count, the one its colour shows.
  var agreeOf = new Map();
  edgeIds.forEach(function (id) {
    agreeOf.set(DATA.edgeInfo[id], (DATA.agreement_by_edge || {})[id] || 0);
  });
  var agreeSelect = $("agreement");
  [[0, "any number of sources"], [1, "at least 1 independent source"],
   [2, "at least 2 independent sources"], [3, "at least 3 independent sources"]].forEach(function (o) {
    var n = edgeIds.filter(function (id) { return agreeOf.get(DATA.edgeInfo[id]) >= o[0]; }).length;
    var opt = el("option", o[1] + " (" + n + " links)");
    opt.value = String(o[0]);
    agreeSelect.appendChild(opt);
  });
  // A strength belongs to a supply claim; a supply claim without one is "strength not recorded".
  function strengthOf(info) {
    if (info.strength) return info.strength;
    return info.kind === "supply" ? "" : null;
  }
  var strengthCount = {}, strengthName = {}, order = [];
  (DATA.strengths || []).forEach(function (s) { strengthName[s.strength] = s.name; order.push(s.strength); });
  edgeIds.forEach(function (id) {
    var info = DATA.edgeInfo[id], s = strengthOf(info);
    if (s === null) return;
    strengthCount[s] = (strengthCount[s] || 0) + 1;
    if (!has(strengthName, s)) {
      strengthName[s] = s ? (DATA.technologies[s] || info.strength_label || s) : "strength not recorded";
      order.push(s);
    }
  });
  var strengthBoxes = order.filter(function (s) { return strengthCount[s]; }).map(function (s) {
    var li = el("li"), label = el("label"), box = el("input");
    box.type = "checkbox"; box.value = s; box.checked = true;
    label.appendChild(box);
    label.appendChild(document.createTextNode(strengthName[s] + " "));
    label.appendChild(el("span", "(" + strengthCount[s] + ")", "count"));
    li.appendChild(label);
    $("strength-filter").appendChild(li);
    return box;
  });
  if (!strengthBoxes.length) $("strength-filter").previousElementSibling.hidden = true;
  var filter = { min: 0, strengths: null };
  function readEvidenceFilters() {
    filter.min = Number(agreeSelect.value) || 0;
    var on = {}, all = true;
    strengthBoxes.forEach(function (b) { if (b.checked) on[b.value] = true; else all = false; });
    filter.strengths = all ? null : on;
  }
  S.edgeFilter = function (info) {
    if (filter.min && agreeOf.get(info) < filter.min) return false;
    if (filter.strengths) {
      var s = strengthOf(info);
      if (s !== null && !filter.strengths[s]) return false;
    }
    return true;
  };

  // ---- one refresh after any control moves ----
  function refresh() {
    readEvidenceFilters();
    S.applyFilters();
    sliderFromBoxes();
    fadeUndated();
    scheduleHash();
  }
  // explorer.js applies its own filters on "change" first; this listener runs after it.
  $("filters").addEventListener("change", refresh);
  $("reset").addEventListener("click", function () {
    agreeSelect.value = "0";
    if (minYear !== null) { lo.value = minYear; hi.value = maxYear; }
    refresh();
  });

  // ---- what the view shows, in words: the caption of an export ----
  function offValues(selector) {
    return Array.prototype.filter.call(document.querySelectorAll(selector + " input[type=checkbox]"),
      function (b) { return !b.checked; });
  }
  function boxName(b) { return b.parentNode.textContent.replace(/\s*\(\d+\)\s*$/, "").trim(); }
  function describeFilters() {
    var parts = [];
    if (yearsNarrowed()) parts.push("years " + $("year-from").value + "\u2013" + $("year-to").value);
    parts.push($("undated").checked ? (yearsNarrowed() ? "undated claims shown faded" : "undated claims shown")
                                    : "undated claims hidden");
    if (filter.min) parts.push("at least " + filter.min + " independent source" + (filter.min > 1 ? "s" : ""));
    var offStrength = strengthBoxes.filter(function (b) { return !b.checked; });
    if (offStrength.length) parts.push("strength not " + offStrength.map(boxName).join(", not "));
    var hidden = offValues("#legend-classes").concat(offValues("#legend-kinds"), offValues("#technologies"));
    if (hidden.length) parts.push("hidden: " + hidden.map(boxName).join(", "));
    if ($("restricted").value !== "any") parts.push($("restricted").selectedOptions[0].textContent + " only");
    return parts.join("; ");
  }
  function caption() {
    return DATA.title + ": " + DATA.view + (DATA.note ? " (" + DATA.note + ")" : "") +
      ". Filters: " + describeFilters() + ". Source: survkg" +
      (DATA.built ? ", build of " + DATA.built : "") + ".";
  }
  S.caption = caption;
  var measure = document.createElement("canvas").getContext("2d");
  function wrap(text, width, font) {
    measure.font = font;
    var lines = [], line = "";
    text.split(" ").forEach(function (word) {
      var next = line ? line + " " + word : word;
      if (line && measure.measureText(next).width > width) { lines.push(line); line = word; }
      else line = next;
    });
    if (line) lines.push(line);
    return lines;
  }
  var CAPTION_FONT = "13px system-ui, sans-serif", CAPTION_LINE = 17;

  // ---- export: SVG from what is drawn, PNG from the canvas at twice its size ----
  function visibleNode(n) { return n && !n.options.hidden; }
  function viewBox() {
    var box = $("graph");
    return { w: box.clientWidth, h: box.clientHeight };
  }
  function svgEl(tag, attrs, text) {
    var e = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) e.textContent = String(text);
    return e;
  }
  function shapePoints(shape, x, y, r) {
    var pts;
    if (shape === "triangle") pts = [[0, -1.15], [1, 0.58], [-1, 0.58]];
    else if (shape === "triangleDown") pts = [[0, 1.15], [1, -0.58], [-1, -0.58]];
    else if (shape === "diamond") pts = [[0, -1], [1, 0], [0, 1], [-1, 0]];
    else if (shape === "hexagon") pts = [0, 1, 2, 3, 4, 5].map(function (i) {
      var a = Math.PI / 3 * i; return [Math.cos(a), Math.sin(a)]; });
    else if (shape === "star") pts = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(function (i) {
      var a = Math.PI / 5 * i - Math.PI / 2, k = i % 2 ? 0.45 : 1; return [k * Math.cos(a), k * Math.sin(a)]; });
    else return null;
    return pts.map(function (p) { return (x + p[0] * r).toFixed(1) + "," + (y + p[1] * r).toFixed(1); }).join(" ");
  }
  function colorOf(c, key) {
    if (!c) return "#999999";
    return typeof c === "string" ? c : (c[key] || c.color || c.background || "#999999");
  }
  function exportSVG() {
    var size = viewBox(), scale = network.getScale(), W = size.w, H = size.h;
    var lines = wrap(caption(), W - 20, CAPTION_FONT), capH = 12 + lines.length * CAPTION_LINE;
    var svg = svgEl("svg", { xmlns: SVG_NS, width: W, height: H + capH, viewBox: "0 0 " + W + " " + (H + capH),
                             "font-family": "system-ui, sans-serif" });
    svg.appendChild(svgEl("title", {}, DATA.title + ": " + DATA.view));
    svg.appendChild(svgEl("rect", { x: 0, y: 0, width: W, height: H + capH, fill: "#ffffff" }));
    var defs = svgEl("defs", {}), markers = {}, edgeLayer = svgEl("g", { "class": "edges" });
    var nodeLayer = svgEl("g", { "class": "nodes" }), labelLayer = svgEl("g", { "class": "labels" });
    var clip = svgEl("clipPath", { id: "view" });
    clip.appendChild(svgEl("rect", { x: 0, y: 0, width: W, height: H }));
    defs.appendChild(clip);
    svg.appendChild(defs);
    var drawing = svgEl("g", { "clip-path": "url(#view)" });
    function marker(color) {
      if (!markers[color]) {
        var id = "arrow" + Object.keys(markers).length;
        var m = svgEl("marker", { id: id, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6,
                                  markerHeight: 6, orient: "auto-start-reverse" });
        m.appendChild(svgEl("path", { d: "M0,0 L10,5 L0,10 z", fill: color }));
        defs.appendChild(m);
        markers[color] = id;
      }
      return markers[color];
    }
    function inView(x, y, r) { return x + r >= 0 && x - r <= W && y + r >= 0 && y - r <= H; }
    var shown = { nodes: [], edges: 0 };
    network.body.edgeIndices.forEach(function (id) {
      var e = network.body.edges[id];
      if (!e || e.options.hidden || !visibleNode(e.from) || !visibleNode(e.to)) return;
      var a = network.canvasToDOM({ x: e.from.x, y: e.from.y }), b = network.canvasToDOM({ x: e.to.x, y: e.to.y });
      if (Math.max(a.x, b.x) < 0 || Math.min(a.x, b.x) > W || Math.max(a.y, b.y) < 0 || Math.min(a.y, b.y) > H) return;
      // A curved edge (vis-network's quadratic curve): its control point from the curve's middle.
      var ctrl = null;
      if (e.edgeType && e.edgeType.getPoint && e.options.smooth && e.options.smooth.enabled) {
        var m = network.canvasToDOM(e.edgeType.getPoint(0.5));
        var q = { x: 2 * m.x - (a.x + b.x) / 2, y: 2 * m.y - (a.y + b.y) / 2 };
        if (Math.abs(q.x - (a.x + b.x) / 2) + Math.abs(q.y - (a.y + b.y) / 2) > 1) ctrl = q;
      }
      var from = ctrl || a, dx = b.x - from.x, dy = b.y - from.y, len = Math.sqrt(dx * dx + dy * dy) || 1;
      var cut = Math.min(len / 2, (e.to.options.size || 10) * scale + 2);  // the arrow ends at the node's rim
      var end = { x: b.x - dx / len * cut, y: b.y - dy / len * cut };
      var color = colorOf(e.options.color, "color"), o = e.options.color && e.options.color.opacity;
      var attrs = { d: "M" + a.x.toFixed(1) + "," + a.y.toFixed(1) +
                       (ctrl ? " Q" + ctrl.x.toFixed(1) + "," + ctrl.y.toFixed(1) + " " : " L") +
                       end.x.toFixed(1) + "," + end.y.toFixed(1),
                    fill: "none", stroke: color,
                    "stroke-width": Math.max(0.6, (e.options.width || 1) * Math.min(scale, 2)).toFixed(2),
                    "marker-end": "url(#" + marker(color) + ")" };
      if (o !== undefined && o < 1) attrs["stroke-opacity"] = o;
      if (e.options.dashes) {
        var d = Array.isArray(e.options.dashes) ? e.options.dashes : [5, 5];
        attrs["stroke-dasharray"] = d.join(" ");
      }
      edgeLayer.appendChild(svgEl("path", attrs));
      shown.edges++;
    });
    // The labels explorer.js placed on the canvas (so none overlaps), else vis-network's own.
    var drawnLabels = S.labelBoxes ? S.labelBoxes() : null;
    (drawnLabels || []).forEach(function (box) {
      if (box.x + box.width < 0 || box.x > W || box.y + box.height < 0 || box.y > H) return;
      // the font explorer.js drew it in ("bold 12px system-ui, sans-serif")
      var font = box.region ? "italic 14px" : S.labelFont ? S.labelFont(box.id) : "12px";
      var size = Number((/(\d+(?:\.\d+)?)px/.exec(font) || [0, 12])[1]);
      labelLayer.appendChild(svgEl("text", {
        x: box.x.toFixed(1), y: (box.y + 1 + size * 0.85).toFixed(1), "font-size": size,
        "font-style": /italic/.test(font) ? "italic" : "normal", "font-weight": /bold/.test(font) ? "bold" : "normal",
        fill: box.region ? "#596273" : "#1d2330", stroke: "#ffffff", "stroke-width": 3,
        "stroke-opacity": 0.9, "stroke-linejoin": "round", "paint-order": "stroke" }, box.text));
      shown.nodes.push(String(box.text));
    });
    var threshold = ((DATA.options.nodes || {}).scaling || {}).label;
    threshold = threshold && threshold.drawThreshold !== undefined ? threshold.drawThreshold : 5;
    network.body.nodeIndices.forEach(function (id) {
      var n = network.body.nodes[id];
      if (!visibleNode(n)) return;
      var p = network.canvasToDOM({ x: n.x, y: n.y }), r = Math.max(1.5, (n.options.size || 10) * scale);
      if (!inView(p.x, p.y, r + 60)) return;
      var c = n.options.color || {}, shape = n.options.shape;
      var paint = { fill: colorOf(c, "background"), stroke: colorOf(c, "border"),
                    "stroke-width": Math.max(0.5, (n.options.borderWidth || 1) * Math.min(scale, 2)).toFixed(2) };
      var pts = shapePoints(shape, p.x, p.y, r);
      if (pts) nodeLayer.appendChild(svgEl("polygon", Object.assign({ points: pts }, paint)));
      else if (shape === "square") nodeLayer.appendChild(svgEl("rect", Object.assign({
        x: (p.x - r).toFixed(1), y: (p.y - r).toFixed(1), width: (2 * r).toFixed(1), height: (2 * r).toFixed(1) }, paint)));
      else nodeLayer.appendChild(svgEl("circle", Object.assign({ cx: p.x.toFixed(1), cy: p.y.toFixed(1), r: r.toFixed(1) }, paint)));
      if (drawnLabels) return;
      var font = n.options.font || {}, fontSize = (font.size || 14) * scale;
      var label = n.options.label;
      if (label !== undefined && label !== null && String(label) !== "" && fontSize >= threshold) {
        labelLayer.appendChild(svgEl("text", {
          x: p.x.toFixed(1), y: (p.y + r + fontSize).toFixed(1), "text-anchor": "middle",
          "font-size": fontSize.toFixed(1), fill: font.color || "#343434",
          stroke: "#ffffff", "stroke-width": (fontSize / 5).toFixed(1), "paint-order": "stroke" }, label));
        shown.nodes.push(String(label));
      }
    });
    drawing.appendChild(edgeLayer); drawing.appendChild(nodeLayer); drawing.appendChild(labelLayer);
    svg.appendChild(drawing);
    svg.appendChild(svgEl("line", { x1: 0, y1: H + 0.5, x2: W, y2: H + 0.5, stroke: "#cccccc" }));
    lines.forEach(function (line, i) {
      svg.appendChild(svgEl("text", { x: 10, y: H + 4 + (i + 1) * CAPTION_LINE, "font-size": 13, fill: "#333333",
                                      "class": "caption" }, line));
    });
    S.lastExport = { labels: shown.nodes, edges: shown.edges };
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(svg);
  }
  function exportPNG() {
    var canvas = network.canvas, ratio = 2;
    // vis-network sizes its canvas by its pixel ratio: draw once at 2x, read it, then go back.
    canvas._determinePixelRatio = function () { return ratio; };
    var out;
    try {
      canvas.setSize();
      network.renderer._redraw();
      var src = canvas.frame.canvas, W = src.width, H = src.height;
      var lines = wrap(caption(), W / ratio - 20, CAPTION_FONT), capH = (12 + lines.length * CAPTION_LINE) * ratio;
      out = document.createElement("canvas");
      out.width = W; out.height = H + capH;
      var ctx = out.getContext("2d");
      ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, out.width, out.height);
      ctx.drawImage(src, 0, 0);
      ctx.fillStyle = "#cccccc"; ctx.fillRect(0, H, W, ratio);
      ctx.fillStyle = "#333333"; ctx.font = (13 * ratio) + "px system-ui, sans-serif";
      lines.forEach(function (line, i) { ctx.fillText(line, 10 * ratio, H + (4 + (i + 1) * CAPTION_LINE - 4) * ratio); });
    } finally {
      delete canvas._determinePixelRatio;
      canvas.setSize();
      network.redraw();
    }
    return out.toDataURL("image/png");
  }
  S.exportSVG = exportSVG; S.exportPNG = exportPNG;
  function fileName(ext) {
    var slug = String(DATA.view || "view").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
    return "survkg-" + (slug || "view") + "." + ext;
  }
  function download(name, blob) {
    // A Blob and <a download>: the file is made in the page, nothing is fetched.
    var a = el("a"), url = URL.createObjectURL(blob);
    a.href = url; a.download = name; a.hidden = true;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 1000);
    S.lastDownload = { name: name, type: blob.type, size: blob.size };
  }
  $("export-svg").addEventListener("click", function () {
    download(fileName("svg"), new Blob([exportSVG()], { type: "image/svg+xml" }));
  });
  $("export-png").addEventListener("click", function () {
    var bytes = atob(exportPNG().split(",")[1]), buf = new Uint8Array(bytes.length);
    for (var i = 0; i < bytes.length; i++) buf[i] = bytes.charCodeAt(i);
    download(fileName("png"), new Blob([buf], { type: "image/png" }));
  });

  // ---- the view's state in the URL (location.hash) ----
  // Compact "key=value&..." text: the boxes left unticked, the years, the evidence filters, the
  // selection, the camera, and the positions of nodes moved from where the page put them.
  // Read back field by field: a value that is not what this page could have written is ignored.
  var LISTS = { xc: "#legend-classes", xk: "#legend-kinds", xt: "#technologies", xs: "#strength-filter" };
  var start = {};
  DATA.nodes.forEach(function (n) { start[n.id] = [n.x, n.y]; });
  function num(x, digits) { return String(Math.round(x * Math.pow(10, digits)) / Math.pow(10, digits)); }
  function stateText() {
    var out = [];
    function put(key, value) { out.push(key + "=" + encodeURIComponent(value)); }
    Object.keys(LISTS).forEach(function (key) {
      var off = offValues(LISTS[key]).map(function (b) { return encodeURIComponent(b.value || "-"); });
      if (off.length) out.push(key + "=" + off.join(","));
    });
    if (yearsNarrowed()) put("y", $("year-from").value + "-" + $("year-to").value);
    if (!$("undated").checked) put("u", "0");
    if (filter.min) put("a", String(filter.min));
    if ($("restricted").value !== "any") put("r", $("restricted").value);
    if (!$("hide-orphans").checked) put("o", "0");
    var open = S.panel && !$("panel").hidden;
    if (open && S.panel.node !== undefined) put("n", S.panel.node);
    else if (open && S.panel.edge !== undefined) put("e", S.panel.edge);
    var view = network.getViewPosition();
    put("c", [num(view.x, 1), num(view.y, 1), num(network.getScale(), 4)].join(","));
    var positions = network.getPositions(), moved = [];
    Object.keys(positions).forEach(function (id) {
      var p = positions[id], s = start[id];
      if (!s || Math.abs(p.x - s[0]) > 1 || Math.abs(p.y - s[1]) > 1)  // vis-network rounds positions
        moved.push(encodeURIComponent(id) + "," + num(p.x, 1) + "," + num(p.y, 1));
    });
    if (moved.length) out.push("p=" + moved.join(";"));
    return out.join("&");
  }
  var written = null, timer = null, live = false;
  function writeHash() {
    timer = null;
    if (!live) return;
    var text = stateText();
    if (text === written) return;
    written = text;
    try { history.replaceState(null, "", "#" + text); }
    catch (err) { location.replace("#" + text); }  // a page opened from a file may refuse replaceState
  }
  function scheduleHash() {
    if (live && timer === null) timer = setTimeout(writeHash, 150);
  }
  S.stateText = stateText; S.writeHash = writeHash;

  function finite(text, bound) {
    var n = Number(text);
    return text !== "" && isFinite(n) && Math.abs(n) <= bound ? n : null;
  }
  function parseHash(text) {
    var fields = {};
    if (typeof text !== "string" || text.length > 2000000) return fields;
    text.replace(/^#/, "").split("&").forEach(function (part) {
      var i = part.indexOf("=");
      if (i < 1) return;
      var key = part.slice(0, i);
      if (!/^[a-z]{1,2}$/.test(key) || has(fields, key)) return;
      fields[key] = part.slice(i + 1);
    });
    return fields;
  }
  function decode(text) {
    try { return decodeURIComponent(text); } catch (err) { return null; }
  }
  function restore(text) {
    // Every control from the hash, or its default where the hash says nothing of it: reading
    // an address twice (on load, on a pasted address) gives the same view.
    var f = parseHash(text);
    Object.keys(LISTS).forEach(function (key) {
      var off = {};
      (has(f, key) ? f[key].split(",") : []).forEach(function (v) {
        var d = decode(v);
        if (d !== null) off[d === "-" ? "" : d] = true;
      });
      document.querySelectorAll(LISTS[key] + " input[type=checkbox]").forEach(function (b) {
        b.checked = !has(off, b.value);
      });
    });
    var y = has(f, "y") && /^(\d{1,4})-(\d{1,4})$/.exec(decode(f.y) || "");
    var first = y ? clampYear(y[1], minYear) : minYear, last = y ? clampYear(y[2], maxYear) : maxYear;
    if (minYear !== null && first <= last) { $("year-from").value = first; $("year-to").value = last; }
    $("undated").checked = f.u !== "0";
    agreeSelect.value = has(f, "a") && /^[0-3]$/.test(f.a) ? f.a : "0";
    $("restricted").value = f.r === "yes" || f.r === "no" ? f.r : "any";
    $("hide-orphans").checked = f.o !== "0";
    refresh();
    // The panel first: it narrows the graph, and vis-network rescales the view when it resizes.
    var node = has(f, "n") ? decode(f.n) : null, edge = has(f, "e") ? decode(f.e) : null;
    network.unselectAll();
    if (node !== null && has(DATA.nodeInfo, node)) {
      if (!S.nodes.get(node).hidden) network.selectNodes([node]);
      S.showNode(node);
    } else if (edge !== null && has(DATA.edgeInfo, edge)) {
      if (!S.edges.get(edge).hidden) network.selectEdges([edge]);
      S.showEdge(edge);
    } else {
      $("panel").hidden = true;
    }
    network.canvas.setSize();  // the graph's new size, now: before the camera is set (no drawing)
    if (has(f, "p")) {
      f.p.split(";").slice(0, DATA.nodes.length).forEach(function (entry) {
        var parts = entry.split(","), id = decode(parts[0] || "");
        var x = finite(parts[1] || "", 1e7), yy = finite(parts[2] || "", 1e7);
        if (parts.length === 3 && id !== null && has(DATA.nodeInfo, id) && x !== null && yy !== null)
          network.moveNode(id, x, yy);
      });
    }
    var cam = has(f, "c") ? decode(f.c) : null, c = cam ? cam.split(",") : [];
    if (c.length === 3) {
      var cx = finite(c[0], 1e7), cy = finite(c[1], 1e7), scale = finite(c[2], 100);
      if (cx !== null && cy !== null && scale !== null && scale > 0.0001)
        network.moveTo({ position: { x: cx, y: cy }, scale: scale, animation: false });
    }
  }
  S.restore = restore;
  S.beforeReady = function () {
    if (location.hash.length > 1) {
      try { restore(location.hash); } catch (err) { /* a hash this page cannot read: the default view */ }
    }
    written = location.hash.replace(/^#/, "") || null;
    live = true;
  };
  window.addEventListener("hashchange", function () {
    var text = location.hash.replace(/^#/, "");
    if (text === written) return;
    written = text;
    try { restore(text); } catch (err) { /* ignored, as above */ }
  });
  ["dragEnd", "zoom", "animationFinished", "click", "deselectNode", "deselectEdge", "resize"].forEach(function (event) {
    network.on(event, scheduleHash);
  });
  $("filters").addEventListener("input", scheduleHash);
  document.addEventListener("click", scheduleHash);
  document.addEventListener("keyup", scheduleHash);
})();
