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

  // The register's rows come as data (a JSON script beside the table): the rows that pass the
  // filters are written in sorted order, a page of them at a time, the next page when the end of the
  // table comes into view (or its button is pressed, or the page is printed), so that the first rows
  // show and a keystroke answers whatever the size of the base.
  var PAGE_ROWS = 60;

  function textCell(row, text, className) {
    var cell = document.createElement("td");
    if (className) cell.className = className;
    cell.textContent = text;
    row.appendChild(cell);
    return cell;
  }

  function badge(cell, count, word, className) {
    if (!count) return;
    var span = document.createElement("span");
    span.className = "qd-badge " + className;
    span.textContent = count + " " + word + (count < 2 ? "" : "s");
    cell.appendChild(span);
    cell.appendChild(document.createTextNode(" "));
  }

  function rowElement(item) {
    var row = document.createElement("tr");
    var first = textCell(row, "", "qd-ref"), link = document.createElement("a");
    link.href = item.lien;
    link.textContent = item.reference;
    first.appendChild(link);
    item.cellules.forEach(function (text) { textCell(row, text); });
    item.dates.forEach(function (date) { textCell(row, date[1]).setAttribute("data-sort", date[0]); });
    var engagements = textCell(row, "");
    item.engagements.forEach(function (code, index) {
      if (index) engagements.appendChild(document.createTextNode(", "));
      var span = document.createElement("span");
      span.className = "qd-ref";
      span.textContent = code;
      engagements.appendChild(span);
    });
    var pieces = textCell(row, "");
    item.pieces.forEach(function (piece, index) {
      if (index) pieces.appendChild(document.createElement("br"));
      if (piece.lien) {
        var anchor = document.createElement("a");
        anchor.className = "qd-ref";
        anchor.href = piece.lien;
        anchor.title = piece.titre;
        anchor.textContent = piece.nom;
        pieces.appendChild(anchor);
      } else {
        pieces.appendChild(document.createTextNode(piece.nom + " "));
        var small = document.createElement("small");
        small.textContent = "(" + piece.motif + ")";
        pieces.appendChild(small);
      }
    });
    var findings = textCell(row, "");
    findings.setAttribute("data-sort", String(item.erreurs * 10000 + item.avertissements));
    badge(findings, item.erreurs, "erreur", "qd-error");
    badge(findings, item.avertissements, "avertissement", "qd-warning");
    return row;
  }

  function searchText(item) {
    return fold([item.reference].concat(item.cellules, item.dates.map(function (d) { return d[1]; }),
      item.engagements, item.pieces.map(function (p) { return p.nom + " " + (p.motif || ""); })).join(" "));
  }

  function sortKey(item, column) {  // as tablesort did: the data-sort value, else the text, without case
    if (column === 0) return item.reference.toLowerCase();
    if (column <= 7) return item.cellules[column - 1].toLowerCase();
    if (column <= 10) return item.dates[column - 8][0];
    if (column === 11) return item.engagements.join(", ").toLowerCase();
    if (column === 12) return item.pieces.map(function (p) { return p.nom; }).join(" ").toLowerCase();
    return item.erreurs * 10000 + item.avertissements;
  }

  function DataRegister(panel, table, items) {
    this.panel = panel;
    this.table = table;
    this.items = items;
    this.order = items.map(function (_, index) { return index; });
    this.sort = null;  // {column, descending}
    this.texts = null;
  }

  DataRegister.prototype.matches = function (state) {
    var obsoleteLabel = this.panel.getAttribute("data-qd-obsolete-label");
    var showObsolete = state.obsoletes === "1" || (state.statut && state.statut === obsoleteLabel);
    var wanted = {};
    Object.keys(state).forEach(function (key) {
      if (key !== "texte" && key !== "obsoletes" && key !== "tri" && state[key]) wanted[key] = state[key];
    });
    var query = words(state.texte || "");
    if (query.length && !this.texts) this.texts = this.items.map(searchText);
    var items = this.items, texts = this.texts;
    return this.order.filter(function (index) {
      var item = items[index];
      if (!showObsolete && item.obsolete) return false;
      for (var key in wanted) {
        if (key === "site") {  // a document may name several sites; « Tous sites » counts for each
          if (!item.tous_sites && item.filtres.site.indexOf(wanted.site) === -1) return false;
        } else if (item.filtres[key] !== wanted[key]) return false;
      }
      for (var w = 0; w < query.length; w++) if (texts[index].indexOf(query[w]) === -1) return false;
      return true;
    });
  };

  DataRegister.prototype.show = function (state) {
    this.shown = this.matches(state);
    var body = this.table.tBodies[0], fresh = document.createElement("tbody");
    body.parentNode.replaceChild(fresh, body);
    this.written = 0;
    this.more();
    var count = this.panel.querySelector("[data-qd-count]"), total = this.items.length, shown = this.shown.length;
    if (count) count.textContent = shown + (shown < 2 ? " document affiché sur " : " documents affichés sur ") + total;
  };

  DataRegister.prototype.more = function (all) {  // the next page of rows, or all of them
    var end = all ? this.shown.length : Math.min(this.written + PAGE_ROWS, this.shown.length);
    var rows = document.createDocumentFragment();
    for (var i = this.written; i < end; i++) rows.appendChild(rowElement(this.items[this.shown[i]]));
    this.table.tBodies[0].appendChild(rows);
    this.written = end;
    if (this.button) {
      var left = this.shown.length - end;
      this.button.hidden = left === 0;
      this.button.textContent = "Afficher " + Math.min(left, PAGE_ROWS) + " documents de plus (" + left + " restants)";
    }
  };

  DataRegister.prototype.watchTheEnd = function () {
    var self = this, button = document.createElement("button");
    button.type = "button";
    button.className = "md-button qd-more";
    button.hidden = true;
    button.addEventListener("click", function () { self.more(); });
    this.table.parentNode.insertBefore(button, this.table.nextSibling);
    this.button = button;
    if ("IntersectionObserver" in window) {
      new IntersectionObserver(function (entries) {
        if (entries[0].isIntersecting && !button.hidden) self.more();
      }, { rootMargin: "600px" }).observe(button);
    }
    window.addEventListener("beforeprint", function () { self.more(true); });
  };

  DataRegister.prototype.sortBy = function (column, descending) {
    var keys = this.items.map(function (item) { return sortKey(item, column); });
    this.order.sort(function (a, b) {
      var x = keys[a], y = keys[b];
      var order = x < y ? -1 : x > y ? 1 : a - b;  // stable: equal keys keep the file order
      return descending && x !== y ? -order : order;
    });
    this.sort = { column: column, descending: descending };
    var headers = this.table.tHead.rows[0].cells;
    for (var i = 0; i < headers.length; i++) {
      if (i === column) headers[i].setAttribute("aria-sort", descending ? "descending" : "ascending");
      else headers[i].removeAttribute("aria-sort");
    }
  };

  DataRegister.prototype.sortState = function () {
    return this.sort ? this.sort.column + "-" + (this.sort.descending ? "desc" : "asc") : "";
  };

  function setUpFilters(panel) {
    var table = document.getElementById(panel.getAttribute("data-qd-filters"));
    var source = table && document.getElementById(table.getAttribute("data-qd-rows"));
    if (!source || panel.dataset.qdReady) return;
    panel.dataset.qdReady = "1";
    var register = new DataRegister(panel, table, JSON.parse(source.textContent));
    register.watchTheEnd();
    function toAddress() {
      var state = controlState(panel);
      register.show(state);
      state.tri = register.sortState();
      writeState(state);
    }
    function fromAddress() {
      var state = readState();
      panel.querySelectorAll("[data-qd-filter]").forEach(function (control) {
        var value = state[control.getAttribute("data-qd-filter")] || "";
        if (control.type === "checkbox") control.checked = value === "1";
        else if (control.tagName === "SELECT") {
          control.value = Array.prototype.some.call(control.options, function (o) { return o.value === value; }) ? value : "";
        } else control.value = value;
      });
      var match = /^(\d+)-(asc|desc)$/.exec(state.tri || "");
      if (match && Number(match[1]) < table.tHead.rows[0].cells.length) register.sortBy(Number(match[1]), match[2] === "desc");
      register.show(controlState(panel));
    }
    panel.addEventListener("input", toAddress);
    panel.addEventListener("change", toAddress);
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
      header.addEventListener("click", function () {  // a first click sorts ascending, a second descending
        var again = register.sort && register.sort.column === column && !register.sort.descending;
        register.sortBy(column, again);
        toAddress();
      });
    });
    function ours() {  // `#pieces-jointes` (a heading) leaves the filters as they are
      var hash = window.location.hash;
      return hash.length < 2 || hash.indexOf("=") !== -1;
    }
    fromAddress();
    window.addEventListener("hashchange", function () { if (ours()) fromAddress(); });
    // Back: the address, not what the browser kept in the controls, decides.
    window.addEventListener("pageshow", function (event) { if (event.persisted && ours()) fromAddress(); });
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
