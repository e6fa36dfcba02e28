"""The header search's index as the browser reads it: cut at build time, loaded piece by piece.

Material's worker was handed the whole index on every page and rebuilt lunr from it before the
first answer: 2.6 s after a page opened at 2,000 documents, 13 s at 10,000. The tool's own worker
(`ressources/recherche/worker.js`, in place of Material's, same messages) reads instead:

- `search/qd/index.js`: the pages, and each entry's page, anchor and title (what a result shows);
- `search/qd/t/<two first letters>.js`: the words beginning so, sorted, each with its entries and
  weights (a query word is a prefix: `recl` loads the words of `re` only);
- `search/qd/b/<n>.js`: the first sentences of 64 entries, loaded for the results shown first.

Words are cut as the search's separator says, lowercased, folded (no accents: `reclamation` finds
`réclamation`), trimmed of punctuation, and French stop words are left out; the worker folds the
query the same way and drops a plural's final s or x. A weight is BM25's term frequency part (no
length normalisation, as Material sets lunr), a title counting a thousand times the text, as in
Material. Every value is written as JSON data inside a script of ours and shown escaped by the
worker: nothing in an entry is ever read as HTML or code.
"""

from __future__ import annotations

import html
import json
import os
import pickle
import re
import shutil
import unicodedata
from array import array
from collections import Counter
from pathlib import Path

FOLDER = "qd"  # beside the search index, in the site's search/ folder
CONFIG_SCRIPT = "search/qd/config.js"  # what the theme's page script loads from file:// (the settings only)
CONFIG_JSON = "search/qd/config.json"  # and over HTTP
BLOCK = 64  # entries per file of first sentences
TEASER_CHARS = 280  # a result shows this much of its entry's text, cut at a word
K1 = 1.2  # BM25's saturation, as lunr
FIELD_BOOSTS = {"title": 1000.0, "text": 1.0, "tags": 1_000_000.0}  # Material's search fields
SCALE = 10  # weights are written as integers
MAX_WEIGHT = 2**32 - 1
# lunr.fr's stop words, folded as the words they are compared with.
STOP_WORDS_WRITTEN = (
    "ai aie aient aies ait as au aura aurai auraient aurais aurait auras aurez auriez aurions aurons "
    "auront aux avaient avais avait avec avez aviez avions avons ayant ayez ayons c ce ceci celà ces cet "
    "cette d dans de des du elle en es est et eu eue eues eurent eus eusse eussent eusses eussiez eussions "
    "eut eux eûmes eût eûtes furent fus fusse fussent fusses fussiez fussions fut fûmes fût fûtes ici il "
    "ils j je l la le les leur leurs lui m ma mais me mes moi mon même n ne nos notre nous on ont ou par "
    "pas pour qu que quel quelle quelles quels qui s sa sans se sera serai seraient serais serait seras "
    "serez seriez serions serons seront ses soi soient sois soit sommes son sont soyez soyons suis sur t "
    "ta te tes toi ton tu un une vos votre vous y à étaient étais était étant étiez étions été étée étées "
    "étés êtes"
)
_COMBINING = re.compile("[\u0300-\u036f]+")
# What a word may begin or end with: letters and digits (a reference's inner hyphens stay).
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")
_KEY = re.compile(r"[a-z0-9]{1,2}")
_TAG = re.compile(r"<[^>]*>")  # the theme's entries keep a few tags (paragraphs, code) in their text


def fold(text: str) -> str:
    """Lowercased, without accents, œ and æ written out: as the worker folds a query."""
    folded = _COMBINING.sub("", unicodedata.normalize("NFD", text.lower()))
    return folded.replace("œ", "oe").replace("æ", "ae") if "œ" in folded or "æ" in folded else folded


STOP_WORDS = frozenset(fold(word) for word in STOP_WORDS_WRITTEN.split())


def shard_key(term: str) -> str:
    return term[:2]


def shard_file(key: str) -> str:
    """A file name every system accepts: the key itself when plain, its code points otherwise."""
    if _KEY.fullmatch(key):
        return key
    return "x" + "-".join(f"{ord(c):x}" for c in key)


def json_script_value(value) -> str:
    """JSON as a script reads it: the two line separators JSON allows and older scripts do not, escaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def teaser(text: str) -> str:
    if len(text) <= TEASER_CHARS:
        return text
    cut = text.rfind(" ", 0, TEASER_CHARS)
    return text[: cut if cut > TEASER_CHARS // 2 else TEASER_CHARS].rstrip() + " …"


def _plain(value) -> str:
    """An entry's title or text as the reader sees it: tags out, characters written as they read."""
    return html.unescape(_TAG.sub(" ", str(value or "")))


class SearchShards:
    """The entries of one build, given one by one in page order; `write` puts the index in place.

    Postings are held as flat arrays of integers (entry, weight, entry, weight...): 1.6 million of
    them at 10,000 documents fit in 13 MB. The first sentences are written out as blocks fill."""

    def __init__(self, separator: str, search_folder: Path, scratch: Path | None = None, first: int = 0) -> None:
        """`scratch` and `first`: one part of the entries, from the `first`-th (a multiple of
        `BLOCK`), its first sentences written into another's folder (see `part`, `absorb`)."""
        self._split = re.compile(separator).split
        self.final = search_folder / FOLDER
        self._owns = scratch is None
        self.scratch = scratch or search_folder / f".{FOLDER}-{os.getpid()}.part"
        if self._owns:
            shutil.rmtree(self.scratch, ignore_errors=True)
            (self.scratch / "t").mkdir(parents=True)
            (self.scratch / "b").mkdir()
        self.first = first
        self.pages: dict[str, int] = {}
        self.entry_pages = array("I")
        self.anchors: list[str] = []
        self.titles: list[str] = []
        self.postings: dict[str, array] = {}
        self._block: list[str] = []
        self._blocks = first // BLOCK

    def words(self, text: str) -> Counter:
        """The indexed words of a text and how often each appears."""
        words = Counter()
        for raw, count in Counter(self._split(fold(text))).items():
            word = raw if raw.isalnum() else _EDGES.sub("", raw)
            if word and word not in STOP_WORDS:
                words[word] += count
        return words

    def add(self, entry: dict) -> None:
        """One entry: location, title, text, and the theme's tags and boost if any."""
        location = str(entry.get("location") or "")
        page, _, anchor = location.partition("#")
        title = _plain(entry.get("title"))
        text = _plain(entry.get("text"))
        number = self.first + len(self.anchors)
        self.entry_pages.append(self.pages.setdefault(page, len(self.pages)))
        self.anchors.append(anchor)
        self.titles.append(title)
        weighed = self._weighed(title, text, entry.get("tags") or [], entry.get("boost", 1))
        postings = self.postings
        for word, weight in zip(*weighed, strict=True):
            posting = postings.get(word)
            if posting is None:
                posting = postings[word] = array("I")
            posting.append(number)
            posting.append(weight)
        self._block.append(teaser(" ".join(text.split())))
        if len(self._block) == BLOCK:
            self._write_block()

    def _weighed(self, title: str, text: str, tags: list, boost) -> tuple[tuple, tuple]:
        """The entry's words and their weights (integers), as two tuples."""
        boost = min(max(float(boost), 0.0), 10.0) if isinstance(boost, (int, float)) else 1.0
        weights: dict[str, float] = {}
        fields = [(FIELD_BOOSTS["title"], title), (FIELD_BOOSTS["text"], text)]
        fields += [(FIELD_BOOSTS["tags"], html.unescape(str(tag))) for tag in tags if isinstance(tag, str)]
        for field_boost, value in fields:
            scale = field_boost * boost * SCALE
            for word, frequency in self.words(value).items():
                weights[word] = weights.get(word, 0.0) + scale * frequency * (K1 + 1) / (frequency + K1)
        return tuple(weights), tuple(min(MAX_WEIGHT, int(weight + 0.5) or 1) for weight in weights.values())

    def _write_block(self) -> None:
        script = f'__qd("b",{self._blocks},{json_script_value(self._block)});\n'
        (self.scratch / "b" / f"{self._blocks}.js").write_text(script, encoding="utf-8")
        self._blocks += 1
        self._block = []

    def part(self, path: Path) -> None:
        """This part's entries, written to `path` (a private folder) for `absorb`."""
        if self._block:
            self._write_block()
        state = {
            "pages": list(self.pages),
            "entry_pages": self.entry_pages.tobytes(),
            "anchors": self.anchors,
            "titles": self.titles,
            "postings": {word: posting.tobytes() for word, posting in self.postings.items()},
        }
        with open(path, "wb") as out:
            pickle.dump(state, out, protocol=pickle.HIGHEST_PROTOCOL)

    def absorb(self, path: Path) -> None:
        """The entries of a part written by `part`, after those held (parts come in order)."""
        with open(path, "rb") as data:
            state = pickle.load(data)  # written by this build's own child, in a folder only it can write
        numbers = [self.pages.setdefault(page, len(self.pages)) for page in state["pages"]]
        local = array("I")
        local.frombytes(state["entry_pages"])
        self.entry_pages.extend(numbers[page] for page in local)
        self.anchors += state["anchors"]
        self.titles += state["titles"]
        for word, data in state["postings"].items():
            posting = self.postings.get(word)
            if posting is None:
                posting = self.postings[word] = array("I")
            posting.frombytes(data)

    def write(self, settings: dict) -> None:
        """The terms' files and the index, then the folder in place of the last build's."""
        if self._block:
            self._write_block()
        shards: dict[str, list[str]] = {}
        for word in self.postings:
            shards.setdefault(shard_key(word), []).append(word)
        for key, words in shards.items():
            words.sort()
            lists = [self.postings[word].tolist() for word in words]
            script = f'__qd("t",{json_script_value(key)},{json_script_value(words)},{json_script_value(lists)});\n'
            (self.scratch / "t" / f"{shard_file(key)}.js").write_text(script, encoding="utf-8")
        index = {
            "format": 1,
            "pages": list(self.pages),
            "page": self.entry_pages.tolist(),
            "anchor": self.anchors,
            "title": self.titles,
            "block": BLOCK,
            "shards": sorted(shards),
        }
        (self.scratch / "index.js").write_text(f'__qd("i",0,{json_script_value(index)});\n', encoding="utf-8")
        small = json_script_value({"config": settings, "docs": []})
        (self.scratch / "config.js").write_text(f"var __index = {small};\n", encoding="utf-8")
        (self.scratch / "config.json").write_text(small, encoding="utf-8")
        self.postings, self.titles, self.anchors = {}, [], []
        self._put_in_place()

    def _put_in_place(self) -> None:
        old = self.final.with_name(f".{FOLDER}-{os.getpid()}.old")
        shutil.rmtree(old, ignore_errors=True)
        if self.final.is_symlink() or self.final.is_file():
            self.final.unlink()
        elif self.final.exists():
            os.replace(self.final, old)
        os.replace(self.scratch, self.final)
        shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        if self._owns:
            shutil.rmtree(self.scratch, ignore_errors=True)
