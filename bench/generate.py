"""Generate a realistic, valid document base of N documents (services, types, engagements, bodies of a few KB)."""

from __future__ import annotations

import random
from pathlib import Path

SERVICES = {
    "DMIN/BAAS": "Bureau de l'accueil et de l'admission au séjour",
    "DMIN/BNAT": "Bureau de la nationalité",
    "SINSIC/BEQS": "Bureau exploitation et qualité de service",
    "DSPAR/BCR": "Bureau de la circulation routière",
    "DCLE/B3CL": "Bureau du conseil aux collectivités locales et du contrôle de légalité",
    "DCLE/BFLI": "Bureau des finances locales et de l'intercommunalité",
    "SGC-SRH": "Service des ressources humaines",
    "Communication": "Service de la communication interministérielle",
    "Sous-prefecture Aix-en-Provence": "Sous-préfecture d'Aix-en-Provence",
    "Sous-prefecture Arles": "Sous-préfecture d'Arles",
    "Sous-prefecture Istres": "Sous-préfecture d'Istres",
    "Qualite": "Mission qualité",
}
SITES = (
    "Préfecture - site Saint-Sébastien",
    "Préfecture - site Peytral",
    "Sous-préfecture d'Aix-en-Provence",
    "Sous-préfecture d'Arles",
    "Sous-préfecture d'Istres",
)
TYPES = {  # type: (reference prefix, share of the base)
    "procedure": ("PROC", 40),
    "fiche-de-poste": ("FP", 10),
    "guide-accueil": ("GUIDE", 6),
    "compte-rendu-copil": ("CR", 4),
    "rapport-audit": ("AUDIT", 3),
    "plan-action": ("PA", 4),
    "enregistrement": ("ENR", 15),
    "fiche-indicateur": ("IND", 6),
    "grille-verification": ("GRILLE", 5),
    "enquete-satisfaction": ("ENQ", 3),
    "presentation": ("PRES", 4),
}
WORDS = (
    "usager accueil rendez-vous guichet courriel courrier délai réponse agent référent qualité procédure "
    "dossier titre séjour point numérique serveur vocal cellule téléphonique signalétique attente "
    "confort orientation formation tutorat contrôle légalité collectivité dotation réclamation "
    "suggestion enquête satisfaction indicateur tableau suivi trimestre semestre grille vérification "
    "site internet co-marquage réseau social information fiable actualisée démarche en ligne"
).split()


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _body(rng: random.Random, title: str) -> str:
    parts = [f"# {title}", "", "## Objet", "", " ".join(_sentence(rng, rng.randint(8, 18)) for _ in range(4)), ""]
    parts += ["## Déroulement", ""]
    parts += [f"{i}. {_sentence(rng, rng.randint(6, 14))}" for i in range(1, rng.randint(5, 9))]
    parts += ["", "## Responsabilités", "", "| Étape | Qui | Délai |", "|---|---|---|"]
    parts += [
        f"| {_sentence(rng, 4)} | {rng.choice(['Agent', 'Chef de bureau', 'Référent qualité'])} | "
        f"{rng.randint(1, 15)} jours |"
        for _ in range(rng.randint(3, 6))
    ]
    parts += ["", "## Points de vigilance", ""]
    parts += [f"- {_sentence(rng, rng.randint(6, 12))}" for _ in range(rng.randint(3, 6))]
    parts += ["", " ".join(_sentence(rng, rng.randint(10, 20)) for _ in range(rng.randint(3, 6))), ""]
    return "\n".join(parts)


def _long_body(rng: random.Random, title: str) -> str:
    """5 to 10 KB: several sections, wide tables, long and nested lists, a note, a definition list."""
    parts = [f"# {title}", "", "## Objet", "", " ".join(_sentence(rng, rng.randint(10, 20)) for _ in range(6)), ""]
    for section in range(rng.randint(2, 3)):
        parts += [f"## Étape {section + 1} : {_sentence(rng, 3)[:-1].lower()}", ""]
        parts += [f"{i}. {_sentence(rng, rng.randint(8, 16))}" for i in range(1, rng.randint(6, 12))]
        parts += [f"    - {_sentence(rng, rng.randint(5, 10))}" for _ in range(rng.randint(2, 4))]
        parts += ["", "| Action | Responsable | Délai | Pièce | Observation |", "|---|---|---|---|---|"]
        parts += [
            f"| {_sentence(rng, 5)} | {rng.choice(['Agent', 'Chef de bureau', 'Référent qualité'])} | "
            f"{rng.randint(1, 30)} jours | {rng.choice(['Formulaire', 'Courrier', 'Courriel'])} | {_sentence(rng, 8)} |"
            for _ in range(rng.randint(3, 6))
        ]
        parts += ["", "!!! note", "", f"    {_sentence(rng, rng.randint(12, 20))}", ""]
        parts += [" ".join(_sentence(rng, rng.randint(10, 20)) for _ in range(rng.randint(2, 3))), ""]
    parts += ["## Glossaire", ""]
    for _ in range(rng.randint(3, 6)):
        parts += [rng.choice(WORDS).capitalize(), f": {_sentence(rng, rng.randint(8, 14))}", ""]
    return "\n".join(parts)


SHAPES = {"projet": _body, "long": _long_body}  # our generator's bodies (2 to 3 KB), and long deep ones


def generate_base(folder: Path, count: int, seed: int = 2026, shape: str = "projet") -> list[Path]:
    """Write `count` valid documents under `folder`, laid out by service like a network share;
    `long`: bodies of 5 to 10 KB with tables and long lists, three more folder levels."""
    body = SHAPES[shape]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    kinds = [kind for kind, (_, share) in TYPES.items() for _ in range(share)]
    paths = []
    for index in range(1, count + 1):
        service_path = rng.choice(list(SERVICES))
        service_code = service_path.rsplit("/", 1)[-1].split(" ")[-1].upper().replace("-", "")[:6]
        kind = rng.choice(kinds)
        reference = f"{TYPES[kind][0]}-{service_code}-{index:05d}"
        title = f"{_sentence(rng, rng.randint(3, 7))[:-1]} ({service_code})"
        year = rng.randint(2019, 2025)
        engagements = sorted(rng.sample(range(1, 21), rng.randint(1, 3)))
        header = {
            "reference": reference,
            "titre": f'"{title}"',
            "type": kind,
            "date_creation": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "date_revision": f"{rng.randint(10, 28):02d}/{rng.randint(1, 10):02d}/2026",
            "version": f"{rng.randint(1, 5)}.{rng.randint(0, 9)}",
            "service": f'"{SERVICES[service_path]}"',
            "site": f'"{rng.choice(SITES)}"',
            "redacteur": "Référent qualité",
            "valideur": "Chef de bureau",
            "date_validation": "2026-06-30",
            "statut": "valide",
            "engagements": "[" + ", ".join(f"QEP-{n}" for n in engagements) + "]",
            "public": rng.choice(["agents"] * 4 + ["usagers"]),
        }
        text = "---\n" + "\n".join(f"{k}: {v}" for k, v in header.items()) + "\n---\n\n" + body(rng, title)
        depth = f"/{year}/{kind}/Dossier {index % 7}" if shape == "long" else ""
        path = folder / f"{service_path}{depth}" / f"{reference} {title[:40].strip()}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
