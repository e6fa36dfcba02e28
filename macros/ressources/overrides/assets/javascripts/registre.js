/* Register and report tables: sorting (tablesort, shipped with the site) and filtering, offline. */
(function () {
  "use strict";

  function applyFilters(panel, table) {
    var controls = panel.querySelectorAll("[data-qd-filter]");
    var text = "", wanted = {}, showObsolete = false;
    controls.forEach(function (control) {
      var key = control.getAttribute("data-qd-filter");
      if (key === "texte") text = control.value.trim().toLowerCase();
      else if (key === "obsoletes") showObsolete = control.checked;
      else if (control.value) wanted[key] = control.value;
    });
    var shown = 0, rows = table.tBodies[0].rows;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i], visible = showObsolete || row.getAttribute("data-obsolete") !== "1";
      for (var key in wanted) {
        if (key === "site") {  // a document may name several sites; « Tous sites » counts for each
          var sites = (row.getAttribute("data-site") || "").split("|");
          if (row.getAttribute("data-all-sites") !== "1" && sites.indexOf(wanted[key]) === -1) visible = false;
        } else if (row.getAttribute("data-" + key) !== wanted[key]) visible = false;
      }
      if (visible && text && row.textContent.toLowerCase().indexOf(text) === -1) visible = false;
      row.hidden = !visible;
      if (visible) shown++;
    }
    var count = panel.querySelector("[data-qd-count]");
    if (count) count.textContent = shown + (shown < 2 ? " document affiché sur " : " documents affichés sur ") + rows.length;
  }

  function setUp() {
    document.querySelectorAll("table[data-qd-sortable]").forEach(function (table) {
      if (!table.dataset.qdReady && window.Tablesort) {
        new Tablesort(table);
        table.dataset.qdReady = "1";
      }
    });
    document.querySelectorAll("[data-qd-filters]").forEach(function (panel) {
      var table = document.getElementById(panel.getAttribute("data-qd-filters"));
      if (!table || panel.dataset.qdReady) return;
      panel.dataset.qdReady = "1";
      panel.addEventListener("input", function () { applyFilters(panel, table); });
      panel.addEventListener("change", function () { applyFilters(panel, table); });
      applyFilters(panel, table);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
