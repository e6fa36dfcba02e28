"""The header search as agents type: without accents, in the plural, or a whole reference.

Material's search runs lunr in the browser and matches each query word as the prefix of an
indexed word. Three changes make it forgive, shipped as the `lunr.fr` script the search worker
loads: words are indexed and queried without accents (`reclamation` finds `réclamation`); a
query word loses its plural's final s or x (`procédures` finds `procédure`); and a reference
stays one word on both sides (`PROC-BAAS-001` counts that document, not every page holding `PROC`
or `BAAS`), through a separator that cuts at a hyphen only when no digit follows in the word. The scripts of the
other languages, their word splitters and the source maps are not published: nobody uses them.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File, Files

# No stemmer (the query is never stemmed, see below), no trimmer (lunr.fr's cuts digits: `001`).
PIPELINE = ["stopWordFilter"]
# A hyphen separates words unless a digit follows in the same hyphenated word (references, dates).
SEPARATOR = r"[\s,;:!?()\[\]\"'«»/]+|-(?![A-Za-z0-9_-]*\d)"
LUNR_FOLDER = "assets/javascripts/lunr/"
FRENCH_SCRIPT = LUNR_FOLDER + "min/lunr.fr.min.js"
ALWAYS_KEPT = {LUNR_FOLDER + "min/lunr.stemmer.support.min.js"}
MULTI_LANGUAGE = LUNR_FOLDER + "min/lunr.multi.min.js"  # the worker loads it only for two languages or more
SPLITTERS = {"ja": "tinyseg.js", "jp": "tinyseg.js", "th": "wordcut.js"}
# Run in the search worker after lunr.fr. Material adds a wildcard to every query word, and lunr
# then skips the pipeline for it: the query is a prefix of the indexed words, never stemmed. So
# the index keeps whole words, folded (after the stop words, which are written with accents), and
# the query is folded, loses a plural's final s or x and its stop words (`des*` would match
# `désignation`) before lunr parses it; the query lexer no
# longer splits at hyphens, so a reference reaches the index whole (Material's own splitting at
# the separator above still cuts `sous-préfecture`).
FORGIVING_QUERIES = """
;(function () {
  function fold(text) {
    return text.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").replace(/\\u0153/g, "oe").replace(/\\u00e6/g, "ae");
  }
  var filter = lunr.fr.stopWordFilter;
  lunr.fr.stopWordFilter = function (token) {
    var kept = filter(token);
    return kept ? kept.update(fold) : kept;
  };
  lunr.Pipeline.registerFunction(lunr.fr.stopWordFilter, "stopWordFilter-fr-sans-accents");
  lunr.QueryLexer.termSeparator = /\\s+/;
  var stopWords = /^[+]?(le|la|les|l|de|des|du|d|un|une|et|ou|a|au|aux|en|pour|par|sur|dans|avec)\\*?$/i;
  function prepared(query) {
    var words = fold(String(query)).replace(/([A-Za-z]{3,}[^sS\\W])[sxSX](?=\\*?(\\s|$))/g, "$1").split(/\\s+/);
    var meaningful = words.filter(function (word) { return !stopWords.test(word); });
    return (meaningful.length ? meaningful : words).join(" ");
  }
  var Parser = lunr.QueryParser;
  lunr.QueryParser = function (text, query) {
    Parser.call(this, prepared(text), query);
  };
  lunr.QueryParser.prototype = Parser.prototype;
  Object.keys(Parser).forEach(function (key) {
    lunr.QueryParser[key] = Parser[key];
  });
})();
"""


def configure_search(search_plugin) -> None:
    """Pipeline and separator of the header search, unless the project's mkdocs.yml sets its own."""
    config = search_plugin.config
    if not config.pipeline:
        config.pipeline = list(PIPELINE)
    if not config.separator or config.separator == r"[\s\-]+":
        config.separator = SEPARATOR


def search_files(files: Files, config, languages: list[str]) -> None:
    """The French script with its folding stemmer; no script of an unused language, no source map."""
    kept = ALWAYS_KEPT | {f"{LUNR_FOLDER}min/lunr.{language}.min.js" for language in languages}
    kept |= {MULTI_LANGUAGE} if len(languages) > 1 else set()
    kept |= {LUNR_FOLDER + SPLITTERS[language] for language in languages if language in SPLITTERS}
    for file in list(files):
        uri = file.src_uri
        if (uri.startswith("assets/") and uri.endswith(".map")) or (uri.startswith(LUNR_FOLDER) and uri not in kept):
            files.remove(file)
        elif uri == FRENCH_SCRIPT:
            original = Path(file.abs_src_path).read_text(encoding="utf-8")
            files.remove(file)
            files.append(File.generated(config, uri, content=original + FORGIVING_QUERIES))
