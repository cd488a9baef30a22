/* Two result views YASR lacks: a bar chart for counts, and a node-link graph.
 *
 * Both are plain SVG drawn here (no charting library, nothing fetched). They offer
 * themselves only when a result fits: the chart when a SELECT has a numeric column
 * beside a label column, the graph when rows link two IRIs or a CONSTRUCT returned
 * triples between IRIs.
 */
(function () {
  "use strict";
  if (!window.Yasgui) return;
  var Yasr = Yasgui.Yasr;
  var SVG = "http://www.w3.org/2000/svg";
  var NUMERIC = /#(integer|decimal|double|float|int|long|short|nonNegativeInteger|positiveInteger)$/;
  var ID_BASE = "https://w3id.org/kg-news/id/";

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(node);
    return node;
  }
  function shortName(iri) {
    var tail = iri.replace(/[#/]+$/, "").split(/[#/]/).pop();
    return decodeURIComponent(tail).replace(/-/g, " ");
  }
  function href(iri) {
    return iri.indexOf(ID_BASE) === 0 ? "/id/" + iri.slice(ID_BASE.length) : null;
  }
  function display(b) {
    if (!b) return "";
    return b.type === "uri" ? shortName(b.value) : b.value;
  }
  function icon(path) {
    var div = document.createElement("div");
    var svg = el("svg", { viewBox: "0 0 24 24", width: "16", height: "16" }, div);
    el("path", { d: path, fill: "currentColor" }, svg);
    return div;
  }
  function json(yasr) {
    if (!yasr.results || yasr.results.getType() !== "json") return null;
    var data = yasr.results.getAsJson();
    return data && data.results ? data : null;
  }

  // ---------------------------------------------------------------- chart
  function KgChart(yasr) {
    this.yasr = yasr;
    this.priority = 3;
    this.label = "Chart";
  }
  KgChart.prototype.columns = function () {
    var data = json(this.yasr);
    if (!data || !data.results.bindings.length) return null;
    var rows = data.results.bindings, vars = data.head.vars;
    var numeric = vars.filter(function (v) {
      return rows.every(function (r) {
        return r[v] && r[v].type !== "uri" && (NUMERIC.test(r[v].datatype || "") || /^-?\d+(\.\d+)?$/.test(r[v].value));
      });
    });
    var labels = vars.filter(function (v) { return numeric.indexOf(v) < 0; });
    if (!numeric.length || !labels.length) return null;
    // Prefer a literal name column (?name, ?label) over an IRI column for the bar labels.
    var named = labels.find(function (v) { return rows.every(function (r) { return r[v] && r[v].type !== "uri"; }); });
    var link = labels.find(function (v) { return rows.some(function (r) { return r[v] && r[v].type === "uri"; }); });
    return { rows: rows, value: numeric[0], label: named || labels[0], link: link };
  };
  KgChart.prototype.canHandleResults = function () { return !!this.columns(); };
  KgChart.prototype.getIcon = function () { return icon("M4 20h16v-2H4zm1-4h3V9H5zm5 0h3V4h-3zm5 0h3v-5h-3z"); };
  KgChart.prototype.draw = function () {
    var c = this.columns();
    var host = document.createElement("div");
    host.className = "kg-chart";
    this.yasr.resultsEl.appendChild(host);
    if (!c) return;
    var rows = c.rows.slice(0, 40);
    var values = rows.map(function (r) { return parseFloat(r[c.value].value); });
    var max = Math.max.apply(null, values.concat([0])) || 1;
    var barH = 22, gap = 6, labelW = 240, width = 860, top = 28;
    var svg = el("svg", { viewBox: "0 0 " + width + " " + (top + rows.length * (barH + gap) + 10), role: "img",
      "aria-label": c.value + " by " + c.label, "class": "kg-chart-svg" }, host);
    var title = el("text", { x: labelW, y: 16, "class": "kg-chart-title" }, svg);
    title.textContent = c.value + " by " + c.label + (c.rows.length > rows.length ? " (first " + rows.length + ")" : "");
    rows.forEach(function (r, i) {
      var y = top + i * (barH + gap);
      var w = Math.max(1, (width - labelW - 70) * values[i] / max);
      var text = display(r[c.label]);
      var target = c.link && r[c.link] && r[c.link].type === "uri" ? href(r[c.link].value) : null;
      var g = target ? el("a", { href: target }, svg) : svg;
      var t = el("text", { x: labelW - 8, y: y + barH * 0.7, "text-anchor": "end", "class": "kg-chart-label" }, g);
      t.textContent = text.length > 34 ? text.slice(0, 33) + "…" : text;
      el("rect", { x: labelW, y: y, width: w, height: barH, rx: 3, "class": "kg-chart-bar" }, g);
      var v = el("text", { x: labelW + w + 6, y: y + barH * 0.7, "class": "kg-chart-value" }, svg);
      v.textContent = r[c.value].value;
    });
  };

  // ---------------------------------------------------------------- graph
  function KgGraph(yasr) {
    this.yasr = yasr;
    this.priority = 3;
    this.label = "Graph";
  }
  KgGraph.prototype.edges = function () {
    var yasr = this.yasr, edges = [], names = {};
    if (!yasr.results) return null;
    if (yasr.results.getType() === "ttl") {
      var quads = yasr.results.getStatements();
      quads.forEach(function (q) {
        if (q.object.termType === "Literal" && /label$/i.test(q.predicate.value)) names[q.subject.value] = q.object.value;
        else if (q.object.termType === "NamedNode" && !/#type$/.test(q.predicate.value)) {
          edges.push([q.subject.value, q.object.value, shortName(q.predicate.value)]);
        }
      });
    } else {
      var data = json(yasr);
      if (!data) return null;
      var rows = data.results.bindings, vars = data.head.vars;
      var iriVars = vars.filter(function (v) {
        return rows.length && rows.every(function (r) { return !r[v] || r[v].type === "uri"; }) &&
          rows.some(function (r) { return r[v]; });
      });
      if (iriVars.length < 2) return null;
      var from = iriVars[0], to = iriVars[1], rel = iriVars[2];
      var labelOf = {};
      vars.forEach(function (v) {
        var m = /^(.*?)(Label|Name|_label|_name)$/i.exec(v);
        if (m && vars.indexOf(m[1]) >= 0) labelOf[m[1]] = v;
      });
      rows.forEach(function (r) {
        if (!r[from] || !r[to]) return;
        [from, to].forEach(function (v) { if (labelOf[v] && r[labelOf[v]]) names[r[v].value] = r[labelOf[v]].value; });
        edges.push([r[from].value, r[to].value, rel && r[rel] ? shortName(r[rel].value) : ""]);
      });
    }
    if (!edges.length || edges.length > 400) return null;
    return { edges: edges, names: names };
  };
  KgGraph.prototype.canHandleResults = function () { return !!this.edges(); };
  KgGraph.prototype.getIcon = function () {
    return icon("M17 3a3 3 0 1 1-2.8 4L9.9 9.3a3 3 0 0 1 0 1.4l4.3 2.3a3 3 0 1 1-.9 1.8L9 12.5a3 3 0 1 1 0-5l4.3-2.3A3 3 0 0 1 17 3z");
  };
  KgGraph.prototype.draw = function () {
    var data = this.edges();
    var host = document.createElement("div");
    host.className = "kg-graph";
    this.yasr.resultsEl.appendChild(host);
    if (!data) return;
    var index = {}, nodes = [];
    function node(iri) {
      if (!(iri in index)) { index[iri] = nodes.length; nodes.push({ iri: iri, degree: 0 }); }
      return index[iri];
    }
    var links = data.edges.map(function (e) {
      var a = node(e[0]), b = node(e[1]);
      nodes[a].degree++; nodes[b].degree++;
      return { a: a, b: b, label: e[2] };
    });
    layout(nodes, links);
    var W = 900, H = 560;
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, "class": "kg-graph-svg", role: "img", "aria-label": "result graph" }, host);
    links.forEach(function (l) {
      var p = nodes[l.a], q = nodes[l.b];
      var line = el("line", { x1: p.x, y1: p.y, x2: q.x, y2: q.y, "class": "kg-graph-edge" }, svg);
      if (l.label) el("title", {}, line).textContent = l.label;
    });
    nodes.forEach(function (n) {
      var target = href(n.iri);
      var g = target ? el("a", { href: target }, svg) : el("g", {}, svg);
      var r = 4 + Math.min(10, Math.sqrt(n.degree) * 2);
      el("circle", { cx: n.x, cy: n.y, r: r, "class": "kg-graph-node kind-" + (n.iri.slice(ID_BASE.length).split("/")[0] || "other") }, g);
      var t = el("text", { x: n.x + r + 3, y: n.y + 4, "class": "kg-graph-label" }, g);
      t.textContent = data.names[n.iri] || shortName(n.iri);
      n.textEl = t;
      el("title", {}, g).textContent = n.iri;
    });
    var unnamed = nodes.filter(function (n) { return !data.names[n.iri] && /^https?:/.test(n.iri); });
    fetchLabels(this.yasr, unnamed.slice(0, 300).map(function (n) { return n.iri; }), function (names) {
      unnamed.forEach(function (n) { if (names[n.iri]) n.textEl.textContent = names[n.iri]; });
    });
  };

  /* Fruchterman-Reingold with a pull to the centre (so separate components stay close),
   * deterministic (nodes start on a circle), then scaled to fill the 900x560 box. */
  function layout(nodes, links) {
    var W = 900, H = 560, n = nodes.length;
    var k = Math.sqrt((W * H) / Math.max(1, n)) * 0.5;
    nodes.forEach(function (p, i) {
      var a = (2 * Math.PI * i) / Math.max(1, n);
      p.x = W / 2 + (W / 4) * Math.cos(a); p.y = H / 2 + (H / 4) * Math.sin(a);
    });
    var temp = k;
    for (var it = 0; it < 300; it++) {
      nodes.forEach(function (p) { p.dx = 0; p.dy = 0; });
      for (var i = 0; i < n; i++) {
        for (var j = i + 1; j < n; j++) {
          var dx = nodes[i].x - nodes[j].x, dy = nodes[i].y - nodes[j].y;
          var d = Math.max(0.01, Math.sqrt(dx * dx + dy * dy)), f = (k * k) / d;
          nodes[i].dx += (dx / d) * f; nodes[i].dy += (dy / d) * f;
          nodes[j].dx -= (dx / d) * f; nodes[j].dy -= (dy / d) * f;
        }
      }
      links.forEach(function (l) {
        var p = nodes[l.a], q = nodes[l.b];
        var dx = p.x - q.x, dy = p.y - q.y, d = Math.max(0.01, Math.sqrt(dx * dx + dy * dy)), f = (d * d) / k;
        p.dx -= (dx / d) * f; p.dy -= (dy / d) * f; q.dx += (dx / d) * f; q.dy += (dy / d) * f;
      });
      nodes.forEach(function (p) {
        p.dx -= (p.x - W / 2) * 0.6; p.dy -= (p.y - H / 2) * 0.6;  // gravity
        var d = Math.max(0.01, Math.sqrt(p.dx * p.dx + p.dy * p.dy)), step = Math.min(d, temp);
        p.x += (p.dx / d) * step; p.y += (p.dy / d) * step;
      });
      temp = Math.max(0.5, temp * 0.97);
    }
    var xs = nodes.map(function (p) { return p.x; }), ys = nodes.map(function (p) { return p.y; });
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    nodes.forEach(function (p) {
      p.x = 40 + (x1 > x0 ? (p.x - x0) / (x1 - x0) : 0.5) * (W - 200);
      p.y = 30 + (y1 > y0 ? (p.y - y0) / (y1 - y0) : 0.5) * (H - 60);
    });
  }

  /* Names for the nodes of a CONSTRUCT result, asked of the same endpoint. */
  function fetchLabels(yasr, iris, done) {
    var endpoint = window.kgEndpoint;
    if (!endpoint || !iris.length) return;
    var q = "SELECT ?s ?l WHERE { VALUES ?s { " + iris.map(function (i) { return "<" + i + ">"; }).join(" ") +
      " } ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }";
    fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/sparql-results+json" },
      body: "query=" + encodeURIComponent(q),
    }).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
      if (!data) return;
      var names = {};
      data.results.bindings.forEach(function (b) { names[b.s.value] = b.l.value; });
      done(names);
    }).catch(function () {});
  }

  Yasr.registerPlugin("kgchart", KgChart);
  Yasr.registerPlugin("kggraph", KgGraph);
})();
