/* The query editor: YASGUI aimed at this server's /sparql, offline.
 *
 * Nothing here (or in the vendored bundle, as configured) talks to another host:
 * prefixes come from /ui/prefixes.json instead of prefix.cc, and class/property
 * completion from the terms this store uses instead of Linked Open Vocabularies.
 */
(function () {
  "use strict";

  var root = document.getElementById("yasgui");
  if (!root || !window.Yasgui) return;
  var saved = JSON.parse(document.getElementById("kg-saved").textContent);
  var prefixes = JSON.parse(document.getElementById("kg-prefixes").textContent);
  var endpoint = new URL(root.dataset.endpoint, window.location.href).toString();
  var idBase = root.dataset.idBase;
  var Yasqe = Yasgui.Yasqe;
  var Yasr = Yasgui.Yasr;

  // --- completion from this store, not from the internet -----------------------
  var termsPromise = null;
  function terms() {
    if (!termsPromise) {
      termsPromise = fetch(root.dataset.termsUrl)
        .then(function (r) { return r.ok ? r.json() : { classes: [], properties: [] }; })
        .catch(function () { return { classes: [], properties: [] }; });
    }
    return termsPromise;
  }
  function localCompleter(kind, base) {
    return Object.assign({}, base, {
      bulk: false,
      get: function (yasqe, token) {
        var typed = (token && token.autocompletionString) || "";
        return terms().then(function (t) {
          return t[kind].filter(function (iri) { return iri.indexOf(typed) === 0; });
        });
      },
    });
  }
  Yasqe.registerAutocompleter(localCompleter("classes", Yasqe.Autocompleters["class"]));
  Yasqe.registerAutocompleter(localCompleter("properties", Yasqe.Autocompleters.property));

  // --- our IRIs open their page on this server, not on w3id.org --------------
  var idHref = new RegExp("href=([\"'])" + idBase.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"), "g");
  var Table = Yasr.plugins.table;
  if (Table && Table.prototype.getUriLinkFromBinding) {
    var original = Table.prototype.getUriLinkFromBinding;
    Table.prototype.getUriLinkFromBinding = function (binding, prefixMap) {
      var html = original.call(this, binding, prefixMap);
      return html.replace(idHref, "href=$1/id/");
    };
  }

  // --- readable tables: whole cells, no datatypes, names instead of our IRIs ----
  if (Table && Table.prototype.draw) {
    var draw = Table.prototype.draw;
    Table.prototype.draw = function (config) {
      // the user's own choice (stored by the table's switches) wins over these defaults
      var out = draw.call(this, Object.assign({ compact: true, isEllipsed: false }, config || {}));
      var table = this;
      relabel(table.tableEl);
      if (table.dataTable && table.dataTable.on) table.dataTable.on("draw", function () { relabel(table.tableEl); });
      return out;
    };
  }
  var labels = {};
  function relabel(el) {
    if (!el) return;
    var links = Array.prototype.slice.call(el.querySelectorAll("a.iri[href^='/id/']:not([data-kg-label])"));
    var iri = function (a) { return idBase + a.getAttribute("href").slice(4); };
    var want = links.map(iri).filter(function (i, n, all) { return !(i in labels) && all.indexOf(i) === n; });
    var ready = want.length ? fetch(root.dataset.labelsUrl, {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ iris: want.slice(0, 1000) }),
    }).then(function (r) { return r.ok ? r.json() : {}; }).then(function (found) {
      want.forEach(function (i) { labels[i] = found[i] || null; });
    }).catch(function () {}) : Promise.resolve();
    ready.then(function () {
      links.forEach(function (a) {
        var name = labels[iri(a)];
        if (!name) return;
        a.title = iri(a);
        a.textContent = name;
        a.setAttribute("data-kg-label", "1");
      });
    });
  }

  var header = Object.keys(prefixes).filter(function (p) {
    return ["kg", "id", "schema", "rdfs", "skos", "xsd"].indexOf(p) >= 0;
  }).map(function (p) { return "PREFIX " + p + ": <" + prefixes[p] + ">"; }).join("\n");
  var firstQuery = header + "\n\n# Who said the most? Click a saved query above for more.\n" +
    "SELECT ?speaker ?name (COUNT(?st) AS ?statements) WHERE {\n" +
    "  ?st a kg:Statement ; kg:speaker ?speaker .\n" +
    "  ?speaker rdfs:label ?name .\n" +
    "} GROUP BY ?speaker ?name ORDER BY DESC(?statements) LIMIT 20\n";

  var yasgui = new Yasgui(root, {
    // One state per server address, so a restart on another port starts clean.
    persistenceId: "kg-" + window.location.host,
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    // A share link (/query?query=...) opens its query in a new tab, in any browser; whatever
    // endpoint the link names, the tab asks this server.
    populateFromUrl: function (config) {
      config.requestConfig = Object.assign({}, config.requestConfig, { endpoint: endpoint });
      return config;
    },
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
    yasqe: {
      value: firstQuery,
      prefixCcApi: root.dataset.prefixesUrl,
      autocompleters: ["variables", "prefixes", "class", "property"],
      resizeable: true,
      editorHeight: "300px",
    },
    yasr: {
      prefixes: prefixes,
      pluginOrder: ["table", "kgchart", "kggraph", "response"],
      defaultPlugin: "table",
    },
  });

  function aimAtUs(tab) {
    if (tab && tab.getEndpoint() !== endpoint) tab.setEndpoint(endpoint);
  }
  aimAtUs(yasgui.getTab());
  yasgui.on("tabSelect", function (y, id) { aimAtUs(y.getTab(id)); });
  yasgui.on("tabAdd", function (y, id) { aimAtUs(y.getTab(id)); });

  // --- saved queries: one click opens (or reuses) a tab and runs the query -----
  function openSaved(name) {
    var q = saved.find(function (s) { return s.name === name; });
    if (!q) return;
    var tab = yasgui.tabNameTaken(q.title);
    if (tab) {
      yasgui.selectTabId(tab.getId());
    } else {
      tab = yasgui.addTab(true, { name: q.title });
    }
    aimAtUs(tab);
    tab.setQuery(q.query);
    tab.query();
    document.querySelectorAll("button.saved").forEach(function (b) {
      b.classList.toggle("active", b.dataset.name === name);
    });
  }
  document.querySelectorAll("button.saved").forEach(function (b) {
    b.addEventListener("click", function () { openSaved(b.dataset.name); });
  });
  var m = /(?:^#|&)saved=([\w-]+)/.exec(window.location.hash);
  if (m) openSaved(m[1]);
  // --- downloads: the current tab's query, answered by /sparql as a file --------------
  var download = document.getElementById("kg-download");
  if (download) {
    download.addEventListener("submit", function () {
      download.elements.query.value = yasgui.getTab().getQuery();
    });
  }
  window.kgYasgui = yasgui; // for the browser test and the curious
  window.kgEndpoint = endpoint; // the graph view asks it for node names
})();
