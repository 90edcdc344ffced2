// survkg explorer: draws the embedded graph with vis-network and shows the evidence behind it.
// Every text from the data is written with textContent; links only to http(s) source URLs.
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("survkg-data").textContent);
  var state = window.survkg = {
    ready: false, nodeCount: DATA.nodes.length, edgeCount: DATA.edges.length,
    visibleNodes: DATA.nodes.length, visibleEdges: DATA.edges.length
  };
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function safeUrl(url) {
    try {
      var parsed = new URL(String(url));
      return (parsed.protocol === "http:" || parsed.protocol === "https:") ? parsed.href : null;
    } catch (err) { return null; }
  }
  function norm(text) {
    return String(text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\s+/g, " ").trim();
  }
  function techLabel(code) { return DATA.technologies[code] || code; }
  var CLASS_NAME = {}, KIND_NAME = {};
  DATA.classes.forEach(function (c) { CLASS_NAME[c.cls] = c.name; });
  DATA.kinds.forEach(function (k) { KIND_NAME[k.kind] = k.name; });

  // ---- the network ----
  // A supply link's tooltip: the sources behind its vendor-country pair, with their strength
  // (vis-network writes a string title as text, never as markup).
  function backingText(info) {
    var b = DATA.backing[info.pair];
    if (!b) return info.label;
    var lines = [info.label, b.publishers + " independent source" + (b.publishers === 1 ? "" : "s") +
      " behind " + b.names.join(" → ")];
    b.sources.slice(0, 12).forEach(function (s) {
      lines.push("• " + (s.title || s.source) + ": " + s.strength);
    });
    if (b.sources.length > 12) lines.push("… and " + (b.sources.length - 12) + " more");
    return lines.join("\n");
  }
  DATA.edges.forEach(function (e) {
    var info = DATA.edgeInfo[e.id];
    e.title = info.pair ? backingText(info) : info.label;
  });
  // labels are drawn by drawLabels below, not by vis-network (hovering a node draws its own)
  var LABEL = {};
  DATA.nodes.forEach(function (n) {
    LABEL[n.id] = n.label;
    delete n.label;
  });
  var nodes = new vis.DataSet(DATA.nodes);
  var edges = new vis.DataSet(DATA.edges);
  var network = new vis.Network($("graph"), { nodes: nodes, edges: edges }, DATA.options);
  state.network = network;
  state.renderedNodeCount = function () {
    return network.body.nodeIndices.filter(function (id) {
      return !network.body.nodes[id].options.hidden;
    }).length;
  };
  // ---- labels (story engineer): drawn here, not by vis-network, so they never overlap ----
  // Labels are placed in DATA.labelOrder (Python: focus, top vendors and countries, then by
  // centrality), each below, above, right or left of its node, the first spot that overlaps
  // no label placed before it; a label that fits nowhere is left out (hover shows it). At the
  // opening zoom DATA.labelBudget labels are drawn, more as one zooms in.
  var labelState = { boxes: [], hovered: null, scale0: null, widths: {} };
  function labelFont(id) {
    var info = DATA.nodeInfo[id] || {};
    var strong = info.focus || (DATA.regions.length && info.cls === "company");
    return (strong ? "bold " : "") + (info.focus ? 15 : 12) + "px system-ui, sans-serif";
  }
  function overlaps(a, list) {
    for (var i = 0; i < list.length; i++) {
      var b = list[i];
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) return true;
    }
    return false;
  }
  function drawLabels(ctx) {
    var body = network.body, scale = network.getScale();
    var width = ctx.canvas.clientWidth, height = ctx.canvas.clientHeight;
    if (labelState.scale0 === null) labelState.scale0 = scale;
    var budget = Math.round(DATA.labelBudget * Math.max(1, Math.pow(scale / labelState.scale0, 2)));
    var ratio = ctx.canvas.width / Math.max(1, width);
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textBaseline = "top";
    var boxes = [];
    DATA.regions.forEach(function (r) {  // region names, where the layout has sectors
      var p = network.canvasToDOM({ x: r.x, y: r.y }), text = r.name + " (" + r.count + ")";
      ctx.font = "italic 14px system-ui, sans-serif";
      var w = ctx.measureText(text).width;
      // beyond the ring, pulled into the window where the ring fills it
      var box = { id: null, region: true, text: text, width: w, height: 17,
                  x: Math.max(2, Math.min(width - w - 2, p.x - w / 2)),
                  y: Math.max(2, Math.min(height - 19, p.y - 8)) };
      ctx.fillStyle = "#596273";
      ctx.fillText(text, box.x, box.y);
      boxes.push(box);
    });
    var order = network.getSelectedNodes().concat(labelState.hovered ? [labelState.hovered] : [], DATA.labelOrder);
    var seen = {}, placed = 0;
    for (var i = 0; i < order.length && placed < budget; i++) {
      var id = order[i], node = body.nodes[id];
      if (seen[id] || !node || node.options.hidden) continue;
      seen[id] = true;
      var p = network.canvasToDOM({ x: node.x, y: node.y });
      var r = (node.options.size || 10) * scale;
      if (p.x < -r || p.y < -r || p.x > width + r || p.y > height + r) continue;
      var text = LABEL[id] || id, font = labelFont(id), key = font + "\u0000" + id;
      ctx.font = font;
      var w = labelState.widths[key] || (labelState.widths[key] = ctx.measureText(text).width);
      var h = font.indexOf("15px") >= 0 ? 18 : 15;
      var spots = [[p.x - w / 2, p.y + r + 2], [p.x - w / 2, p.y - r - 2 - h],
                   [p.x + r + 4, p.y - h / 2], [p.x - r - 4 - w, p.y - h / 2]];
      for (var s = 0; s < spots.length; s++) {
        var box = { id: id, text: text, x: spots[s][0], y: spots[s][1], width: w, height: h };
        if (box.x < 0 || box.y < 0 || box.x + w > width || box.y + h > height) continue;
        if (overlaps(box, boxes)) continue;
        ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,0.9)"; ctx.lineJoin = "round";
        ctx.strokeText(text, box.x, box.y + 1);
        ctx.fillStyle = "#1d2330";
        ctx.fillText(text, box.x, box.y + 1);
        boxes.push(box);
        placed++;
        break;
      }
    }
    ctx.restore();
    labelState.boxes = boxes;
  }
  network.on("afterDrawing", drawLabels);
  network.on("hoverNode", function (params) { labelState.hovered = params.node; network.redraw(); });
  network.on("blurNode", function () { labelState.hovered = null; network.redraw(); });
  // The labels drawn last, in the graph's own pixels (x, y from its top left): [{id (null for
  // a region's name), text, x, y, width, height}].
  state.labelBoxes = function () {
    return labelState.boxes.map(function (b) {
      return { id: b.id, region: !!b.region, text: b.text, x: b.x, y: b.y, width: b.width, height: b.height };
    });
  };
  state.label = function (id) { return LABEL[id]; };
  state.labelFont = labelFont;  // explorer_controls.js writes the labels into the SVG export
  // What the places mean, where the layout says something (who supplies whom, paths).
  (function layoutLegend() {
    var notes = [];
    if (DATA.regions.length) {
      notes.push("Countries on the ring, grouped by region (Carnegie's AIGS region codes; " +
        "\u201cregion not recorded\u201d: a country the AIGS gives no region), alphabetical within it.");
      notes.push("Vendors inside: the " + DATA.labelBudget / 2 + " supplying the most countries on the inner " +
        "ring; every other vendor towards the countries it supplies, the more countries the nearer the centre.");
      notes.push("Agencies just outside their country, deals just inside it.");
    }
    if (DATA.paths && DATA.paths.length) notes.push("Thick orange links: the paths found.");
    if (DATA.arrows === false) notes.push("No arrowheads on so many links (each costs a drawing): " +
      "a link's panel says which way it goes.");
    notes.push("Size of a node: its centrality (PageRank over the links drawn).");
    notes.push("Labels: the main entities; hover over a node, or zoom in, for the others.");
    var section = el("section"), list = el("ul", null, "notes");
    section.id = "layout-legend";
    section.appendChild(el("h2", "Layout"));
    notes.forEach(function (n) { list.appendChild(el("li", n, "legend-note")); });
    section.appendChild(list);
    $("filters").insertBefore(section, $("supply-legend").nextSibling);
  })();

  function markReady() {
    if (state.beforeReady) state.beforeReady();  // explorer_controls.js: the view in the URL
    network.once("afterDrawing", function () {
      state.ready = true;
      document.body.setAttribute("data-ready", "true");
    });
    // a drawing is asked for, not made now: the first one, still pending, is the same one
    // (network.redraw() drew all again: 1.1 s of a 20,000-node page's 7 s)
    network.body.emitter.emit("_requestRedraw");
  }
  if (DATA.physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      markReady();
    });
  } else {
    setTimeout(markReady, 0);  // after explorer_controls.js has set its hooks
  }

  // ---- adjacency, for the panel and the orphan filter ----
  var incident = {};
  DATA.edges.forEach(function (e) {
    (incident[e.from] = incident[e.from] || []).push(e.id);
    (incident[e.to] = incident[e.to] || []).push(e.id);
  });

  // ---- header ----
  $("title").textContent = DATA.title;
  $("view").textContent = DATA.view;
  $("note").textContent = DATA.note || "";

  // ---- legend and filters ----
  function checkItem(list, value, swatch, name, count, checked) {
    var li = el("li"), label = el("label"), box = el("input");
    box.type = "checkbox"; box.value = value; box.checked = checked !== false;
    label.appendChild(box);
    if (swatch) label.appendChild(swatch);
    label.appendChild(document.createTextNode(name + " "));
    if (count !== undefined) label.appendChild(el("span", "(" + count + ")", "count"));
    li.appendChild(label);
    list.appendChild(li);
    return box;
  }
  function swatch(color, shape) {
    var s = el("span", null, "swatch " + (shape ? "shape-" + shape : "line"));
    s.style.background = color;
    return s;
  }
  var classBoxes = DATA.classes.filter(function (c) { return c.count > 0; }).map(function (c) {
    return checkItem($("legend-classes"), c.cls, swatch(c.color, c.shape), c.name, c.count);
  });
  var kindBoxes = DATA.kinds.filter(function (k) { return k.count > 0; }).map(function (k) {
    return checkItem($("legend-kinds"), k.kind, swatch(k.color), k.name, k.count);
  });
  function legendItem(list, sample, name, count) {
    var li = el("li");
    li.appendChild(sample);
    li.appendChild(document.createTextNode(name + " "));
    li.appendChild(el("span", "(" + count + ")", "count"));
    list.appendChild(li);
  }
  if ((DATA.strengths || []).length) {
    $("supply-legend").hidden = false;
    DATA.agreement.forEach(function (a) {
      legendItem($("legend-agreement"), swatch(a.color), a.name, a.count);
    });
    DATA.strengths.forEach(function (s) {
      var sample = el("span", null, "swatch dash");
      sample.style.borderTopStyle = s.line;
      legendItem($("legend-strengths"), sample, s.name, s.count);
    });
  }
  var techCount = {}, years = [];
  Object.keys(DATA.edgeInfo).forEach(function (id) {
    var info = DATA.edgeInfo[id];
    (info.technologies || []).forEach(function (t) { techCount[t] = (techCount[t] || 0) + 1; });
    if (info.year_from) years.push(info.year_from);
    if (info.year_to) years.push(info.year_to);
  });
  var techBoxes = Object.keys(techCount).sort(function (a, b) {
    return techLabel(a).localeCompare(techLabel(b));
  }).map(function (t) { return checkItem($("technologies"), t, null, techLabel(t), techCount[t]); });
  var untagged = checkItem($("technologies"), "", null, "no technology named");
  var minYear = years.length ? Math.min.apply(null, years) : "";
  var maxYear = years.length ? Math.max.apply(null, years) : "";
  $("year-from").value = minYear; $("year-to").value = maxYear;

  function checked(boxes) {
    var set = {};
    boxes.forEach(function (b) { if (b.checked) set[b.value] = true; });
    return set;
  }
  function edgePasses(info, f) {
    if (!f.kinds[info.kind]) return false;
    if (!f.allTech) {
      var techs = info.technologies || [];
      if (!techs.length) { if (!f.untagged) return false; }
      else if (!techs.some(function (t) { return f.techs[t]; })) return false;
    }
    if (state.edgeFilter && !state.edgeFilter(info)) return false;  // explorer_controls.js
    if (info.year_from === undefined && info.year_to === undefined) return f.undated;
    var lo = info.year_from !== undefined ? info.year_from : -Infinity;
    var hi = info.year_to !== undefined ? info.year_to : Infinity;
    return lo <= f.to && hi >= f.from;
  }
  function applyFilters() {
    var f = {
      classes: checked(classBoxes), kinds: checked(kindBoxes), techs: checked(techBoxes),
      untagged: untagged.checked, undated: $("undated").checked,
      restricted: $("restricted").value, hideOrphans: $("hide-orphans").checked,
      from: $("year-from").value === "" ? -Infinity : Number($("year-from").value),
      to: $("year-to").value === "" ? Infinity : Number($("year-to").value)
    };
    f.allTech = f.untagged && techBoxes.every(function (b) { return b.checked; });
    var nodeOk = {};
    DATA.nodes.forEach(function (n) {
      var info = DATA.nodeInfo[n.id];
      var restricted = !!info.restricted;
      nodeOk[n.id] = !!f.classes[info.cls] &&
        (f.restricted === "any" || (f.restricted === "yes") === restricted);
    });
    var edgeUpdates = [], linked = {}, shownEdges = 0;
    DATA.edges.forEach(function (e) {
      var ok = nodeOk[e.from] && nodeOk[e.to] && edgePasses(DATA.edgeInfo[e.id], f);
      if (ok) { linked[e.from] = linked[e.to] = true; shownEdges++; }
      if (!!e.hidden === ok) { e.hidden = !ok; edgeUpdates.push({ id: e.id, hidden: !ok }); }
    });
    var nodeUpdates = [], shownNodes = 0;
    DATA.nodes.forEach(function (n) {
      var ok = nodeOk[n.id] && !(f.hideOrphans && incident[n.id] && !linked[n.id]);
      if (ok) shownNodes++;
      if (!!n.hidden === ok) { n.hidden = !ok; nodeUpdates.push({ id: n.id, hidden: !ok }); }
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    state.visibleNodes = shownNodes; state.visibleEdges = shownEdges;
    showCounts();
  }
  function showCounts() {
    $("counts").textContent = state.visibleNodes + " of " + state.nodeCount + " entities, " +
      state.visibleEdges + " of " + state.edgeCount + " links";
  }
  showCounts();
  state.data = DATA; state.nodes = nodes; state.edges = edges; state.applyFilters = applyFilters;
  $("filters").addEventListener("change", applyFilters);
  $("reset").addEventListener("click", function () {
    document.querySelectorAll("#filters input[type=checkbox]").forEach(function (b) { b.checked = true; });
    $("restricted").value = "any";
    $("year-from").value = minYear; $("year-to").value = maxYear;
    applyFilters();
  });

  // ---- search ----
  var index = DATA.nodes.map(function (n) {
    var info = DATA.nodeInfo[n.id];
    var names = [info.label].concat(info.aliases || [], info.identifier ? [info.identifier] : [], [n.id]);
    return { id: n.id, label: info.label, names: names, keys: names.map(norm) };
  });
  function search(query) {
    var q = norm(query), hits = [];
    if (!q) return hits;
    index.forEach(function (item) {
      var best = -1, via = null;
      item.keys.forEach(function (key, i) {
        var score = key === q ? 3 : key.indexOf(q) === 0 ? 2 : key.indexOf(q) > 0 ? 1 : -1;
        if (score > best) { best = score; via = i ? item.names[i] : null; }
      });
      if (best >= 0) hits.push({ item: item, score: best, via: via });
    });
    hits.sort(function (a, b) {
      return b.score - a.score || (DATA.nodeInfo[b.item.id].rank || 0) - (DATA.nodeInfo[a.item.id].rank || 0);
    });
    return hits.slice(0, 20);
  }
  function showResults() {
    var list = $("results");
    list.textContent = "";
    search($("search").value).forEach(function (hit) {
      var li = el("li"), button = el("button");
      button.type = "button";
      button.appendChild(document.createTextNode(hit.item.label + " "));
      if (hit.via && hit.via !== hit.item.label) button.appendChild(el("span", "(" + hit.via + ")", "alias"));
      button.addEventListener("click", function () { focusNode(hit.item.id); });
      li.appendChild(button);
      list.appendChild(li);
    });
  }
  $("search").addEventListener("input", showResults);
  $("search").addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var hits = search($("search").value);
      if (hits.length) focusNode(hits[0].item.id);
    } else if (event.key === "Escape") {
      $("results").textContent = "";
    }
  });
  function focusNode(id) {
    $("results").textContent = "";
    var hidden = nodes.get(id).hidden;
    $("status").textContent = hidden ? DATA.nodeInfo[id].label + " is hidden by the filters" : "";
    if (!hidden) {
      network.selectNodes([id]);
      network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 300 } });
    }
    showNode(id);
  }
  state.focusNode = focusNode;

  // ---- evidence panel ----
  var body = $("panel-body");
  function openPanel() { $("panel").hidden = false; body.textContent = ""; }
  $("close").addEventListener("click", function () { $("panel").hidden = true; });
  function field(dl, name, value) {
    if (value === undefined || value === null || value === "") return;
    dl.appendChild(el("dt", name));
    dl.appendChild(el("dd", value));
  }
  function nodeButton(id) {
    var b = el("button", DATA.nodeInfo[id] ? DATA.nodeInfo[id].label : id, "link");
    b.type = "button";
    b.addEventListener("click", function () { focusNode(id); });
    return b;
  }
  function dates(info) {
    if (info.start_date || info.end_date) return (info.start_date || "?") + " – " + (info.end_date || "");
    if (info.year_from !== undefined && info.year_from === info.year_to) return String(info.year_from);
    return "";
  }
  function money(amount, currency) {
    if (amount === undefined) return "";
    return Number(amount).toLocaleString("en") + (currency ? " " + currency : "");
  }
  function evidenceList(parent, entries) {
    if (!entries || !entries.length) {
      parent.appendChild(el("p", "No evidence recorded for this link.", "meta"));
      return;
    }
    entries.forEach(function (ev) {
      var kind = ev.quote ? "quote" : ev.summary ? "summary" : ev.row ? "row" : "source";
      var box = el("div", null, "evidence evidence-" + kind), source = DATA.sources[ev.source] || {};
      var title = source.title || ev.source, url = safeUrl(source.url);
      var head = el("div");
      if (url) {
        var a = el("a", title);
        a.href = url; a.rel = "noopener noreferrer"; a.target = "_blank";
        head.appendChild(a);
      } else {
        head.appendChild(el("strong", title));
      }
      box.appendChild(head);
      var first = source.version_of && DATA.sources[source.version_of];
      var meta = [source.publisher, source.date, source.kind, source.version ? "edition: " + source.version : "",
        source.version_of ? "an edition of " + ((first && first.title) || source.version_of) : ""]
        .filter(Boolean).join(" · ");
      if (meta) box.appendChild(el("div", meta, "meta"));
      if (url) box.appendChild(el("div", url, "meta"));
      // Only the source's own words go in quotation marks; a summary is the curator's words.
      if (ev.quote) box.appendChild(el("blockquote", "\u201c" + ev.quote + "\u201d", "quote"));
      if (ev.summary) {
        var summary = el("div", null, "summary");
        summary.appendChild(el("span", "curator's summary: ", "label"));
        summary.appendChild(document.createTextNode(ev.summary));
        box.appendChild(summary);
      }
      if (ev.locator) box.appendChild(el("div", "at: " + ev.locator, "meta"));
      if (ev.row) {
        var row = el("div", null, "row");
        row.appendChild(el("span", "dataset row: ", "label"));
        row.appendChild(el("code", ev.row));
        box.appendChild(row);
      }
      parent.appendChild(box);
    });
  }
  function claimFields(dl, info) {
    field(dl, "dates", dates(info));
    field(dl, "amount", money(info.amount, info.currency));
    field(dl, "technology", (info.technologies || []).map(techLabel).join(", "));
    field(dl, "strength", info.strength_label);
    field(dl, "instrument", info.instrument_label);
    field(dl, "legal citation", info.legal_citation);
    field(dl, "status", info.status);
    field(dl, "scope", info.scope);
    field(dl, "topic", info.topic);
    field(dl, "financing", info.financing_type);
    field(dl, "terms", info.terms);
    field(dl, "measure", info.measure);
    field(dl, "value", info.value !== undefined ? info.value + (info.unit ? " " + info.unit : "") : "");
    field(dl, "period", info.period);
    field(dl, "note", info.note);
    field(dl, "claim id", info.claim);
  }
  function showEdge(id) {
    var info = DATA.edgeInfo[id];
    if (!info) return;
    openPanel();
    body.appendChild(el("h2", info.label));
    var route = el("p");
    route.appendChild(nodeButton(info.from));
    route.appendChild(document.createTextNode(" " + (info.verb || KIND_NAME[info.kind] || info.kind) + " "));
    route.appendChild(nodeButton(info.to));
    body.appendChild(route);
    var dl = el("dl");
    field(dl, "link", (KIND_NAME[info.kind] || info.kind) + (info.claim_class ? " (claim: " + info.claim_class + ")" : ""));
    claimFields(dl, info);
    body.appendChild(dl);
    body.appendChild(el("h3", "Evidence (" + (info.evidence || []).length + ")"));
    evidenceList(body, info.evidence);
    var backing = DATA.backing[info.pair];
    if (backing) {
      body.appendChild(el("h3", "Sources behind this vendor-country link (" + backing.publishers +
        " independent)", "backing"));
      var ul = el("ul", null, "backing");
      backing.sources.forEach(function (s) {
        ul.appendChild(el("li", (s.title || s.source) + ": " + s.strength));
      });
      body.appendChild(ul);
    }
    state.panel = { edge: id };
  }
  function showNode(id) {
    var info = DATA.nodeInfo[id];
    openPanel();
    body.appendChild(el("h2", info.label));
    var dl = el("dl");
    field(dl, "class", CLASS_NAME[info.cls] || info.cls);
    field(dl, "id", id);
    field(dl, "also called", (info.aliases || []).join("; "));
    field(dl, "identifier", info.identifier);
    field(dl, "centrality", info.rank);
    body.appendChild(dl);
    if (info.restricted) {
      body.appendChild(el("p", "Restricted: " + (info.instruments || []).join(", "), "restricted"));
    }
    (info.facts || []).forEach(function (fact, i) {
      if (!i) body.appendChild(el("h3", "Facts"));
      body.appendChild(el("p", fact.label));
      var fdl = el("dl");
      claimFields(fdl, fact);
      body.appendChild(fdl);
      evidenceList(body, fact.evidence);
    });
    (info.gaps || []).forEach(function (gap, i) {
      if (!i) body.appendChild(el("h3", "Researched, no source found"));
      body.appendChild(el("p", gap.question + " (" + gap.relation_kind + "; searched: " + gap.searched + ")", "gap"));
    });
    var links = incident[id] || [];
    body.appendChild(el("h3", "Links (" + links.length + ")"));
    var ul = el("ul");
    links.slice(0, 200).forEach(function (eid) {
      var e = DATA.edgeInfo[eid], li = el("li"), b = el("button", e.label, "link");
      b.type = "button";
      b.addEventListener("click", function () { network.selectEdges([eid]); showEdge(eid); });
      var other = DATA.nodeInfo[e.from === id ? e.to : e.from];
      li.appendChild(el("span", (e.from === id ? "→ " + (e.verb || e.kind) + " " : "← " + (e.verb || e.kind) + " by ") +
        (other ? other.label : "") + ": ", "meta"));
      li.appendChild(b);
      ul.appendChild(li);
    });
    if (links.length > 200) ul.appendChild(el("li", "… and " + (links.length - 200) + " more", "meta"));
    body.appendChild(ul);
    state.panel = { node: id };
  }
  state.showEdge = showEdge; state.showNode = showNode;
  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });

  // ---- paths ----
  if (DATA.paths && DATA.paths.length) {
    $("paths-section").hidden = false;
    DATA.paths.forEach(function (path, number) {
      var li = el("li");
      path.forEach(function (id, i) {
        if (i) li.appendChild(document.createTextNode(" — "));
        li.appendChild(nodeButton(id));
      });
      // The connection told as `kg path` tells it: one clause per claim, each cited.
      var told = (DATA.pathSentences || [])[number];
      if (told) li.appendChild(el("p", told, "path-sentence"));
      $("paths").appendChild(li);
    });
  }
})();
