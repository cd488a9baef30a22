/* The interactive actor graph (Cytoscape.js), for /graph and for `kg graph --format html`.
 *
 * The whole network is loaded once (from /graph/data.json, or inline in a standalone
 * file) and filtered here: an edge keeps the supporting items whose dates overlap the
 * chosen range, its weight is recounted from their articles, and actors left with no
 * visible edge are hidden. Evidence sentences come inline (standalone) or per edge from
 * /graph/edge-evidence (server).
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("ag-config").textContent);
  var style = config.style;
  var DASH = { solid: "solid", dashed: "dashed", dotted: "dotted", dashdot: "dashed" };
  var state = { ego: null, selected: null };
  var cy = null;
  var articles = {};

  function $(id) { return document.getElementById(id); }

  /* Community colours (Tableau 10), the type shown by shape and ring. */
  var PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                 "#9c755f", "#bab0ac"];
  /* Edges zoomed in past this show their labels. */
  var LABEL_ZOOM = 1.8;

  function edgeLabel(relation, weight) {
    var name = (style.relations[relation] || { label: relation }).label;
    return name + " · " + weight + (weight === 1 ? " article" : " articles");
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "class") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  /* Where an IRI opens: the service's /id/ pages, or the IRI itself from a file. */
  function href(iri) {
    if (config.mode === "server" && iri && iri.indexOf(config.idBase) === 0) {
      return "/id/" + iri.substring(config.idBase.length);
    }
    return iri;
  }

  function load() {
    if (config.mode === "standalone") {
      return Promise.resolve(JSON.parse($("ag-data").textContent));
    }
    return fetch(config.dataUrl, { headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error("the actor graph could not be loaded (HTTP " + r.status + ")");
      return r.json();
    });
  }

  function cyStyle() {
    var rules = [
      { selector: "node", style: {
        label: "data(short)", "font-size": 15, "text-valign": "bottom", "text-margin-y": 4,
        "text-wrap": "wrap", "text-max-width": 160,
        "text-outline-color": "#fff", "text-outline-width": 2.5, color: "#1a1a1a",
        width: "data(size)", height: "data(size)", "border-width": 1.5, "border-color": "#fff" } },
      { selector: "edge", style: {
        width: "data(width)", "curve-style": "bezier", "target-arrow-shape": "triangle",
        "arrow-scale": 0.9, opacity: 0.85 } },
      { selector: "edge.hover, edge.labelled", style: {
        label: "data(rlabel)", "font-size": 11, color: "#333", "text-rotation": "autorotate",
        "text-background-color": "#fff", "text-background-opacity": 0.85, "text-background-padding": 2 } },
      { selector: "node.bycommunity", style: { "background-color": "data(ccolor)", "border-width": 3.5 } },
      { selector: ".hidden", style: { display: "none" } },
      { selector: "node:selected, node.focus", style: { "border-color": "#111", "border-width": 3 } },
      { selector: "edge:selected", style: { opacity: 1, "underlay-color": "#ffd54a", "underlay-opacity": 0.6,
        "underlay-padding": 3 } }
    ];
    Object.keys(style.types).forEach(function (t) {
      rules.splice(1, 0, { selector: 'node[type = "' + t + '"]',
        style: { "background-color": style.types[t].color, shape: style.types[t].shape } });
      rules.push({ selector: 'node.bycommunity[type = "' + t + '"]', style: { "border-color": style.types[t].color } });
    });
    rules.push({ selector: "node:selected, node.focus", style: { "border-color": "#111", "border-width": 4 } });
    Object.keys(style.relations).forEach(function (r) {
      var s = style.relations[r];
      var rule = { "line-color": s.color, "target-arrow-color": s.color, "line-style": DASH[s.dash] || "solid" };
      if (s.dash === "dashdot") rule["line-dash-pattern"] = [8, 3, 2, 3];
      rules.splice(rules.length - 3, 0, { selector: 'edge[relation = "' + r + '"]', style: rule });
    });
    return rules;
  }

  function build(data) {
    articles = (data.data && data.data.articles) || {};
    var nodes = data.elements.nodes, edges = data.elements.edges;
    var top = 0;
    nodes.forEach(function (n) { top = Math.max(top, n.data.pagerank || 0); });
    nodes.forEach(function (n) { n.data.size = 20 + 56 * Math.pow((n.data.pagerank || 0) / (top || 1), 0.7); });
    edges.forEach(function (e) {
      e.data.shown = e.data.weight; e.data.width = 1 + 1.6 * Math.log(1 + e.data.weight);
      e.data.rlabel = edgeLabel(e.data.relation, e.data.weight);
    });
    nodes.forEach(function (n) { n.data.ccolor = PALETTE[((n.data.community || 1) - 1) % PALETTE.length]; });
    if (config.title) $("ag-title").textContent = config.title;
    cy = cytoscape({
      container: $("ag-canvas"),
      elements: { nodes: nodes, edges: edges },
      style: cyStyle(),
      layout: { name: "preset", fit: true, padding: 30 },
      wheelSensitivity: 0.3,
      minZoom: 0.05,
      maxZoom: 6
    });
    window.agCy = cy;  // for tests and the curious
    controls(nodes, edges);
    cy.on("tap", "node", function (ev) {
      var iri = ev.target.id();
      if (config.mode === "server") window.location.href = href(iri);
      else window.open(href(iri), "_blank", "noopener");
    });
    cy.on("mouseover", "node", function (ev) { showActor(ev.target); });
    cy.on("mouseover", "edge", function (ev) { ev.target.addClass("hover"); });
    cy.on("mouseout", "edge", function (ev) { ev.target.removeClass("hover"); });
    cy.on("zoom", function () { cy.edges().toggleClass("labelled", cy.zoom() >= LABEL_ZOOM); });
    colour();
    cy.on("tap", "edge", function (ev) { showEdge(ev.target); });
    applyFilters();
    if (cy.nodes(".hidden").length) {  // only the top N shown: lay them out by themselves, filling the view
      $("ag-layout").value = "cose";
      runLayout("cose");
    }
    document.body.setAttribute("data-ag-ready", "1");
  }

  function check(container, name, value, swatch) {
    var box = el("input", { type: "checkbox", value: value.key, "data-kind": name });
    box.checked = true;
    box.addEventListener("change", applyFilters);
    container.appendChild(el("label", { class: "ag-check" }, [box, swatch, document.createTextNode(" " + value.label)]));
  }

  function controls(nodes, edges) {
    var types = {}, relations = {}, lo = "", hi = "";
    nodes.forEach(function (n) { types[n.data.type] = true; });
    edges.forEach(function (e) {
      relations[e.data.relation] = true;
      if (e.data.first_date && (!lo || e.data.first_date < lo)) lo = e.data.first_date;
      if (e.data.last_date && (!hi || e.data.last_date > hi)) hi = e.data.last_date;
    });
    Object.keys(style.types).filter(function (t) { return types[t]; }).forEach(function (t) {
      check($("ag-types"), "type", { key: t, label: style.types[t].label },
        el("span", { class: "ag-swatch", style: "background:" + style.types[t].color }));
    });
    Object.keys(style.relations).filter(function (r) { return relations[r]; }).forEach(function (r) {
      var s = style.relations[r];
      check($("ag-relations"), "relation", { key: r, label: s.label },
        el("span", { class: "ag-line", style: "border-top-style:" + (DASH[s.dash] || "solid") + ";border-top-color:" + s.color }));
    });
    ["ag-from", "ag-to"].forEach(function (id) {
      $(id).min = lo; $(id).max = hi;
      $(id).addEventListener("change", applyFilters);
    });
    $("ag-min-weight").addEventListener("input", applyFilters);
    if ($("ag-top")) {
      $("ag-top").max = nodes.length;
      $("ag-top").addEventListener("input", function () { applyFilters(); cy.fit(cy.elements().not(".hidden"), 30); });
    }
    if ($("ag-colour")) $("ag-colour").addEventListener("change", colour);
    var list = $("ag-actors");
    nodes.slice().sort(function (a, b) { return a.data.label.localeCompare(b.data.label); }).forEach(function (n) {
      list.appendChild(el("option", { value: n.data.label }));
      if (n.data.short !== n.data.label) list.appendChild(el("option", { value: n.data.short }));
    });
    $("ag-search").addEventListener("change", search);
    $("ag-search").addEventListener("keydown", function (ev) { if (ev.key === "Enter") search(); });
    $("ag-ego").addEventListener("click", function () {
      if (state.selected) {
        state.ego = state.selected; applyFilters();
        cy.animate({ fit: { eles: cy.elements().not(".hidden"), padding: 60 } }, { duration: 300 });
      }
    });
    $("ag-reset").addEventListener("click", function () {
      state.ego = null; $("ag-search").value = ""; $("ag-ego").disabled = true;
      cy.nodes().removeClass("focus"); applyFilters(); cy.fit(cy.elements(":visible"), 30);
    });
    $("ag-layout").addEventListener("change", function () { runLayout($("ag-layout").value); });
  }

  function checked(kind) {
    var out = {};
    document.querySelectorAll('input[data-kind="' + kind + '"]').forEach(function (b) { if (b.checked) out[b.value] = true; });
    return out;
  }

  /* An item is kept when its date span overlaps [from, to]; undated items only without a date filter. */
  function keptItems(items, from, to) {
    if (!from && !to) return items;
    return items.filter(function (i) {
      if (!i.dates || !i.dates.length) return false;
      return (!to || i.dates[0] <= to) && (!from || i.dates[i.dates.length - 1] >= from);
    });
  }

  function applyFilters() {
    var types = checked("type"), relations = checked("relation");
    var from = $("ag-from").value, to = $("ag-to").value;
    var min = Math.max(1, parseInt($("ag-min-weight").value, 10) || 1);
    cy.batch(function () {
      var visibleNodes = {};
      cy.edges().forEach(function (e) {
        var d = e.data();
        var items = keptItems(d.items, from, to);
        var arts = {};
        items.forEach(function (i) { i.articles.forEach(function (a) { arts[a] = true; }); });
        var weight = items.length ? Math.max(1, Object.keys(arts).length) : 0;
        var ok = relations[d.relation] && weight >= min &&
          types[e.source().data("type")] && types[e.target().data("type")];
        e.data("shown", weight);
        e.data("rlabel", edgeLabel(d.relation, weight));
        e.toggleClass("hidden", !ok);
        if (ok) { visibleNodes[d.source] = true; visibleNodes[d.target] = true; }
      });
      var ego = null;
      if (state.ego) {
        ego = {}; ego[state.ego] = true;
        cy.getElementById(state.ego).connectedEdges().not(".hidden").forEach(function (e) {
          ego[e.data("source")] = true; ego[e.data("target")] = true;
        });
        cy.edges().forEach(function (e) {
          if (!(ego[e.data("source")] && ego[e.data("target")])) e.addClass("hidden");
        });
      }
      // past the top N by weighted degree (over the relations still shown), actors are left out
      var top = $("ag-top") ? parseInt($("ag-top").value, 10) : 0;
      if (!ego && top > 0) {
        var wd = {};
        cy.edges().not(".hidden").forEach(function (e) {
          var w = e.data("shown");
          wd[e.data("source")] = (wd[e.data("source")] || 0) + w;
          wd[e.data("target")] = (wd[e.data("target")] || 0) + w;
        });
        var ranked = Object.keys(visibleNodes).sort(function (a, b) {
          return (wd[b] || 0) - (wd[a] || 0) || (a < b ? -1 : a > b ? 1 : 0);
        });
        if (ranked.length > top) {
          var keep = {};
          ranked.slice(0, top).forEach(function (id) { keep[id] = true; });
          cy.edges().forEach(function (e) {
            if (!(keep[e.data("source")] && keep[e.data("target")])) e.addClass("hidden");
          });
          visibleNodes = {};
          cy.edges().not(".hidden").forEach(function (e) {
            visibleNodes[e.data("source")] = true; visibleNodes[e.data("target")] = true;
          });
        }
      }
      cy.nodes().forEach(function (n) {
        var ok = visibleNodes[n.id()] && (!ego || ego[n.id()]);
        n.toggleClass("hidden", !ok);
      });
    });
    var n = cy.nodes().not(".hidden").length, m = cy.edges().not(".hidden").length;
    var all = cy.nodes().length;
    $("ag-count").textContent = n + " actors · " + m + " relations shown" + (n < all ? " (of " + all + " actors)" : "");
    document.body.setAttribute("data-ag-visible", n + "/" + m);
  }

  function colour() {
    var byCommunity = !$("ag-colour") || $("ag-colour").value === "community";
    cy.nodes().toggleClass("bycommunity", byCommunity);
  }

  function search() {
    var q = $("ag-search").value.trim().toLowerCase();
    if (!q) return;
    var hit = cy.nodes().filter(function (n) {
      var d = n.data();
      return d.label.toLowerCase() === q || d.short.toLowerCase() === q ||
        (d.names || []).some(function (x) { return x.toLowerCase() === q; });
    });
    if (!hit.length) hit = cy.nodes().filter(function (n) { return n.data("label").toLowerCase().indexOf(q) >= 0; });
    if (!hit.length) { $("ag-count").textContent = "No actor matches “" + $("ag-search").value + "”."; return; }
    var node = hit[0];
    cy.nodes().removeClass("focus");
    node.addClass("focus");
    state.selected = node.id();
    $("ag-ego").disabled = false;
    showActor(node);
    cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 300 });
  }

  function runLayout(name) {
    var visible = cy.elements().not(".hidden");
    var opts = { name: name, fit: true, padding: 30, animate: false };
    if (name === "preset") opts.positions = function (n) { return n.data("home"); };
    if (name === "concentric") {
      opts.concentric = function (n) { return n.data("pagerank") || 0; };
      opts.levelWidth = function () { return 0.02; };
    }
    if (name === "cose") { opts.randomize = false; opts.nodeRepulsion = function () { return 9000; }; opts.idealEdgeLength = function () { return 90; }; }
    visible.layout(opts).run();
  }

  function fig(label, value) {
    return [el("dt", { text: label }), el("dd", { text: String(value) })];
  }

  function showActor(node) {
    var d = node.data();
    var panel = $("ag-evidence");
    panel.innerHTML = "";
    panel.appendChild(el("h2", { text: d.label }));
    panel.appendChild(el("p", { class: "ag-meta", text: d.type + (d.names && d.names.length ? " · also " + d.names.join(", ") : "") }));
    var dl = el("dl", { class: "ag-figures" });
    var arts = d.articles !== undefined ? d.articles : d.mentions;
    [["mentioned in", arts + (arts === 1 ? " article" : " articles")], ["degree", d.degree], ["weighted degree", d.weighted_degree],
     ["PageRank", (d.pagerank || 0).toFixed(4)], ["betweenness", (d.betweenness || 0).toFixed(4)],
     ["eigenvector", (d.eigenvector || 0).toFixed(4)], ["community", d.community]].forEach(function (p) {
      fig(p[0], p[1]).forEach(function (x) { dl.appendChild(x); });
    });
    panel.appendChild(dl);
    panel.appendChild(el("p", {}, [el("a", { href: href(d.id), text: "Open the entity page →" })]));
  }

  function showEdge(edge) {
    var d = edge.data();
    var panel = $("ag-evidence");
    var rel = (style.relations[d.relation] || { label: d.relation }).label;
    panel.innerHTML = "";
    panel.appendChild(el("h2", { text: edge.source().data("label") + " " + rel + " " + edge.target().data("label") }));
    panel.appendChild(el("p", { class: "ag-meta", text: d.shown + " supporting article(s)" +
      (d.first_date ? " · " + d.first_date + (d.last_date !== d.first_date ? " – " + d.last_date : "") : "") }));
    var list = el("div", { class: "ag-items", id: "ag-items" });
    panel.appendChild(list);
    var from = $("ag-from").value, to = $("ag-to").value;
    if (config.mode === "standalone") {
      renderItems(list, keptItems(d.items, from, to));
      return;
    }
    list.appendChild(el("p", { class: "ag-hint", text: "Loading the evidence…" }));
    var params = new URLSearchParams({ source: d.source, target: d.target, relation: d.relation });
    if (from) params.set("from", from);
    if (to) params.set("to", to);
    fetch(config.evidenceUrl + "?" + params.toString(), { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(function (body) { list.innerHTML = ""; renderItems(list, body.evidence); })
      .catch(function (err) { list.innerHTML = ""; list.appendChild(el("p", { text: "The evidence could not be loaded: " + err.message })); });
  }

  function articleLink(iri) {
    var a = articles[iri] || {};
    var text = (a.label || iri) + (a.published ? " (" + a.published + ")" : "");
    return el("a", { href: href(iri), text: text });
  }

  function renderItems(list, items) {
    if (!items.length) { list.appendChild(el("p", { class: "ag-hint", text: "No evidence in this date range." })); return; }
    items.forEach(function (i) {
      var kind = { deployment: "deployment", statement: "statement", "co-mention": "named together in an article",
        fact: "stated in the entity graph" }[i.kind] || i.kind;
      var box = el("div", { class: "ag-item" }, [
        el("div", { class: "ag-item-kind", text: kind + (i.dates && i.dates.length ? " · " + i.dates.join(" – ") : "") })
      ]);
      if (i.text) {
        var title = el("div", { class: "ag-item-text" });
        if (i.id && i.kind !== "co-mention") title.appendChild(el("a", { href: href(i.id), text: i.text }));
        else title.textContent = i.text;
        box.appendChild(title);
      }
      (i.sentences || []).forEach(function (s) {
        box.appendChild(el("blockquote", { class: "ag-sentence" }, [
          document.createTextNode(s.text),
          el("span", { class: "ag-source" }, [document.createTextNode("— "), articleLink(s.article)])
        ]));
      });
      if (!(i.sentences || []).length && i.articles.length) {
        var p = el("p", { class: "ag-articles" }, [document.createTextNode("Articles: ")]);
        i.articles.forEach(function (a, k) {
          if (k) p.appendChild(document.createTextNode(", "));
          p.appendChild(articleLink(typeof a === "string" ? a : a.iri));
        });
        box.appendChild(p);
      }
      list.appendChild(box);
    });
  }

  load().then(function (data) {
    data.elements.nodes.forEach(function (n) { n.data.home = { x: n.position.x, y: n.position.y }; });
    build(data);
  }).catch(function (err) {
    $("ag-canvas").appendChild(el("p", { class: "ag-hint", text: String(err.message || err) }));
  });
})();
