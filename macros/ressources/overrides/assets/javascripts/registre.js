/* Register and report tables: sorting (tablesort, shipped with the site) and filtering, offline.
   The filters and the sort live in the address (#type=…&service=…&tri=2-desc), so that Back and a
   link (from the home page, in a mail) show the same rows; the text filter forgives accents,
   capitals and plurals, as the header search does. */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\u0153/g, "oe").toLowerCase();
  }

  function words(query) {  // a plural's final s or x dropped, as in the header search
    return fold(query).split(/\s+/).filter(Boolean).map(function (word) {
      return word.length > 3 ? word.replace(/([^s])[sx]$/, "$1") : word;
    });
  }

  function readState() {
    var state = {};
    (window.location.hash.replace(/^#/, "") || "").split("&").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (at > 0) {
        try { state[decodeURIComponent(pair.slice(0, at))] = decodeURIComponent(pair.slice(at + 1)); } catch (e) {}
      }
    });
    return state;
  }

  function writeState(state) {
    var pairs = Object.keys(state).filter(function (key) { return state[key]; }).map(function (key) {
      return encodeURIComponent(key) + "=" + encodeURIComponent(state[key]);
    });
    var url = window.location.href.replace(/#.*$/, "") + (pairs.length ? "#" + pairs.join("&") : "");
    try { window.history.replaceState(null, "", url); } catch (e) {}
  }

  function controlState(panel) {
    var state = {};
    panel.querySelectorAll("[data-qd-filter]").forEach(function (control) {
      var key = control.getAttribute("data-qd-filter");
      state[key] = control.type === "checkbox" ? (control.checked ? "1" : "") : control.value.trim();
    });
    return state;
  }

  function applyFilters(panel, table, texts) {
    var state = controlState(panel), wanted = {};
    var obsoleteLabel = panel.getAttribute("data-qd-obsolete-label");
    var showObsolete = state.obsoletes === "1" || (state.statut && state.statut === obsoleteLabel);
    Object.keys(state).forEach(function (key) {
      if (key !== "texte" && key !== "obsoletes" && state[key]) wanted[key] = state[key];
    });
    var query = words(state.texte || "");
    var shown = 0, rows = table.tBodies[0].rows;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i], visible = showObsolete || row.getAttribute("data-obsolete") !== "1";
      for (var key in wanted) {
        if (key === "site") {  // a document may name several sites; « Tous sites » counts for each
          var sites = (row.getAttribute("data-site") || "").split("|");
          if (row.getAttribute("data-all-sites") !== "1" && sites.indexOf(wanted[key]) === -1) visible = false;
        } else if (row.getAttribute("data-" + key) !== wanted[key]) visible = false;
      }
      if (visible && query.length) {
        var text = texts.get(row);
        if (text === undefined) { text = fold(row.textContent); texts.set(row, text); }
        for (var w = 0; w < query.length && visible; w++) if (text.indexOf(query[w]) === -1) visible = false;
      }
      row.hidden = !visible;
      if (visible) shown++;
    }
    var count = panel.querySelector("[data-qd-count]");
    if (count) count.textContent = shown + (shown < 2 ? " document affiché sur " : " documents affichés sur ") + rows.length;
    return state;
  }

  function sortState(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    for (var i = 0; i < headers.length; i++) {
      var sort = headers[i].getAttribute("aria-sort");
      if (sort === "ascending" || sort === "descending") return i + "-" + (sort === "ascending" ? "asc" : "desc");
    }
    return "";
  }

  function restoreSort(table, wanted) {
    var match = /^(\d+)-(asc|desc)$/.exec(wanted || "");
    var header = match && table.tHead && table.tHead.rows[0].cells[Number(match[1])];
    if (!header) return;
    header.click();  // tablesort: a first click sorts ascending, a second descending
    if (match[2] === "desc" && header.getAttribute("aria-sort") !== "descending") header.click();
  }

  function setUpFilters(panel) {
    var table = document.getElementById(panel.getAttribute("data-qd-filters"));
    if (!table || panel.dataset.qdReady) return;
    panel.dataset.qdReady = "1";
    var texts = new WeakMap();
    function fromAddress() {
      var state = readState();
      panel.querySelectorAll("[data-qd-filter]").forEach(function (control) {
        var value = state[control.getAttribute("data-qd-filter")] || "";
        if (control.type === "checkbox") control.checked = value === "1";
        else if (control.tagName === "SELECT") {
          control.value = Array.prototype.some.call(control.options, function (o) { return o.value === value; }) ? value : "";
        } else control.value = value;
      });
      applyFilters(panel, table, texts);
      return state;
    }
    function toAddress() {
      var state = applyFilters(panel, table, texts);
      state.tri = sortState(table);
      writeState(state);
    }
    panel.addEventListener("input", toAddress);
    panel.addEventListener("change", toAddress);
    table.addEventListener("afterSort", function () { writeState(Object.assign(controlState(panel), { tri: sortState(table) })); });
    function ours() {  // `#pieces-jointes` (a heading) leaves the filters as they are
      var hash = window.location.hash;
      return hash.length < 2 || hash.indexOf("=") !== -1;
    }
    restoreSort(table, fromAddress().tri);
    window.addEventListener("hashchange", function () { if (ours()) fromAddress(); });
    // Back: the address, not what the browser kept in the controls, decides.
    window.addEventListener("pageshow", function () { if (ours()) fromAddress(); });
  }

  function labelScrollRegions() {  // Material wraps the tables of a text in a scroll box: reachable, named
    document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])").forEach(function (wrap) {
      var caption = wrap.querySelector("caption");
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", caption ? caption.textContent.trim() : "Tableau");
    });
  }

  function setUp() {
    labelScrollRegions();
    window.addEventListener("load", labelScrollRegions);
    document.querySelectorAll("table[data-qd-sortable]").forEach(function (table) {
      if (!table.dataset.qdReady && window.Tablesort) {
        new Tablesort(table);
        table.dataset.qdReady = "1";
      }
    });
    document.querySelectorAll("[data-qd-filters]").forEach(setUpFilters);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
