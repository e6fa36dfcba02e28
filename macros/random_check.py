"""`tirage`: the quarterly random check of mail ("contrôles aléatoires chaque trimestre").

Draws entries of one quarter from the tracking tables, reproducibly: the same seed on the same table
gives the same draw, so an auditor can redo it. With `--sortie`, writes the draft of a verification
grid (`objet: courriers`) listing the drawn entries as points to fill in.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

from macros.codes import COURRIER_INVALIDE
from macros.config import ConfigurationError
from macros.control import run_control
from macros.dates import format_date
from macros.french import plural
from macros.headers import closest_name, folded
from macros.mail_tracking import CHANNEL_NAMES, Mail, channel
from macros.site.urls import slugify
from macros.yaml_text import field_line

_QUARTER = re.compile(r"(\d{4})\s*[-/ ]?\s*[TtQq]([1-4])|[TtQq]([1-4])\s*[-/ ]?\s*(\d{4})")
ORDINALS = {1: "1er", 2: "2e", 3: "3e", 4: "4e"}


class DrawError(Exception):
    """Why nothing can be drawn; the message says what to change on the command line."""


@dataclass(frozen=True)
class Draw:
    quarter: tuple[int, int]
    seed: int
    population: int  # entries of the quarter after the filters
    drawn: tuple[Mail, ...]  # in date order


def parse_quarter(text: str) -> tuple[int, int]:
    """`2026-T3`, `T3 2026`, `2026Q3` -> (2026, 3)."""
    match = _QUARTER.fullmatch(text.strip())
    if match is None:
        raise DrawError(f"trimestre « {text} » illisible : écrivez-le sous la forme 2026-T3")
    year, quarter = (match[1], match[2]) if match[1] else (match[4], match[3])
    return int(year), int(quarter)


def quarter_label(quarter: tuple[int, int]) -> str:
    return f"{ORDINALS[quarter[1]]} trimestre {quarter[0]}"


def in_quarter(day: dt.date, quarter: tuple[int, int]) -> bool:
    return day.year == quarter[0] and (day.month - 1) // 3 + 1 == quarter[1]


def draw(mails, quarter: tuple[int, int], count: int, seed: int, canal: str = "", site: str = "") -> Draw:
    """`count` entries of the quarter, drawn with `seed` from the entries in a stable order."""
    if count < 1:
        raise DrawError("--nombre doit être au moins 1")
    population = sorted(
        (
            m
            for m in mails
            if in_quarter(m.recu_le, quarter)
            and (not canal or m.canal == canal)
            and (not site or folded(m.site) == folded(site))
        ),
        key=_table_order,
    )
    chosen = random.Random(seed).sample(population, min(count, len(population)))
    return Draw(quarter, seed, len(population), tuple(sorted(chosen, key=_table_order)))


def _table_order(mail: Mail) -> tuple:
    """A stable order of the entries, whatever order the tables were read in: the draw depends on it."""
    return mail.recu_le, mail.source, mail.line


def entry_text(mail: Mail) -> str:
    where = ", ".join(part for part in (mail.site, mail.service) if part)
    text = f"{mail.numero} — {mail.canal} reçu le {format_date(mail.recu_le)}"
    return text + (f", {where}" if where else "") + (f" : {mail.objet}" if mail.objet else "")


def redo_command(result: Draw, canal: str, site: str) -> str:
    """The command line that redoes this draw."""
    year, number = result.quarter
    command = (
        f"python -m macros tirage --trimestre {year}-T{number} --nombre {len(result.drawn)} --graine {result.seed}"
    )
    return command + (f" --canal {canal}" if canal else "") + (f' --site "{site}"' if site else "")


def draft_reference(quarter: tuple[int, int], canal: str, site: str, taken: set[str]) -> str:
    """`GRILLE-COUR-2026-T3`, with the site and the channel when the draw is limited to them, and a
    number when the base already holds that reference (two draws of a quarter never clash)."""
    parts = ["GRILLE-COUR", f"{quarter[0]}-T{quarter[1]}"]
    parts += [slugify(site).upper()] if site else []
    parts += [CHANNEL_NAMES[canal].upper()] if canal else []
    reference = "-".join(parts)
    number = 2
    while reference.casefold() in taken:
        reference = "-".join(parts) + f"-{number}"
        number += 1
    return reference


def grid_draft(result: Draw, today: dt.date, canal: str, site: str, reference: str) -> str:
    """A `grille-verification` draft: one point per drawn entry, results to fill in."""
    year, number = result.quarter
    label = quarter_label(result.quarter)
    lines = [
        "---",
        field_line("reference", reference),
        field_line("titre", f"Contrôle aléatoire des courriers et courriels — {label}"),
        "type: grille-verification",
        field_line("date_creation", today.isoformat()),
        "statut: brouillon",
        "objet: courriers",
        field_line("site", site or "Tous sites"),
        "date_verification:",
        "redacteur:",
        "points:",
    ]
    for mail in result.drawn:
        lines += [f"  - {field_line('point', entry_text(mail))}", "    resultat:", "    observation:"]
    lines += [
        "---",
        "",
        f"# Contrôle aléatoire des courriers et courriels — {label}",
        "",
        f"Tirage du {format_date(today)} : {len(result.drawn)} envois parmi les {result.population} reçus au "
        f"{label}, graine {result.seed} (`{redo_command(result, canal, site)}` refait le même tirage).",
        "",
        "Pour chaque point, notez `resultat:` conforme, non-conforme ou sans-objet (délai, formule de politesse, "
        "réponse complète, signature) et une `observation:` ; reliez chaque écart à une action du plan.",
        "",
    ]
    return "\n".join(lines)


def draw_command(
    base_dir: Path,
    referentials_dir: Path,
    config_path: Path,
    quarter_text: str,
    count: int,
    seed: int | None,
    output: Path | None,
    canal_text: str = "",
    site: str = "",
) -> int:
    """Prints the draw; 2 with a French message when it cannot be made."""
    today = dt.date.today()
    try:
        quarter = parse_quarter(quarter_text)
        canal = channel(canal_text) if canal_text else ""
        if canal is None:
            raise DrawError(f"--canal « {canal_text} » : écrivez courriel ou courrier")
        if output is not None and output.suffix.lower() != ".md":
            raise DrawError(f"--sortie {output} : le brouillon de grille est un fichier .md")
        if output is not None and output.exists():
            raise DrawError(f"{output} existe déjà : choisissez un autre nom, rien n'a été écrit")
        run = run_control(base_dir, referentials_dir, config_path, today, keep_bodies=False)
        if not run.mail_tracking.tables:
            raise DrawError("aucun tableau de suivi des courriers : déclarez `courriers: FICHIER.csv` dans un document")
        _check_site(run.mail_tracking.items, site)
        result = draw(run.mail_tracking.items, quarter, count, secrets.randbelow(10**6) if seed is None else seed,
                      canal, site)  # fmt: skip
    except (DrawError, ConfigurationError, FileNotFoundError) as error:
        print(f"erreur : {error}", file=sys.stderr)
        return 2
    what = CHANNEL_NAMES.get(canal, "courriers et courriels")
    if not result.drawn:
        print(f"aucun envoi ({what}) reçu au {quarter_label(quarter)} dans le tableau de suivi : rien à tirer",
              file=sys.stderr)  # fmt: skip
        return 1
    drawn = plural(len(result.drawn), "tiré")
    print(f"{drawn} parmi {result.population} {what} reçus au {quarter_label(quarter)} "
          f"; pour le refaire : {redo_command(result, canal, site)}")  # fmt: skip
    for mail in result.drawn:
        print(f"  {entry_text(mail)}")
    unreadable = sum(1 for p in run.mail_tracking.problems if p.code == COURRIER_INVALIDE and p.line)
    if unreadable:
        print(f"{plural(unreadable, 'ligne illisible', 'lignes illisibles')} du tableau n'entrent pas dans le tirage : "
              "python -m macros check les montre, avec la correction", file=sys.stderr)  # fmt: skip
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        taken = {d.reference.casefold() for d in run.base.documents if d.reference}
        reference = draft_reference(quarter, canal, site, taken)
        output.write_text(grid_draft(result, today, canal, site, reference), encoding="utf-8")
        print(f"brouillon de grille écrit dans {output}", file=sys.stderr)
    return 0


def _check_site(mails, site: str) -> None:
    """A `--site` that no entry of the table names is a typing error: say which sites there are."""
    if not site:
        return
    known = sorted({m.site for m in mails if m.site})
    if any(folded(name) == folded(site) for name in known):
        return
    close = closest_name(site, known)
    hint = f" ; vouliez-vous dire « {close} » ?" if close else ""
    raise DrawError(
        f"--site « {site} » : aucun envoi de ce site dans le tableau de suivi (sites : {', '.join(known)}){hint}"
    )
