"""`python -m macros check`: the document control from a terminal or a CI job."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from macros.dates import parse_date

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
REPORT_FORMATS = ("json", "junit", "text")


def _iso_date(text: str) -> dt.date:
    """`--date` accepts what headers accept: AAAA-MM-JJ or JJ/MM/AAAA."""
    day = parse_date(text)
    if day is None:
        raise argparse.ArgumentTypeError(f"date invalide « {text} » : écrivez-la AAAA-MM-JJ ou JJ/MM/AAAA")
    return day


# argparse speaks English: its usage errors are put in the users' words.
_USAGE_ERRORS = (
    (re.compile(r"the following arguments are required: (.+)"), r"il manque : \1"),
    (re.compile(r"unrecognized arguments: (.+)"), r"arguments inconnus : \1"),
    (
        re.compile(r"argument (\S+): invalid choice: '([^']*)' \(choose from (.+)\)"),
        r"\1 : « \2 » inconnu ; choix : \3",
    ),
    (re.compile(r"argument (\S+): expected one argument"), r"\1 attend une valeur"),
    (re.compile(r"argument (\S+): invalid (\w+) value: '([^']*)'"), r"\1 : valeur « \3 » invalide"),
    (re.compile(r"argument (\S+): "), r"\1 : "),
)


class FrenchArgumentParser(argparse.ArgumentParser):
    """Usage errors in French, on standard error, with exit code 2."""

    def error(self, message: str):
        for pattern, french in _USAGE_ERRORS:
            message = pattern.sub(french, message)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"erreur : {message}\n")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "utilisation :", 1)

    def format_help(self) -> str:
        text = super().format_help().replace("usage:", "utilisation :", 1)
        text = text.replace("positional arguments:", "arguments :").replace("options:", "options :")
        return text.replace("show this help message and exit", "affiche cette aide")


def build_parser() -> argparse.ArgumentParser:
    parser = FrenchArgumentParser(prog="python -m macros", description="Base documentaire qualité")
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="commande", parser_class=FrenchArgumentParser
    )
    check = commands.add_parser("check", help="contrôle la base documentaire et liste les constats")
    check.add_argument("--base", type=Path, default=Path("procedures"), help="dossier de la base (procedures)")
    check.add_argument(
        "--referentiels", type=Path, default=Path("referentiels"), help="dossier des référentiels (referentiels)"
    )
    check.add_argument("--config", type=Path, default=Path("qualite.yml"), help="configuration (qualite.yml)")
    check.add_argument(
        "--flash-infos", type=Path, default=Path("docs/flash-infos"), help="dossier des flash-infos (docs/flash-infos)"
    )
    check.add_argument("--date", type=_iso_date, default=None, help="date de référence AAAA-MM-JJ (aujourd'hui)")
    check.add_argument("--format", choices=REPORT_FORMATS, default="text", help="format du rapport")
    check.add_argument("--sortie", type=Path, default=None, help="écrit le rapport dans ce fichier")
    valider = commands.add_parser("valider", help="enregistre la validation d'un document (valideur, date, empreinte)")
    valider.add_argument("reference", help="référence du document, par exemple PROC-BAAS-001")
    valider.add_argument("--par", required=True, help="nom ou fonction du valideur")
    valider.add_argument("--date", type=_iso_date, default=None, help="date de validation AAAA-MM-JJ (aujourd'hui)")
    valider.add_argument("--base", type=Path, default=Path("procedures"), help="dossier de la base (procedures)")
    valider.add_argument(
        "--referentiels", type=Path, default=Path("referentiels"), help="dossier des référentiels (referentiels)"
    )
    valider.add_argument("--config", type=Path, default=Path("qualite.yml"), help="configuration (qualite.yml)")
    _add_authoring_commands(commands)
    _add_site_commands(commands)
    _add_init_command(commands)
    _add_headers_command(commands)
    _add_draw_command(commands)
    settings = commands.add_parser("reglages", help="affiche la table des réglages de qualite.yml (Markdown)")
    settings.add_argument("--readme", type=Path, default=None, help="réécrit la table entre les balises de ce README")
    settings.add_argument(
        "--qualite", type=Path, default=None, help="réécrit ce qualite.yml commenté, en gardant ses valeurs"
    )
    codes = commands.add_parser("codes", help="affiche la table des codes de constat (Markdown)")
    codes.add_argument("--readme", type=Path, default=None, help="réécrit la table entre les balises de ce README")
    codes.add_argument("--module", type=Path, default=None, help="réécrit le module des constantes (macros/codes.py)")
    return parser


def _add_headers_command(commands) -> None:
    headers = commands.add_parser("entetes", help="propose (ou écrit) l'en-tête des fichiers qui n'en ont pas")
    headers.add_argument("--base", type=Path, default=Path("procedures"), help="dossier de la base (procedures)")
    headers.add_argument("--config", type=Path, default=Path("qualite.yml"), help="configuration (qualite.yml)")
    headers.add_argument("--ecrire", action="store_true", help="écrit les en-têtes proposés dans les fichiers")


def _add_draw_command(commands) -> None:
    draw = commands.add_parser("tirage", help="tire au sort les courriers d'un trimestre à contrôler")
    draw.add_argument("--trimestre", required=True, help="trimestre, par exemple 2026-T3")
    draw.add_argument("--nombre", type=int, default=10, help="nombre d'envois à tirer (10)")
    draw.add_argument("--graine", type=int, default=None, help="graine du tirage : la même refait le même tirage")
    draw.add_argument("--canal", default="", help="courriel ou courrier (les deux)")
    draw.add_argument("--site", default="", help="un seul site (tous)")
    draw.add_argument("--sortie", type=Path, default=None, help="écrit un brouillon de grille de vérification (.md)")
    draw.add_argument("--base", type=Path, default=Path("procedures"), help="dossier de la base (procedures)")
    draw.add_argument(
        "--referentiels", type=Path, default=Path("referentiels"), help="dossier des référentiels (referentiels)"
    )
    draw.add_argument("--config", type=Path, default=Path("qualite.yml"), help="configuration (qualite.yml)")


def _tirage(args) -> int:
    from macros.random_check import draw_command

    return draw_command(
        args.base, args.referentiels, args.config, args.trimestre, args.nombre, args.graine, args.sortie,
        args.canal, args.site,
    )  # fmt: skip


def _entetes(args) -> int:
    from macros.header_proposals import headers_command

    return headers_command(args.base, args.config, args.ecrire)


def _add_init_command(commands) -> None:
    init = commands.add_parser("init", help="crée le projet d'une organisation, prêt à construire")
    init.add_argument("dossier", type=Path, help="dossier du nouveau projet (neuf ou vide)")
    init.add_argument("--organisation", required=True, help="nom de l'organisation")
    init.add_argument("--referentiel", default="", help="périmètre, par exemple QEP:M1,M2 (plusieurs : QEP;QV)")
    init.add_argument("--sites", default="", help="sites séparés par « ; »")


def _init(args) -> int:
    from macros.project_init import InitError, init_project

    try:
        folder = init_project(args.dossier, args.organisation, args.referentiel, args.sites)
    except InitError as error:
        print(f"erreur : {error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"projet créé dans {folder} : cd {folder} puis python -m macros serve")
    return EXIT_OK


def _add_site_commands(commands) -> None:
    """`build`, `serve` and `dossier`: what `make` does, for a workstation without it (Windows)."""
    build = commands.add_parser("build", help="construit le site dans site/")
    build.add_argument("--strict", action="store_true", help="échoue si la base contient une erreur")
    build.add_argument("-d", "--dossier", type=Path, default=None, help="dossier du site (site ; site-public)")
    build.add_argument(
        "--edition",
        choices=("agents", "publique"),
        default="agents",
        help="agents : l'intranet ; publique : la partie destinée au site internet (dossier site-public)",
    )
    build.add_argument(
        "--complet",
        action="store_true",
        help="vide le dossier du site et récrit toutes les pages, sans le cache de la construction précédente",
    )
    serve = commands.add_parser("serve", help="aperçu du site sur http://127.0.0.1:8000")
    serve.add_argument("--port", type=int, default=8000, help="port (8000)")
    serve.add_argument("--adresse", default="127.0.0.1", help="adresse d'écoute (127.0.0.1)")
    serve.add_argument("--complet", action="store_true", help="reconstruit tout le site à chaque modification")
    dossier = commands.add_parser("dossier", help="construit le site et imprime les dossiers d'audit en PDF")
    dossier.add_argument("-d", "--dossier", type=Path, default=Path("site"), help="dossier du site (site)")


def _add_authoring_commands(commands) -> None:
    """`nouveau`, `importer` and `schema`: the commands that help write documents."""
    new = commands.add_parser("nouveau", help="crée un document à partir du modèle de son type")
    new.add_argument("--type", required=True, help="type du document (procedure, fiche-de-poste...)")
    new.add_argument("--service", default=None, help="code du service, par exemple BAAS (sauf flash-info)")
    new.add_argument("--titre", required=True, help="titre du document")
    new.add_argument("--base", type=Path, default=Path("procedures"), help="dossier de la base (procedures)")
    new.add_argument("--dossier", default=None, help="sous-dossier de la base où créer le fichier")
    new.add_argument("--date", type=_iso_date, default=None, help="date de création AAAA-MM-JJ (aujourd'hui)")
    new.add_argument("--modeles", type=Path, default=Path("modeles"), help="dossier des modèles (modeles)")
    new.add_argument("--config", type=Path, default=Path("qualite.yml"), help="configuration (qualite.yml)")
    new.add_argument(
        "--flash-infos", type=Path, default=Path("docs/flash-infos"), help="dossier des flash-infos (docs/flash-infos)"
    )
    new.add_argument("--auteur", default=None, help="auteur d'un flash-info (identifiant de .authors.yml)")
    imports = commands.add_parser("importer", help="convertit des documents Word (.docx) et LibreOffice (.odt)")
    imports.add_argument("fichiers", nargs="+", type=Path, metavar="FICHIER|DOSSIER", help="fichiers ou dossiers")
    imports.add_argument("--base", type=Path, default=Path("procedures"), help="dossier de la base (procedures)")
    imports.add_argument("--dossier", default=None, help="sous-dossier de la base où écrire les documents")
    imports.add_argument("--config", type=Path, default=Path("qualite.yml"), help="configuration (qualite.yml)")
    schema = commands.add_parser("schema", help="écrit le schéma JSON de l'en-tête des documents")
    schema.add_argument("--sortie", type=Path, default=None, help="écrit le schéma dans ce fichier")
    schema.add_argument("--config", type=Path, default=Path("qualite.yml"), help="configuration (qualite.yml)")


README_START, README_END = "<!-- codes:début -->", "<!-- codes:fin -->"
SETTINGS_START, SETTINGS_END = "<!-- reglages:début -->", "<!-- reglages:fin -->"


def write_codes_table(readme: Path) -> None:
    """Regenerate the README's table of codes from the one list, between its two markers."""
    from macros.rule_codes import markdown_table

    _write_between(readme, README_START, README_END, markdown_table())


def _write_between(readme: Path, start_marker: str, end_marker: str, table: str) -> None:
    text = readme.read_text(encoding="utf-8")
    start, end = text.index(start_marker) + len(start_marker), text.index(end_marker)
    readme.write_text(text[:start] + "\n" + table + "\n" + text[end:], encoding="utf-8")


def _settings_command(args) -> int:
    import yaml

    from macros.settings import commented_settings
    from macros.settings import markdown_table as settings_table

    if args.readme:
        _write_between(args.readme, SETTINGS_START, SETTINGS_END, settings_table())
    if args.qualite:
        values = yaml.safe_load(args.qualite.read_text(encoding="utf-8")) if args.qualite.exists() else {}
        args.qualite.write_text(commented_settings(values or {}), encoding="utf-8")
    if not args.readme and not args.qualite:
        print(settings_table())
    return EXIT_OK


def _codes_command(args) -> int:
    from macros.rule_codes import constants_module, markdown_table

    if args.module:
        args.module.write_text(constants_module(), encoding="utf-8")
    if args.readme:
        write_codes_table(args.readme)
    if not args.module and not args.readme:
        print(markdown_table())
    return EXIT_OK


def _new_post(blog_dir: Path, title: str, day: dt.date, author: str | None) -> int:
    from macros.new_post import NewPostError, create_post

    try:
        path = create_post(blog_dir, title, day, author)
    except NewPostError as error:
        print(f"erreur : {error}", file=sys.stderr)
        return EXIT_USAGE
    print(path)
    return EXIT_OK


def _valider(args) -> int:
    from macros.approval import approve_command

    day = args.date or dt.date.today()
    return approve_command(args.base, args.reference, args.par, day, args.referentiels, args.config)


def _nouveau(args) -> int:
    from macros.new_document import new_document_command

    day = args.date or dt.date.today()
    if args.type == "flash-info":
        return _new_post(args.flash_infos, args.titre, day, args.auteur)
    if not args.service:
        print("erreur : il manque : --service (code du service, par exemple BAAS)", file=sys.stderr)
        return EXIT_USAGE
    return new_document_command(
        args.base, args.modeles, args.config, args.type, args.service, args.titre, args.dossier, day
    )


def _importer(args) -> int:
    from macros.importing.importer import import_command

    return import_command(args.fichiers, args.base, args.dossier, args.config)


def _schema(args) -> int:
    from macros.schema import schema_command

    return schema_command(args.config, args.sortie)


def _check(args) -> int:
    from macros.config import ConfigurationError
    from macros.control import run_control
    from macros.documents import ParseCache
    from macros.model import Severity
    from macros.read_cache import cache_path
    from macros.report import as_json, as_junit, as_text

    try:
        today = args.date or dt.date.today()
        blog = (args.flash_infos.parent, args.flash_infos.name) if args.flash_infos.is_dir() else None
        reads = ParseCache(cache_path(args.config.resolve().parent, keep_body=False), keep_body=False)
        run = run_control(args.base, args.referentiels, args.config, today, reads, blog=blog)
    except (ConfigurationError, FileNotFoundError) as error:
        print(f"erreur : {error}", file=sys.stderr)
        return EXIT_USAGE
    report = {"text": as_text, "json": as_json, "junit": as_junit}[args.format](run.base, run.findings)
    if args.sortie:
        args.sortie.write_text(report, encoding="utf-8")
        print(f"rapport écrit dans {args.sortie}", file=sys.stderr)
    else:
        sys.stdout.write(report)
    return EXIT_ERRORS if any(f.severity is Severity.ERROR for f in run.findings) else EXIT_OK


def _site(args) -> int:
    from macros import site_commands

    if args.command == "build":
        return site_commands.build_command(args.strict, args.dossier, args.edition, whole=args.complet)
    if args.command == "serve":
        return site_commands.serve_command(args.port, args.adresse, args.complet)
    return site_commands.dossier_command(args.dossier)


# Each command imports what it needs: the check, run on every commit, stays quick to start.
COMMANDS = {
    "init": _init,
    "entetes": _entetes,
    "tirage": _tirage,
    "build": _site,
    "serve": _site,
    "dossier": _site,
    "check": _check,
    "valider": _valider,
    "nouveau": _nouveau,
    "importer": _importer,
    "schema": _schema,
    "reglages": _settings_command,
    "codes": _codes_command,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return COMMANDS[args.command](args)
