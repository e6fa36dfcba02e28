/* Recherche de l'en-tête : le moteur de l'outil qualité, à la place du worker de Material.
 *
 * Same messages as Material's worker (0 settings, 1 ready, 2 query, 3 results), but no index is
 * built in the browser: the build cut it into small scripts (see macros/site/search_shards.py),
 * and a query loads only the words beginning as its words do, then the first sentences of the
 * results shown first. Runs as a worker over HTTP, and in the iframe of the shim from file://.
 * Every text is escaped here before it is shown: the index holds data, never HTML.
 */
"use strict";
(function (scope) {
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var MARKED_GROUPS = 50; // results whose words are marked: the first ones, shown before any scroll
  var TEASERS_BLOCKS = 12; // first sentences loaded for the first results (ten shown at once), at most this many files
  var inFrame = typeof document !== "undefined";
  var workerUrl = (inFrame ? document.querySelector("script[src]").src : scope.location.href).split("?")[0];
  var base = new URL("../../../search/qd/", workerUrl).href;
  var index = null, shards = {}, blocks = {}, known = {}, loading = {};
  var split = /[\s,;:!?()\[\]"'«»\/’]+|-(?![A-Za-z0-9_-]*\d)/;
  var stopWords = /^(le|la|les|l|de|des|du|d|un|une|et|ou|a|au|aux|en|pour|par|sur|dans|avec)$/;

  scope.__qd = function (kind, key, first, second) {
    if (kind === "i") index = first;
    else if (kind === "t") shards[key] = { words: first, lists: second };
    else if (kind === "b") blocks[key] = first;
  };

  function load(path) {
    if (!loading[path]) {
      loading[path] = new Promise(function (done) {
        var url = base + path;
        if (inFrame) {
          var script = document.createElement("script");
          script.src = url;
          script.onload = script.onerror = function () { done(); };
          document.body.appendChild(script);
        } else {
          try { scope.importScripts(url); } catch (error) { /* a missing file: nothing found there */ }
          done();
        }
      });
    }
    return loading[path];
  }

  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\u0153/g, "oe").replace(/\u00e6/g, "ae");
  }
  function trimmed(word) {
    return word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
  }
  function escaped(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function shardFile(key) {
    if (/^[a-z0-9]{1,2}$/.test(key)) return key;
    return "x" + Array.from(key).map(function (c) { return c.codePointAt(0).toString(16); }).join("-");
  }

  /* The query's words: folded, a plural's final s or x dropped, stop words left out (unless the
     query is only stop words); "quoted words" and +word must be found, -word must not. */
  function parsed(query) {
    var words = [];
    String(query).replace(/"([^"]*)"|(\S+)/g, function (all, quoted, plain) {
      var presence = quoted !== undefined ? "+" : "";
      var text = quoted !== undefined ? quoted : plain;
      if (quoted === undefined && (text[0] === "+" || text[0] === "-")) {
        presence = text[0];
        text = text.slice(1);
      }
      text.split(/\s+/).forEach(function (piece) {
        var folded = fold(piece).split(split), written = piece.split(split);
        folded.forEach(function (raw, i) {
          var word = trimmed(raw.replace(/\*+$/, ""));
          if (!word) return;
          var original = folded.length === written.length ? trimmed(written[i].toLowerCase().replace(/\*+$/, "")) : "";
          words.push({ word: word.replace(/^([a-z]{3,}[^s\W])[sx]$/, "$1"), shown: original || word, presence: presence });
        });
      });
      return all;
    });
    var meaningful = words.filter(function (w) { return !stopWords.test(w.word); });
    var kept = meaningful.length ? meaningful : words;
    var seen = {};
    return kept.filter(function (w) {
      var key = w.presence + w.word;
      if (seen[key]) return false;
      seen[key] = true;
      return true;
    });
  }

  function key(word) {
    return Array.from(word).slice(0, 2).join("");
  }

  /* The indexed words a query word matches: those it begins (one letter: that word alone). */
  function matches(word) {
    var shard = shards[key(word)];
    if (!shard) return [];
    var words = shard.words, found = [];
    if (Array.from(word).length < 2) {
      var exact = words.indexOf(word);
      return exact < 0 ? [] : [{ exact: true, list: shard.lists[exact] }];
    }
    var low = 0, high = words.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (words[middle] < word) low = middle + 1; else high = middle;
    }
    for (var i = low; i < words.length && words[i].lastIndexOf(word, 0) === 0; i++) {
      found.push({ exact: words[i] === word, list: shard.lists[i] });
    }
    return found;
  }

  function ensureIndex() {
    return load("index.js").then(function () {
      if (!index) throw new Error("index de recherche introuvable");
      index.shards.forEach(function (k) { known[k] = true; });
    });
  }

  function marked(text, words) {
    return text.split(/([\s,;:!?()\[\]"'«»\/’.]+)/).map(function (piece, i) {
      if (i % 2 === 1 || !piece) return escaped(piece);
      var folded = trimmed(fold(piece));
      var hit = folded && words.some(function (w) { return folded.lastIndexOf(w, 0) === 0 || folded.indexOf("-" + w) >= 0; });
      return hit ? "<mark data-md-highlight>" + escaped(piece) + "</mark>" : escaped(piece);
    }).join("");
  }

  function search(query) {
    var words = parsed(query);
    if (!words.length) return Promise.resolve({ items: [] });
    return ensureIndex().then(function () {
      var needed = {};
      words.forEach(function (w) { if (known[key(w.word)]) needed[key(w.word)] = true; });
      return Promise.all(Object.keys(needed).map(function (k) { return load("t/" + shardFile(k) + ".js"); }));
    }).then(function () {
      var total = index.page.length;
      var scores = new Map(), found = new Map(), banned = new Set();
      var counted = words.filter(function (w) { return w.presence !== "-"; });
      words.forEach(function (w) {
        var bit = counted.indexOf(w);
        matches(w.word).forEach(function (match) {
          var list = match.list, frequency = list.length / 2;
          var idf = Math.log(1 + Math.abs((total - frequency + 0.5) / (frequency + 0.5)));
          for (var i = 0; i < list.length; i += 2) {
            var entry = list[i];
            if (w.presence === "-") { banned.add(index.page[entry]); continue; } // the whole page is left out
            scores.set(entry, (scores.get(entry) || 0) + idf * list[i + 1] * (match.exact ? 1 : 0.9));
            found.set(entry, (found.get(entry) || 0) | (1 << Math.min(bit, 30)));
          }
        });
      });
      var required = 0;
      counted.forEach(function (w, bit) { if (w.presence === "+") required |= 1 << Math.min(bit, 30); });
      var results = [];
      scores.forEach(function (score, entry) {
        var bits = found.get(entry);
        if (banned.has(index.page[entry]) || (bits & required) !== required) return;
        var share = 0;
        for (var b = bits; b; b &= b - 1) share++;
        var g = (index.anchor[entry] ? 0 : 1) + share / Math.max(counted.length, 1);
        results.push({ entry: entry, score: score * (1 + g * g), bits: bits });
      });
      results.sort(function (a, b) { return b.score - a.score || a.entry - b.entry; });
      var groups = new Map();
      results.forEach(function (result) {
        var page = index.page[result.entry];
        if (!groups.has(page)) groups.set(page, []);
        groups.get(page).push(result);
      });
      return teasers(groups).then(function () { return items(groups, counted); });
    });
  }

  /* The first sentences of the first results' entries, a file of them per 64 entries. */
  function teasers(groups) {
    var files = [];
    var wanted = {};
    for (var [, results] of groups) {
      for (var result of results) {
        var block = Math.floor(result.entry / index.block);
        if (!wanted[block]) {
          if (files.length >= TEASERS_BLOCKS) return Promise.all(files);
          wanted[block] = true;
          files.push(load("b/" + block + ".js"));
        }
      }
    }
    return Promise.all(files);
  }

  function items(groups, counted) {
    var pageEntries = pageEntryIndex();
    var highlighted = counted.map(function (w) { return w.word; });
    var list = [];
    groups.forEach(function (results, page) {
      var marks = list.length < MARKED_GROUPS ? highlighted : [];
      var group = results.map(function (result) { return item(result.entry, page, result.score, result.bits, counted, marks); });
      if (!results.some(function (result) { return !index.anchor[result.entry]; })) {
        var top = pageEntries[page];
        group.push(top === undefined
          ? { location: index.pages[page], title: escaped(index.title[results[0].entry]), text: "", score: 0, terms: {} }
          : item(top, page, 0, 0, [], marks));
      }
      list.push(group);
    });
    return { items: list };
  }

  var pageEntriesCache = null;
  function pageEntryIndex() {
    if (!pageEntriesCache) {
      pageEntriesCache = {};
      for (var entry = 0; entry < index.page.length; entry++) {
        if (!index.anchor[entry] && pageEntriesCache[index.page[entry]] === undefined) pageEntriesCache[index.page[entry]] = entry;
      }
    }
    return pageEntriesCache;
  }

  function item(entry, page, score, bits, counted, highlighted) {
    var anchor = index.anchor[entry];
    var block = blocks[Math.floor(entry / index.block)];
    var text = block ? block[entry % index.block] || "" : "";
    var terms = {};
    counted.forEach(function (w, bit) { terms[w.shown] = terms[w.shown] || (bits & (1 << Math.min(bit, 30))) !== 0; });
    return {
      location: index.pages[page] + (anchor ? "#" + anchor : ""),
      title: highlighted.length ? marked(index.title[entry], highlighted) : escaped(index.title[entry]),
      text: text ? (highlighted.length ? marked(text, highlighted) : escaped(text)) : "",
      score: score,
      terms: terms,
    };
  }

  var queue = Promise.resolve(), latest = 0;
  function answer(message, number) {
    if (!message || typeof message !== "object") return Promise.resolve(null);
    if (message.type === SETUP) {
      var settings = message.data && message.data.config;
      try {
        if (settings && settings.separator) split = new RegExp(settings.separator);
      } catch (error) { /* the default separator */ }
      ensureIndex().catch(function () {});
      return Promise.resolve({ type: READY });
    }
    if (message.type === QUERY) {
      if (number !== latest) return Promise.resolve(null); // typed on since: only the last query is answered
      return search(message.data).then(
        function (data) { return { type: RESULT, data: data }; },
        function (error) { console.warn("Recherche : " + error); return { type: RESULT, data: { items: [] } }; }
      );
    }
    return Promise.resolve(null);
  }
  scope.addEventListener("message", function (event) {
    var number = event.data && event.data.type === QUERY ? ++latest : -1;
    queue = queue.then(function () { return answer(event.data, number === -1 ? latest : number); }).then(function (reply) {
      if (reply) scope.postMessage(reply);
    });
  });
})(self);
