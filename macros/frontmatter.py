"""Split a Markdown text into its YAML front-matter and body, reading every value as text."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from macros.model import YamlProblem

# The base loader keeps every scalar as written: `0012`, `NO`, `1.10`, `2020-09` stay text.
_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
_OPENING = re.compile(r"---[ \t]*")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_NOT_A_KEY_START = frozenset(" \t#-:")
# `lines` keys of keys written twice (YAML keeps the last value silently).
DUPLICATE_PREFIX = "\0double:"
# `lines` keys of values cut at ` #x`: YAML reads a comment where the author wrote text (`Accueil #2`).
CUT_PREFIX = "\0coupe:"
_CUT_VALUE = re.compile(r"[^\"'\[{|>\s][^#]*?\s#\S")  # an unquoted value, then a `#` glued to what follows
# Bounds of a header: past them it is YAML-INVALIDE, read in bounded time and memory.
MAX_HEADER_CHARACTERS = 200_000
MAX_VALUES = 20_000


@dataclass(frozen=True)
class SplitText:
    has_front_matter: bool
    fields: dict
    lines: dict
    problem: YamlProblem | None
    body: str
    body_line: int


def split_front_matter(text: str) -> SplitText:
    """Never raises: a broken front-matter becomes a `YamlProblem` with its line in the file."""
    first_newline = text.find("\n")
    first_line = text if first_newline < 0 else text[:first_newline]
    if not _OPENING.fullmatch(first_line):
        return SplitText(False, {}, {}, None, text, 1)
    closing = _CLOSING.search(text, first_newline + 1) if first_newline >= 0 else None
    if closing is None:
        problem = YamlProblem(
            "l'en-tête ouvert par `---` à la ligne 1 n'est jamais fermé : ajoutez une ligne `---` "
            "après le dernier champ",
            1,
        )
        return SplitText(True, {}, {}, problem, text, 1)
    yaml_text = text[first_newline + 1 : closing.start()]
    body = text[closing.end() + 1 :]
    body_line = yaml_text.count("\n") + 3 if yaml_text else 3
    fields, problem = _parse_mapping(yaml_text)
    key_lines = {} if problem else _key_lines(yaml_text)
    return SplitText(True, fields, key_lines, problem, body, body_line)


class _TooLarge(Exception):
    """The header would expand past `MAX_VALUES` values (nested aliases: the "billion laughs")."""


def load_yaml_text(yaml_text: str, first_line: int = 1) -> tuple[object, YamlProblem | None]:
    """Any YAML text read as text values, within bounds of size and expansion; never raises."""
    if len(yaml_text) > MAX_HEADER_CHARACTERS:
        return None, YamlProblem("YAML illisible (plus de 200 000 caractères) : raccourcissez-le", first_line)
    try:
        return _load_as_text(yaml_text), None
    except yaml.YAMLError as error:
        return None, yaml_problem(error, first_line, yaml_text)
    except _TooLarge:
        return None, YamlProblem(
            f"YAML illisible (ses alias `*` se déploient en plus de {MAX_VALUES} valeurs) : écrivez les valeurs "
            "sans alias",
            first_line,
        )
    except (RecursionError, TypeError):  # an alias that contains itself, a list or mapping used as a key
        return None, YamlProblem(
            "YAML illisible (alias récursif ou clé qui n'est pas un texte) : simplifiez l'en-tête", first_line
        )


def _parse_mapping(yaml_text: str) -> tuple[dict, YamlProblem | None]:
    data, problem = load_yaml_text(yaml_text, 2)
    if problem:
        return {}, problem
    if data is None:
        return {}, None
    if not isinstance(data, dict):
        kind = "une liste" if isinstance(data, list) else "un texte seul"
        return {}, YamlProblem(
            f"l'en-tête est {kind}, pas une suite de champs `clé: valeur` : écrivez par exemple `titre: ...`",
            2,
        )
    return {str(key).strip(): value for key, value in data.items()}, None


def _load_as_text(yaml_text: str):
    """What `yaml.load(text, CBaseLoader)` returns, a third quicker: the C parser builds the nodes and
    this plain walk turns them into str, list and dict, skipping PyYAML's general constructor."""
    loader = _LOADER(yaml_text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    return None if node is None else _value_of(node, [MAX_VALUES])


def _value_of(node: yaml.Node, budget: list[int]):
    """Nodes to str, list and dict; `budget` counts the values still allowed, so that aliases, which
    share nodes, cannot make a small header expand into gigabytes."""
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooLarge
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_value_of(item, budget) for item in node.value]
    return {_value_of(key, budget): _value_of(value, budget) for key, value in node.value}


def yaml_problem(error: yaml.YAMLError, first_line: int = 2, yaml_text: str = "") -> YamlProblem:
    """Point at the line the author must fix (where a quote or key was opened, else where it broke),
    and say in French what the common mistakes are and how to fix them."""
    mark = getattr(error, "problem_mark", None)
    if isinstance(error, yaml.scanner.ScannerError) and getattr(error, "context_mark", None) is not None:
        mark = error.context_mark
    line = first_line + mark.line if mark is not None else 1
    written = yaml_text.split("\n")[mark.line] if mark is not None and mark.line < yaml_text.count("\n") + 1 else ""
    detail = " ".join(filter(None, [getattr(error, "context", None), getattr(error, "problem", None)]))
    return YamlProblem(f"YAML illisible : {_french_hint(detail, written)}", line)


def _french_hint(detail: str, written: str) -> str:
    """The parser's English, as what a person most likely mistyped on that line."""
    value = written.split(":", 1)[1] if ":" in written else ""
    if "\t" in written[: len(written) - len(written.lstrip())] or "cannot start any token" in detail:
        return "une tabulation ou un caractère spécial en début de valeur : remplacez les tabulations par des espaces"
    if "quoted scalar" in detail:
        return "un guillemet ouvert n'est jamais fermé : fermez-le à la fin de la valeur, ou retirez-le"
    if "mapping values are not allowed" in detail and ": " in value:
        key = written.split(":", 1)[0].strip()
        return (
            f'la valeur de `{key}` contient « : » : mettez-la entre guillemets, par exemple `{key}: "{value.strip()}"`'
        )
    if "flow sequence" in detail or "flow mapping" in detail:
        return (
            "une liste entre `[ ]` ou un bloc entre `{ }` mal fermé : vérifiez les crochets, et mettez entre "
            "guillemets les valeurs qui contiennent `,`, `:` ou `#`"
        )
    if "mapping values are not allowed" in detail or "expected <block end>" in detail or "indentation" in detail:
        return (
            "indentation décalée : alignez cette ligne sur les clés au-dessus (même nombre d'espaces, sans tabulation)"
        )
    if "could not find expected ':'" in detail or "simple key" in detail:
        return "une ligne sans `clé: valeur` : ajoutez le `:` après la clé, ou faites de la ligne un commentaire (`#`)"
    return (
        "vérifiez l'indentation, les `:` et les guillemets de cette ligne (mettez entre guillemets une valeur "
        "qui contient `:` ou `#`)"
    )


def _key_lines(yaml_text: str) -> dict[str, int]:
    """Line in the file (the opening `---` is line 1) of each top-level key; a key written twice is
    also listed under `DUPLICATE_PREFIX + key` with the line of its second writing, a value cut by
    a `#` under `CUT_PREFIX + key`."""
    found: dict[str, int] = {}
    for index, line in enumerate(yaml_text.split("\n")):
        if line and line[0] not in _NOT_A_KEY_START and ":" in line:
            key = line.split(":", 1)[0].strip().strip("'\"")
            if key in found:
                found.setdefault(DUPLICATE_PREFIX + key, index + 2)
            found.setdefault(key, index + 2)
            if "#" in line and _CUT_VALUE.match(line.split(":", 1)[1].lstrip()):
                found.setdefault(CUT_PREFIX + key, index + 2)
    return found
