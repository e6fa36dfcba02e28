"""Personal data in the base: names after a civility, e-mail addresses, phone numbers.

The intranet is read by every agent and some pages are handed to the public: such data is a
finding (DONNEE-PERSONNELLE) and is masked in the site. Service addresses and switchboard
numbers that may be published are declared in `qualite.yml` (`donnees_publiques`, `*` allowed).

Texts are scanned after the markup a match could hide behind is taken out (emphasis, backslash
escapes, HTML comments and tags, entities such as `&nbsp;` or `&#64;`, no-break spaces), so that
`M. **Durand**` or `jean\\.dupont&#64;free.fr` are found; a match is then masked in the original
text, over all the markup it spans.
"""

from __future__ import annotations

import dataclasses
import html
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

from macros.codes import DONNEE_PERSONNELLE
from macros.findings import about, finding
from macros.markdown_text import relative_link_spans
from macros.model import Base, Document, Finding

if TYPE_CHECKING:
    from macros.context import CheckContext

# A word: letters of any alphabet, with inner apostrophes and hyphens (d'Aubigné, Jean-Pierre).
_WORD = r"[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*"
# Civilities; `M.` and `MM.` need their dot (`5 m`, `10 mm`), `DR` without a dot is a regional
# directorate, `me` in lower case is a pronoun ("il me Semble"): as Maître it is written `Me`.
# Written first letter, then the rest: a pattern that starts with a set of letters lets the regex
# engine skip to the next M, D or P of the text, and every document of the base is scanned.
_CIVILITY = (
    r"[MmDdPp](?<![\w.][MmDdPp])(?<!\d [MmDdPp])(?<!\d[MmDdPp])"
    r"(?:(?<=[Mm])(?:(?i:m|r|rs|me|mes|lle|lles|e)?\.|(?i:r|rs|me|mes|lle|lles|onsieur|adame|ademoiselle"
    r"|essieurs|esdames|a[iî]tre)(?![\w.])|(?<=M)[eE](?![\w.]))"
    r"|(?<=[Dd])(?:(?i:r)\.|(?<=D)r(?![\w.])|(?i:octeur)(?![\w.]))"
    r"|(?<=[Pp])(?:(?i:r)\.|(?<=P)r(?![\w.])|(?i:rofesseur)(?![\w.])))"
)
_PARTICLE = r"(?:(?i:de|du|des|le|la|les|van|von|der|den|di|da|del|della|dos|das)[ \t]++|(?i:d|l)['’][ \t]*+)"
PATTERNS = {
    "courriel": re.compile(r"(?<![\w.+'-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}"),
    # Written so that spam filters are fooled: jean[at]free.fr, jean (at) free (dot) fr.
    "courriel masqué": re.compile(
        r"(?<![\w.+-])[\w.+-]+[ \t]*+[\[(][ \t]*+(?i:at|arobase)[ \t]*+[\])][ \t]*+[\w-]+"
        r"(?:[ \t]*+(?:\.|[\[(][ \t]*+(?i:dot|point)[ \t]*+[\])])[ \t]*+[\w-]+)+"
    ),
    # French numbers with one separator throughout (so that a date like 08-12-2025 is not one), and
    # international ones (+33 (0)6..., 0033 6..., (+33) 6..., +44 20...), never inside a longer number.
    "téléphone": re.compile(
        # First a set of characters (the engine skips to the next 0, + or parenthesis), then what is before it.
        r"[0+(](?<![\w+/.-][0+(])(?<!\d [0+(])"
        r"(?:(?<=0)[1-9](?P<sep>[ .-]{0,2})\d{2}(?:(?P=sep)\d{2}){3}"
        r"|(?:(?<=\+)|(?<=0)0|(?<=\()\+)[1-9]\d{0,2}\)?(?:[ .-]?\(0\))?(?:[ .-]?\d){8,12})"
        r"(?![\d/-])(?![ \t]*(?:€|%|euros?\b))"
    ),
    # Up to three words after the civility; `_name_span` keeps those that make a name.
    "nom": re.compile(
        rf"{_CIVILITY}(?:(?<=\.)|(?=[ \t\n]))(?:(?<=\.)\n[ \t]*+|[ \t]*+)"
        rf"(?P<words>{_PARTICLE}{{0,2}}{_WORD}(?:[ \t]++{_PARTICLE}{{0,2}}{_WORD}){{0,3}})"
    ),
}
MASKS = {"courriel": "[courriel masqué]", "courriel masqué": "[courriel masqué]"}
MASKS |= {"téléphone": "[téléphone masqué]", "nom": "[nom masqué]"}
# Words that make "Monsieur le Préfet" a title of office, not a person (compared without accents).
OFFICES = frozenset(
    "prefet prefete sous-prefet sous-prefete secretaire directeur directrice maire president presidente ministre "
    "chef cheffe responsable adjoint adjointe depute deputee senateur senatrice recteur rectrice procureur "
    "procureure juge commissaire conseiller conseillere delegue deleguee inspecteur inspectrice agent agente "
    "usager usagere referent referente administrateur administratrice tresorier tresoriere payeur greffier "
    "greffiere capitaine commandant colonel general generale lieutenant major brigadier gardien gardienne "
    "defenseur defenseure mediateur mediatrice vice-president vice-presidente haut-commissaire doyen doyenne "
    "proviseur principal principale architecte avocat avocate notaire huissier expert experte medecin "
    "charge chargee controleur controleuse auditeur auditrice intervenant intervenante demandeur demandeuse "
    "requerant requerante elu elue gestionnaire instructeur instructrice ambassadeur ambassadrice consul consule "
    "premier premiere sous-directeur sous-directrice rapporteur rapporteure batonnier garde receveur receveuse "
    "coordinateur coordinatrice pilote correspondant correspondante redacteur redactrice professeur professeure "
    "docteur docteure gouverneur conservateur conservatrice animateur animatrice assistant assistante "
    "valideur valideuse titulaire suppleant suppleante".split()
)
# Capitalised words that follow a civility without being a name: other civilities, conjunctions,
# words of an organisation chart (`M. Durand Responsable qualité` keeps only `Durand`).
NOT_NAMES = frozenset(
    "monsieur madame mademoiselle messieurs mesdames mme mmes mlle mr et ou ni mais puis les des aux du de la le "
    "ouvrage oeuvre œuvre direction service bureau mission pole cellule division departement unite section "
    "secretariat".split()
)
_VERB = re.compile(r"(?:er|ir|re|oir|ez)$")
# Reserved by RFC 2606 (and 6761) for examples, and addresses that stand for no person.
_RESERVED_DOMAIN = re.compile(r"(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid|localhost)$", re.I)
_NO_PERSON = re.compile(r"^(?:no[-_.]?reply|ne[-_.]?pas[-_.]?repondre|do[-_.]?not[-_.]?reply)$", re.I)

# Markup taken out before the patterns run; each alternative's replacement is decided in `_replacement`.
# The lookahead names the characters every alternative starts with: the engine then skips the rest
# of the text at C speed instead of trying each alternative at each position (four times quicker on
# a base with no markup at all, the same matches).
_MARKUP = re.compile(
    r"(?=[<&\\*_~`\u00a0\u2000-\u200d\u202f\u205f\u2060\u3000\u00ad\ufeff])(?:"
    r"<!--.{0,1000}?-->|</?[A-Za-z][^<>\n]{0,1000}>"
    r"|&(?:#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
    r"|\\[\\`*_{}\[\]()#+\-.!@~|<>]"
    r"|(?<!\w)[*_~`]+|[*_~`]+(?!\w)"
    r"|[\u00a0\u2000-\u200d\u202f\u205f\u2060\u3000\u00ad\ufeff])",
    re.DOTALL,
)
_EMPHASIS = frozenset("*_~`")
_DISGUISED_AT = re.compile(r"[\[(][ \t]*(?:at|arobase)[ \t]*[\])]", re.IGNORECASE)
_TAG_OR_COMMENT = re.compile(r"<!--.{0,1000}?-->|</?[A-Za-z][^<>\n]{0,1000}>", re.DOTALL)
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")


@dataclass(frozen=True)
class PersonalData:
    kind: str  # "nom", "courriel" or "téléphone"
    start: int  # offsets in the text as written
    end: int


class _Normalised:
    """A text without its markup, and the way back from an offset in it to the text as written."""

    def __init__(self, text: str) -> None:
        self.original = text
        pieces, self._starts, self._origins, self._token_ends = [], [], [], []
        self._removed_ends: dict[int, int] = {}  # original offset → end of the emphasis removed there
        position = normalised = 0
        for match in _MARKUP.finditer(text):
            if match.start() > position:
                self._segment(normalised, position, None)
                pieces.append(text[position : match.start()])
                normalised += match.start() - position
            replacement = _replacement(match.group())
            if replacement:
                self._segment(normalised, match.start(), match.end())
                pieces.append(replacement)
                normalised += len(replacement)
            elif match.group()[0] in _EMPHASIS:
                self._removed_ends[match.start()] = match.end()
            position = match.end()
        self._segment(normalised, position, None)
        pieces.append(text[position:])
        self.text = "".join(pieces)
        self._removed_starts = sorted(self._removed_ends)

    def _segment(self, normalised: int, original: int, token_end: int | None) -> None:
        """A run copied as written (`token_end` None), or a token written as `original:token_end`."""
        self._starts.append(normalised)
        self._origins.append(original)
        self._token_ends.append(token_end)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The written span of `text[start:end]`; emphasis opened inside it (`M. **Durand**`) is closed
        inside it too, emphasis around it (`**M. Durand**`) is left to the text."""
        first = bisect_right(self._starts, start) - 1
        last = bisect_right(self._starts, end - 1) - 1
        copied = self._token_ends[first] is None
        begin = self._origins[first] + (start - self._starts[first] if copied else 0)
        finish = self._token_ends[last]
        if finish is None:
            finish = self._origins[last] + (end - self._starts[last])
        inside = bisect_right(self._removed_starts, begin)
        if inside < len(self._removed_starts) and self._removed_starts[inside] < finish:
            while finish in self._removed_ends:
                finish = self._removed_ends[finish]
        return begin, finish


def _replacement(token: str) -> str:
    if token.startswith("<"):
        return " "  # `Mme<br>Durand`, `M.<!-- -->Petit`: a tag or a comment parts words
    if token in _INVISIBLE:
        return ""  # soft hyphen, zero-width space: inside a word
    if token.startswith("&"):
        value = html.unescape(token)
        return "" if value in _INVISIBLE else " " if value.isspace() else value
    if token.startswith("\\"):
        return token[1]
    if token[0] in _EMPHASIS:
        return ""
    return " "


def find_personal_data(text: str, allowed: tuple[str, ...] = ()) -> list[PersonalData]:
    """Every piece of personal data in `text`, in order, as offsets in `text`; declared data is left out.

    The text is read without its markup; the inside of HTML tags and comments (an address in a
    `mailto:`, a name in a `title`) is read as well, as written."""
    if not text:
        return []
    normalised = _Normalised(text) if _MARKUP.search(text) else None
    found = [
        PersonalData(kind, *(normalised.span(start, end) if normalised else (start, end)))
        for kind, start, end in _scan(normalised.text if normalised else text, allowed)
    ]
    if normalised:
        for token in _TAG_OR_COMMENT.finditer(text):
            found += [
                PersonalData(kind, token.start() + a, token.start() + b) for kind, a, b in _scan(token.group(), allowed)
            ]
    found.sort(key=lambda item: (item.start, -item.end))
    kept, end = [], -1
    for item in found:  # a phone number inside an address is counted once
        if item.start >= end:
            kept.append(item)
            end = item.end
    return kept


def _scan(text: str, allowed: tuple[str, ...]) -> Iterator[tuple[str, int, int]]:
    """(kind, start, end) of each piece of personal data in a text without markup."""
    for kind, pattern in PATTERNS.items():
        if not _may_hold(kind, text):
            continue
        if kind == "nom":
            yield from _names(text, pattern)
            continue
        for match in pattern.finditer(text):
            if _is_kept(kind, match, allowed):
                yield kind, match.start(), match.end()


def _names(text: str, pattern: re.Pattern) -> Iterator[tuple[str, int, int]]:
    """Names after a civility; a civility that starts no name lets the search resume just after it
    (`MONSIEUR ET MADAME DURAND` holds one name, after `MADAME`)."""
    position = 0
    while match := pattern.search(text, position):
        span = _name_span(text, match)
        if span is None:
            position = match.start() + 1
            continue
        yield "nom", *span
        position = span[1]


_TOKEN = re.compile(rf"(?P<particle>{_PARTICLE})|(?P<word>{_WORD})|(?P<space>[ \t]+)")


def _name_span(text: str, match: re.Match) -> tuple[int, int] | None:
    """Where the name is in a civility's match, or None: a title of office (`Monsieur le Préfet`),
    a pronoun (`il me Semble`, `POUR ME JOINDRE`), a word that is no name."""
    civility = match.group()[: match.start("words") - match.start()].strip()
    words = [(m.group(), m.start(), m.end(), m.lastgroup) for m in _TOKEN.finditer(match.group("words"))]
    words = [
        (w, match.start("words") + a, match.start("words") + b, kind) for w, a, b, kind in words if kind != "space"
    ]
    if not words:
        return None
    if words[0][3] == "particle" and _fold(words[0][0].strip()).rstrip("'’") in {"le", "la", "les", "l"}:
        office = words[1] if len(words) > 1 and words[1][3] == "word" else None
        if office and (_is_office(office[0]) or (office[0].isupper() and len(office[0]) <= 6)):
            return _name_after_office(words[2:])
    if civility in ("Me", "ME") and words[0][3] == "word":
        before = text[: match.start()].split()
        if _VERB.search(_fold(words[0][0])) or (civility == "ME" and before and before[-1].isupper()):
            return None
    name = _name_words(words, plural=_fold(civility).rstrip(".") in {"mm", "mmes", "messieurs", "mesdames"})
    return (match.start(), name[-1][2]) if name else None


def _name_words(words: list, plural: bool) -> list:
    """The leading words that make a name: capitalised, no title nor common word; particles inside."""
    name, pending = [], []
    for word in words:
        text, kind = word[0], word[3]
        if kind == "particle":
            pending.append(word)
            continue
        folded = _fold(text)
        joins = plural and folded == "et" and name and not pending
        if joins:
            pending.append(word)
            continue
        if (
            not text[0].isupper()
            or folded in NOT_NAMES
            or (not name and _is_office(text))
            or (name and _is_office(text))
        ):
            break
        name += pending + [word]
        pending = []
    return name


def _name_after_office(words: list) -> tuple[int, int] | None:
    """`Monsieur le Préfet Pierre Dartout`: the name that follows a title, if any; after a particle it is
    a place (`Madame la Sous-Préfète d'Arles`, `Monsieur le Préfet de la Gironde`)."""
    while words and words[0][3] == "word" and (not words[0][0][0].isupper() or _is_office(words[0][0])):
        words = words[1:]  # `Madame la Secrétaire générale`
    if not words or words[0][3] == "particle":
        return None
    name = _name_words(words, plural=False)
    return (name[0][1], name[-1][2]) if name else None


def _may_hold(kind: str, text: str) -> bool:
    """Cheap tests that let most documents skip a pattern: the whole base is scanned at every build."""
    if kind == "courriel":
        return "@" in text
    if kind == "courriel masqué":
        return _DISGUISED_AT.search(text) is not None
    if kind == "nom":
        return True
    return "0" in text or "+" in text  # every number starts with 0, + or 00: `in` is far quicker than a regex


def _is_kept(kind: str, match: re.Match, allowed: tuple[str, ...]) -> bool:
    value = match.group()
    if kind == "courriel":
        local, _, domain = value.rpartition("@")
        if _RESERVED_DOMAIN.search(domain) or _NO_PERSON.match(local):
            return False
    return not _is_public(kind, value, allowed)


def _is_office(word: str) -> bool:
    folded = _fold(word)
    return folded in OFFICES or any(part in OFFICES for part in folded.split("-"))  # sous-préfète, lieutenant-colonel


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _is_public(kind: str, value: str, allowed: tuple[str, ...]) -> bool:
    if kind == "téléphone":
        digits = _digits(value)
        return any(_digits(entry) == digits for entry in allowed if _digits(entry))
    return any(fnmatchcase(value.casefold(), entry.casefold()) for entry in allowed)


def _digits(text: str) -> str:
    digits = re.sub(r"\D", "", text.replace("(0)", ""))
    return "0" + digits[4:] if digits.startswith("0033") else "0" + digits[2:] if digits.startswith("33") else digits


def mask(text: str, allowed: tuple[str, ...] = ()) -> str:
    """`text` with each piece of personal data replaced by a mask saying what it was."""
    found = find_personal_data(text, allowed)
    if not found:
        return text
    out, position = [], 0
    for item in found:
        out += [text[position : item.start], MASKS[item.kind]]
        position = item.end
    return "".join(out) + text[position:]


def has_personal_data(text: str, allowed: tuple[str, ...] = ()) -> bool:
    return bool(find_personal_data(text, allowed))


def table_personal_data(table, allowed: tuple[str, ...]) -> list[tuple[int, str, str]]:
    """(line, kind, column as written) of personal data in a CSV table's headers and every cell."""
    found = [(1, item.kind, header) for header in table.headers for item in find_personal_data(header, allowed)]
    names = dict(zip(table.columns, table.headers, strict=False))
    for row in table.rows:
        for column, value in row.values.items():
            found += [(row.line, item.kind, names.get(column, column)) for item in find_personal_data(value, allowed)]
    return found


def masked_table(table, allowed: tuple[str, ...]):
    """The table with its headers and cells masked, for what the site shows of it."""
    rows = tuple(
        dataclasses.replace(row, values={k: mask(v, allowed) for k, v in row.values.items()}) for row in table.rows
    )
    return dataclasses.replace(table, headers=tuple(mask(h, allowed) for h in table.headers), rows=rows)


def scan_file_text(text: str) -> tuple[tuple[int, str, str], ...]:
    """(line, kind, value) of everything that looks personal in a file, before `donnees_publiques`.

    The parse calls it once per file on the whole text (front-matter and body), in the worker
    processes; the result is kept on the document, so `mkdocs serve` never rescans unchanged files.
    """
    items = find_personal_data(text)
    if not items:
        return ()
    line_starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
    return tuple((bisect_right(line_starts, i.start), i.kind, text[i.start : i.end]) for i in items)


def personal_data_checks(context: CheckContext) -> Iterator[Finding]:
    """DONNEE-PERSONNELLE for each name, address or number in a document or in a file or folder name
    (as written, before masking); the message never repeats the data."""
    allowed = context.config.donnees_publiques
    base = context.written
    for path in [d.path for d in base.documents] + list(base.attachments):
        for item in find_personal_data(path, allowed):
            yield finding(
                DONNEE_PERSONNELLE,
                path,
                f"Donnée personnelle ({item.kind}) dans le nom du fichier ou d'un de ses dossiers : le site lui "
                "donne une adresse et un libellé neutres ; renommez le fichier ou le dossier.",
            )
    for path, items in context.private_attachments.items():
        for line, kind in items:
            yield finding(
                DONNEE_PERSONNELLE,
                path,
                f"Donnée personnelle ({kind}) dans ce fichier joint : il n'est pas publié ; retirez-la du fichier.",
                line,
            )
    for document in base.documents:
        for line, kind in document_findings(document, allowed):
            yield about(
                document,
                DONNEE_PERSONNELLE,
                f"Donnée personnelle ({kind}) : masquée dans le site ; retirez-la du document, ou déclarez-la "
                "dans `donnees_publiques` de qualite.yml si c'est une adresse ou un numéro de service.",
                line,
            )


# Attachments read as text for personal data; larger ones are not read (and still published).
TEXT_ATTACHMENTS = (".csv", ".tsv", ".txt", ".json", ".yml", ".yaml", ".ini", ".log")
MAX_TEXT_ATTACHMENT_BYTES = 5_000_000


def attachment_personal_data(
    base: Base, allowed: tuple[str, ...], skipped: frozenset[str], texts: dict | None = None
) -> dict:
    """Path → ((line, kind), …) of the attachments holding personal data; the site does not publish
    them. Text files are read here, PDF and office files come as `texts` (attachment_text). `skipped`:
    files read by their own reader (complaints, indicator values)."""
    from macros.decoding import decode  # only here: the rest of the module scans texts it is given

    found = {}
    texts = texts or {}
    for path in base.attachments:
        if path in skipped:
            continue
        if path in texts:
            text = texts[path].text
        elif path.lower().endswith(TEXT_ATTACHMENTS):
            try:
                file = base.root / path
                if file.stat().st_size > MAX_TEXT_ATTACHMENT_BYTES:
                    continue
                text = decode(file.read_bytes())[0]
            except OSError:
                continue
        else:
            continue
        items = [
            (line, kind) for line, kind, value in scan_file_text(text) if not _is_public(kind, _plain(value), allowed)
        ]
        if items:
            found[path] = tuple(items)
    return found


def document_findings(document: Document, allowed: tuple[str, ...]) -> list[tuple[int | None, str]]:
    """(line, kind) of each piece of personal data in the front-matter values and the body."""
    return [
        (line, kind) for line, kind, value in document.personal_data if not _is_public(kind, _plain(value), allowed)
    ]


def _plain(value: str) -> str:
    return _Normalised(value).text if _MARKUP.search(value) else value


def masked_document(document: Document, allowed: tuple[str, ...]) -> Document:
    """A copy of `document` whose front-matter values, heading and body show masks instead of the data."""
    return dataclasses.replace(
        document,
        fields={key: _masked_value(value, allowed) for key, value in document.fields.items()},
        body=_masked_body(document.body, allowed),
        heading=mask(document.heading, allowed) if document.heading else document.heading,
    )


def _masked_body(body: str, allowed: tuple[str, ...]) -> str:
    """The body masked, but for relative link targets: the site replaces them with its own (neutral)
    address of the file, and a masked target would no longer lead to it."""
    spans = relative_link_spans(body) if "](" in body or "]:" in body else []
    if not spans:
        return mask(body, allowed)
    pieces, position = [], 0
    for start, end in spans:
        pieces += [mask(body[position:start], allowed), body[start:end]]
        position = end
    return "".join(pieces) + mask(body[position:], allowed)


def _masked_value(value, allowed: tuple[str, ...]):
    if isinstance(value, str):
        return mask(value, allowed)
    if isinstance(value, list):
        return [_masked_value(item, allowed) for item in value]
    if isinstance(value, dict):
        return {key: _masked_value(item, allowed) for key, item in value.items()}
    return value


def with_masks(base: Base, allowed: tuple[str, ...]) -> Base:
    """The base as the site shows it: documents holding personal data masked, the others unchanged."""
    paths = {d.path for d in base.documents if document_findings(d, allowed)}
    if not paths:
        return base
    documents = tuple(masked_document(d, allowed) if d.path in paths else d for d in base.documents)
    return dataclasses.replace(base, documents=documents)
