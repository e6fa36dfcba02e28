"""The checks: each looks at the parsed base and yields findings; none reads files or writes HTML."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from macros.codes import (
    CORPS_TROP_COMPLEXE,
    DATE_FORMAT,
    DATE_FUTURE,
    DATE_INVALIDE,
    DATE_MANQUANTE,
    ENCODAGE,
    ENGAGEMENT_INCONNU,
    ENTETE_DOUBLE,
    ENTETE_MANQUANTE,
    FICHIER_ILLISIBLE,
    LIEN_CASSE,
    LIEN_OBSOLETE,
    LIEN_SYMBOLIQUE,
    PIECE_ACTIVE,
    PIECE_ORPHELINE,
    REF_DOUBLON,
    REF_FORMAT,
    REF_MANQUANTE,
    REVUE_DEPASSEE,
    TITRE_MANQUANT,
    TYPE_INCONNU,
    VALEUR_COUPEE,
    VALEUR_INVALIDE,
    VALIDATION_INCOMPLETE,
    VERSION_INVALIDE,
    YAML_INVALIDE,
)
from macros.config import PUBLICS, STATUTS, Configuration
from macros.dates import format_date
from macros.decoding import is_utf8
from macros.documents import UNREADABLE, is_active_content
from macros.findings import about, finding, fix_of
from macros.frontmatter import CUT_PREFIX, DUPLICATE_PREFIX
from macros.model import Base, Document, Finding, version_key

if TYPE_CHECKING:
    from macros.context import CheckContext

DATE_FIELDS = {
    "date_creation": "date de création",
    "date_revision": "date de révision",
    "date_validation": "date de validation",
}
_ACTIVE_MESSAGE = (
    "Fichier que le navigateur exécuterait (HTML, SVG, JavaScript) : il n'est pas publié avec le site ; "
    f"{fix_of(PIECE_ACTIVE)}."
)
_ORPHAN_MESSAGE = (
    "Aucun document ne fait de lien vers ce fichier joint : ajoutez un lien depuis le document qui l'utilise "
    "(`[libellé](chemin/du/fichier)`), ou retirez le fichier de la base."
)


def document_checks(context: CheckContext) -> Iterator[Finding]:
    """Every finding of each document on its own: header, dates, links, versions, review."""
    known_engagements = {e.id for r in context.referentials for e in r.engagements}
    for document in context.base.documents:
        yield from _check_document(document, context.base, context.config, known_engagements, context.today)


def active_attachments(context: CheckContext) -> Iterator[Finding]:
    for path in context.base.attachments:
        if is_active_content(path):
            yield finding(PIECE_ACTIVE, path, _ACTIVE_MESSAGE)


def refused_links(context: CheckContext) -> Iterator[Finding]:
    for path, target in context.base.refused_links:
        yield finding(
            LIEN_SYMBOLIQUE,
            path,
            f"Lien symbolique vers {target} : il n'est ni lu ni publié, pour que rien d'extérieur à la base "
            "n'entre dans le site ; remplacez-le par une copie du fichier, ou supprimez-le.",
        )


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """By file, then line, worst first: the order of every report."""
    return sorted(findings, key=lambda f: (f.path, f.line or 0, f.severity.rank, f.code))


def orphan_attachments(context: CheckContext) -> Iterator[Finding]:
    """PIECE-ORPHELINE for each joined file no document uses; active content already has PIECE-ACTIVE."""
    for path in context.attachments.orphans:
        if not is_active_content(path):
            yield finding(PIECE_ORPHELINE, path, _ORPHAN_MESSAGE)


def _check_document(
    document: Document, base: Base, config: Configuration, known_engagements: set[str], today: dt.date
) -> Iterator[Finding]:
    if document.encoding == UNREADABLE:
        yield about(
            document,
            FICHIER_ILLISIBLE,
            "Le fichier ne peut pas être lu : vérifiez ses droits d'accès sur le partage.",
            None,
        )
        return
    if not is_utf8(document.encoding):
        yield about(
            document,
            ENCODAGE,
            f"Fichier enregistré en {_encoding_name(document.encoding)}, pas en UTF-8 : il est lu "
            "correctement, mais réenregistrez-le en UTF-8.",
            1,
        )
    yield from _check_links(document, base)
    if document.body_problem:
        yield about(
            document,
            CORPS_TROP_COMPLEXE,
            f"Texte non mis en forme : {document.body_problem} ; découpez le document ou simplifiez-le.",
            document.body_line,
        )
    if not document.has_front_matter and not document.body_problem:
        yield _missing_header(document, config)  # one finding for one cause: reference, date, type all lack
        return
    if document.title is None:
        yield about(document, TITRE_MANQUANT, f"Titre manquant : {fix_of(TITRE_MANQUANT)}.", document.line_of("titre"))
    if document.yaml_problem:
        problem = document.yaml_problem
        yield about(document, YAML_INVALIDE, f"En-tête illisible : {problem.message}.", problem.line)
        return
    yield from _check_duplicate_keys(document)
    yield from _check_second_header(document)
    yield from _check_reference(document, config)
    yield from _check_dates(document, today)
    yield from _check_type(document, config)
    yield from _check_values(document)
    yield from _check_shapes(document)
    yield from _check_validation(document)
    yield from _check_versions(document)
    yield from _check_engagements(document, known_engagements)


_FILE_NAME = re.compile(r"(?P<reference>[^\s]+)\s+(?P<title>.+)")
_HEADER_LINE = re.compile(r"^[\w\u00c0-\u017f -]+:(?:\s|$)")


def _named_reference(document: Document, config: Configuration) -> str | None:
    """The reference a file named `<référence> <titre>.md` carries, when it fits `motif_reference`."""
    named = _FILE_NAME.fullmatch(document.path.rsplit("/", 1)[-1].rsplit(".", 1)[0])
    return named.group("reference") if named and config.reference_regex.fullmatch(named.group("reference")) else None


def _missing_header(document: Document, config: Configuration) -> Finding:
    """ENTETE-MANQUANTE, naming what is missing, what the file name suggests, and the likely slip."""
    missing = ["la référence", "la date de création", "le type"] + ([] if document.title else ["le titre"])
    stem = document.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    reference = _named_reference(document, config)
    title = document.title or (stem.split(None, 1)[1] if reference else stem)
    example = f"`reference: {reference or 'PROC-SERVICE-001'}`, `titre: {title}`, `type: procedure`, "
    example += "`date_creation: AAAA-MM-JJ`"
    lines = document.body.lstrip("\n").split("\n")
    slip = ""
    if lines and _HEADER_LINE.match(lines[0]) and "---" in (line.strip() for line in lines[1:40]):
        slip = " La première ligne ressemble à un champ d'en-tête : il manque sans doute la ligne `---` d'ouverture."
    return about(
        document,
        ENTETE_MANQUANTE,
        f"Aucun en-tête YAML : il manque {', '.join(missing[:-1])} et {missing[-1]} ; ajoutez en tête du fichier un "
        f"bloc entre deux lignes `---`, par exemple {example}.{slip}",
        1,
    )


def _check_second_header(document: Document) -> Iterator[Finding]:
    """A header pasted twice: the second block is text to Markdown, its fields are never read."""
    body = document.body.lstrip("\n")
    if not body.startswith("---"):
        return
    lines = body.split("\n")[1:40]
    closing = next((i for i, line in enumerate(lines) if line.strip() == "---"), None)
    if closing and all(_HEADER_LINE.match(line) or not line.strip() for line in lines[:closing]):
        line = document.body_line + len(document.body) - len(body)
        yield about(
            document,
            ENTETE_DOUBLE,
            f"Un second bloc de champs commence ligne {line}, après l'en-tête : ses champs ne sont pas lus ; "
            f"{fix_of(ENTETE_DOUBLE)}.",
            line,
        )


def _check_duplicate_keys(document: Document) -> Iterator[Finding]:
    for entry, line in document.lines.items():
        if entry.startswith(CUT_PREFIX):
            key = entry.removeprefix(CUT_PREFIX)
            kept = document.fields.get(key)
            yield about(
                document,
                VALEUR_COUPEE,
                f"La valeur de `{key}` est coupée au `#` : seul « {kept} » est lu, la suite est prise pour un "
                f'commentaire ; mettez toute la valeur entre guillemets : `{key}: "{kept} #…"`.',
                line,
                key,
            )
        elif entry.startswith(DUPLICATE_PREFIX):
            key = entry.removeprefix(DUPLICATE_PREFIX)
            yield about(
                document,
                YAML_INVALIDE,
                f"La clé `{key}` est écrite deux fois (lignes {document.line_of(key)} et {line}) : seule la seconde "
                "valeur est lue ; gardez-en une seule.",
                line,
                key,
            )


def _check_reference(document: Document, config: Configuration) -> Iterator[Finding]:
    reference = document.reference
    line = document.line_of("reference")
    if reference is None:
        where = "est vide" if "reference" in document.fields else "est absente"
        public = " ; ce document est remis au public (`public: usagers`)" if document.public == "usagers" else ""
        named = _named_reference(document, config)
        hint = f" ; le nom du fichier suggère `reference: {named}`" if named else ""
        yield about(
            document,
            REF_MANQUANTE,
            f"La référence {where}{public} : {fix_of(REF_MANQUANTE)}{hint}.",
            line,
            "reference",
        )
    elif not config.reference_regex.fullmatch(reference):
        yield about(
            document,
            REF_FORMAT,
            f"La référence « {reference} » ne suit pas le motif `{config.motif_reference}` : "
            "écrivez des segments en majuscules et chiffres joints par `-`, par exemple PROC-BAAS-001.",
            line,
            "reference",
        )


def _check_dates(document: Document, today: dt.date) -> Iterator[Finding]:
    if document.text("date_creation") is None and not isinstance(document.fields.get("date_creation"), list):
        yield about(
            document,
            DATE_MANQUANTE,
            f"La date de création est absente : {fix_of(DATE_MANQUANTE)}.",
            document.line_of("date_creation"),
            "date_creation",
        )
    for key, label in DATE_FIELDS.items():
        written = document.date(key)
        if written is None:
            continue
        day = written.value
        if written.other_form:
            yield about(
                document,
                DATE_FORMAT,
                f"La {label} « {written.raw} » est lue comme le {format_date(day)} : {fix_of(DATE_FORMAT)}, "
                f"ici `{key}: {day.isoformat()}`.",
                document.line_of(key),
                key,
            )
        if day is None:
            yield about(
                document,
                DATE_INVALIDE,
                f"La {label} « {written.raw} » n'est pas une date réelle : écrivez-la AAAA-MM-JJ ou JJ/MM/AAAA.",
                document.line_of(key),
                key,
            )
        elif day > today:
            yield about(
                document,
                DATE_FUTURE,
                f"La {label} {format_date(day)} est postérieure à la date du contrôle "
                f"({format_date(today)}) : {fix_of(DATE_FUTURE)}.",
                document.line_of(key),
                key,
            )


def _check_type(document: Document, config: Configuration) -> Iterator[Finding]:
    kind = document.type
    known = config.types_by_code
    if kind in known:
        return
    line = document.line_of("type")
    if kind is None:
        yield about(
            document, TYPE_INCONNU, f"Type absent : ajoutez `type:` avec une de ces valeurs : {', '.join(known)}.", line
        )
        return
    yield about(
        document,
        TYPE_INCONNU,
        f"Type « {kind} » inconnu{_suggestion(kind, known)} ; types admis : {', '.join(known)}.",
        line,
    )


# Keys holding one text; those of `LIST_KEYS` may also hold a list (several services, people, sites).
TEXT_KEYS = ("reference", "titre", "type", "version", "statut", "public", "revue")
LIST_KEYS = ("service", "site", "redacteur", "valideur")


def _check_shapes(document: Document) -> Iterator[Finding]:
    """A list or a block where a text is expected is said, never silently dropped."""
    for key in TEXT_KEYS + LIST_KEYS:
        value = document.fields.get(key)
        if isinstance(value, dict) or (isinstance(value, list) and key in TEXT_KEYS):
            found = _shape_of(value)
            yield about(
                document,
                VALEUR_INVALIDE,
                f"`{key}` contient {found} au lieu d'un texte : il n'est pas lu ; écrivez `{key}: ...` sur une "
                "seule ligne, ou vérifiez l'indentation des lignes qui suivent (elles sont peut-être rattachées "
                "à cette clé).",
                document.line_of(key),
                key,
            )


def _shape_of(value) -> str:
    if isinstance(value, dict):
        keys = ", ".join(f"`{k}`" for k in list(value)[:3])
        return f"un bloc ({keys}{'…' if len(value) > 3 else ''})"
    return f"une liste de {len(value)} élément{'s' if len(value) > 1 else ''}"


def _check_values(document: Document) -> Iterator[Finding]:
    for key, allowed in (("statut", STATUTS), ("public", PUBLICS)):
        value = document.text(key)
        if value is not None and value.lower() not in allowed:
            yield about(
                document,
                VALEUR_INVALIDE,
                f"`{key}: {value}` n'est pas admis{_suggestion(value, allowed)} ; valeurs "
                f"admises : {', '.join(allowed)}.",
                document.line_of(key),
                key,
            )
    revue = document.text("revue")
    if revue is not None and (not revue.isdigit() or len(revue) > 4 or int(revue) > 1200):
        yield about(
            document,
            VALEUR_INVALIDE,
            f"`revue: {revue}` doit être un nombre entier de mois, par exemple `revue: 24`.",
            document.line_of("revue"),
            "revue",
        )
    if isinstance(document.fields.get("engagements"), dict):
        yield about(
            document,
            VALEUR_INVALIDE,
            "`engagements` doit être une liste d'identifiants, par exemple `[QEP-1, QEP-5]`.",
            document.line_of("engagements"),
            "engagements",
        )


def _check_engagements(document: Document, known: set[str]) -> Iterator[Finding]:
    for engagement in document.engagements:
        if engagement not in known:
            yield about(
                document,
                ENGAGEMENT_INCONNU,
                f"L'engagement « {engagement} » n'existe dans aucun référentiel"
                f"{_suggestion(engagement, known)} : utilisez un identifiant CODE-N de `referentiels/`.",
                document.line_of("engagements"),
                "engagements",
            )


def review_checks(context: CheckContext) -> Iterator[Finding]:
    """REVUE-DEPASSEE for each document in use whose review was due before the reference date."""
    by_path = context.base.by_path()
    for path, review in context.reviews.items():
        if review.due < context.today:
            document = by_path[path]
            key = "date_revision" if document.day("date_revision") else "date_creation"
            yield about(
                document,
                REVUE_DEPASSEE,
                f"Revue dépassée : le document devait être revu au plus tard le {format_date(review.due)} "
                f"(revue tous les {review.period} mois) ; relisez-le puis mettez à jour `date_revision`.",
                document.line_of(key),
                key,
            )


def _check_links(document: Document, base: Base) -> Iterator[Finding]:
    for wikilink in document.wikilinks:
        if base.find_by_name(wikilink.target) is None:
            yield about(
                document,
                LIEN_CASSE,
                f"Le lien « [[{wikilink.target}]] » ne nomme aucun document (référence, titre ou nom de fichier) ni "
                "aucune pièce jointe de la base : corrigez le nom, ou ajoutez le document.",
                wikilink.line,
            )
    for link in document.links:
        target = document.resolve(link.target)
        if target == ".." or target.startswith("../"):
            yield about(
                document,
                LIEN_CASSE,
                f"Le lien « {link.target} » sort de la base documentaire : copiez le fichier "
                "dans `procedures/` ou mettez un lien absolu.",
                link.line,
            )
        elif not base.has_file(target):
            yield about(
                document,
                LIEN_CASSE,
                f"Le lien « {link.target} » pointe vers un fichier absent de la base "
                f"({target}) : corrigez le chemin ou ajoutez le fichier.",
                link.line,
            )
        elif target in base.obsolete_paths() and not base.is_obsolete(document):
            yield from _obsolete_link(document, base, link.target, target, link.line)


def _obsolete_link(document: Document, base: Base, written: str, target: str, line: int) -> Iterator[Finding]:
    """LIEN-OBSOLETE, except from the document that replaces the target: it may name what it replaces."""
    replacement = base.replacements().get(target)
    if replacement is None:
        yield about(
            document,
            LIEN_OBSOLETE,
            f"Le lien « {written} » pointe vers un document obsolète ({target}) : faites-le pointer vers "
            "le document en vigueur ou retirez-le.",
            line,
        )
    elif replacement.path != document.path:
        yield about(
            document,
            LIEN_OBSOLETE,
            f"Le lien « {written} » pointe vers un document remplacé ({target}) : faites-le pointer vers "
            f"{replacement.reference} ({replacement.path}) qui le remplace.",
            line,
        )


def _check_validation(document: Document) -> Iterator[Finding]:
    if document.statut != "valide":
        return
    labels = {"valideur": "valideur", "date_validation": "date de validation"}
    missing = [label for key, label in labels.items() if document.text(key) is None]
    if missing:
        yield about(
            document,
            VALIDATION_INCOMPLETE,
            f"Document `statut: valide` sans {' ni '.join(missing)} : enregistrez la validation avec "
            f"`python -m macros valider {document.reference or 'REFERENCE'} --par NOM`.",
            document.line_of("statut"),
            "statut",
        )


def _check_versions(document: Document) -> Iterator[Finding]:
    """`version` only grows: readable, never below the `historique`, whose entries go from oldest to newest."""
    version = document.text("version")
    if version is not None and document.version_key is None:
        yield about(
            document,
            VERSION_INVALIDE,
            f"`version: {version}` n'est pas un numéro de version : écrivez-le sous la forme 1, 1.0 ou 2.1.3.",
            document.line_of("version"),
            "version",
        )
    history = document.fields.get("historique")
    if history is None:
        return
    line = document.line_of("historique")
    if not isinstance(history, list) or not all(isinstance(entry, dict) for entry in history):
        yield about(
            document,
            VALEUR_INVALIDE,
            "`historique` doit être une liste d'entrées "
            "`- {version: 1.0, date: AAAA-MM-JJ, auteur: ..., modification: ...}`.",
            line,
            "historique",
        )
        return
    previous = None
    for entry in history:
        raw = str(entry.get("version") or "").strip()
        key = version_key(raw)  # the entries of `historique` are not parsed with the document
        if key is None:
            yield about(
                document, VERSION_INVALIDE, f"Version « {raw} » de l'historique illisible : écrivez-la 1.0, 2.1…", line
            )
            return
        if previous is not None and key <= previous[1]:
            yield about(
                document,
                VERSION_INVALIDE,
                f"L'historique passe de la version {previous[0]} à la version {raw} : une version ne fait que "
                "croître ; rangez l'historique de la plus ancienne à la plus récente.",
                line,
                "historique",
            )
            return
        previous = (raw, key)
    if previous is not None and document.version_key is not None and document.version_key < previous[1]:
        yield about(
            document,
            VERSION_INVALIDE,
            f"`version: {version}` est inférieure à la version {previous[0]} de l'historique : une version ne fait "
            "que croître ; augmentez-la.",
            document.line_of("version"),
            "version",
        )


def replacement_problems(context: CheckContext) -> Iterator[Finding]:
    """`remplace:` must name another document of the base."""
    base = context.base
    references = {d.reference.casefold(): d.reference for d in base.documents if d.reference}
    for document in base.documents:
        value = document.fields.get("remplace")
        if value is None:
            continue
        line = document.line_of("remplace")
        if isinstance(value, dict):
            message = "`remplace` doit être une référence ou une liste de références, par exemple `PROC-BAAS-004`."
            yield about(document, VALEUR_INVALIDE, message, line, "remplace")
        for reference in document.replaces:
            if document.reference and reference.casefold() == document.reference.casefold():
                message = f"`remplace: {reference}` : un document ne peut pas se remplacer lui-même."
            elif reference.casefold() not in references:
                message = (
                    f"`remplace: {reference}` ne correspond à aucun document de la base"
                    f"{_suggestion(reference, references.values())} : indiquez la référence du document remplacé."
                )
            else:
                continue
            yield about(document, VALEUR_INVALIDE, message, line, "remplace")


def duplicate_references(context: CheckContext) -> Iterator[Finding]:
    base = context.base
    groups: dict[str, list[Document]] = defaultdict(list)
    for document in base.documents:
        if document.reference and not document.yaml_problem:
            groups[document.reference.casefold()].append(document)
    for documents in groups.values():
        in_use = [d for d in documents if not base.is_obsolete(d)]
        if len(documents) < 2 or len(in_use) == 1:
            continue  # archived versions of a reference (ISO 9001 §7.5.3) beside the one in use
        for document in documents:
            others = ", ".join(other.path for other in documents if other is not document)
            yield about(
                document,
                REF_DOUBLON,
                f"La référence « {document.reference} » est aussi celle de : {others} ; {fix_of(REF_DOUBLON)}.",
                document.line_of("reference"),
                "reference",
            )


def _suggestion(value: str, choices) -> str:
    close = difflib.get_close_matches(_plain(value), [_plain(c) for c in choices], n=1, cutoff=0.6)
    if not close:
        return ""
    by_plain = {_plain(c): c for c in choices}
    return f" (vouliez-vous dire « {by_plain[close[0]]} » ?)"


def _plain(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _encoding_name(encoding: str) -> str:
    return {"cp1252": "Windows-1252", "latin-1": "Latin-1", "utf-16": "UTF-16"}.get(encoding, encoding)
