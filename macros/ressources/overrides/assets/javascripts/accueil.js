/* The home page's search field hands its words to the header search (Material's), which opens with
   its results: one search engine, one index, the same forgiving of accents and plurals. */
(function () {
  "use strict";

  function setUp() {
    document.querySelectorAll("form[data-qd-home-search]").forEach(function (form) {
      if (form.dataset.qdReady) return;
      form.dataset.qdReady = "1";
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var query = form.querySelector("input").value.trim();
        var toggle = document.getElementById("__search");
        var input = document.querySelector("input.md-search__input");
        if (!input || !toggle) return;
        if (!toggle.checked) toggle.click();
        input.value = query;
        input.focus();
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
