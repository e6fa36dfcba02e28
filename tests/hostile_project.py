"""A hostile copy of the example project: every value of every header, CSV, referential, setting and
flash-info carries markup, formulas and personal data, plus symlinks and resource bombs.

Used by the site tests (built once, read with an HTML parser) and by `bench/hostile.py` (time and
memory of the resource cases). Every planted string holds `qdxss` so a leak is found by name.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import yaml
from site_builder import copy_project

MARK = "qdxss"
PAYLOADS = (
    f"</title><script>{MARK}(1)</script>",
    f'<img src=x onerror="{MARK}(2)">',
    f'"><svg onload={MARK}(3)>',
    f"'><iframe src=javascript:{MARK}(4)>",
)
PAYLOAD = " ".join(PAYLOADS)
HOSTILE_MARKDOWN = f"""

## Section {PAYLOADS[1]}

<script>{MARK}("body")</script>
<div onmouseover="{MARK}('div')">survol</div>
[lien js](javascript:{MARK}('a')) [lien vb](vbscript:{MARK}) [lien data](data:text/html;base64,PHNjcmlwdD4=)
<a href="jAvAsCrIpT:{MARK}('case')">casse</a> <a href="&#106;avascript:{MARK}('entity')">entité</a>
![image](javascript:{MARK}('img'))
Paragraphe avec attribut {{: onclick="{MARK}('attr')" }}

### Titre avec attribut {{ onclick="{MARK}('h3')" }}

<form action="javascript:{MARK}('form')"><button>Envoyer</button></form>
<object data="data:text/html,{MARK}"></object><embed src="javascript:{MARK}">
<math><mtext><table><mglyph><style><img src=x onerror={MARK}('mxss')></style></mglyph></table></mtext></math>

## Sortie de sommaire {{: id='y" autofocus onfocus="{MARK}(202)' }}

<p id="__config">{{"search": "data:text/javascript,{MARK}(701)//"}}</p>
"""
# Markdown syntax in values that views write into generated pages' headings.
MARKDOWN_PAYLOAD = f"[lien](javascript:{MARK}(11)) {{: autofocus tabindex=0 onfocus={MARK}(12) }}"
# Keys whose value the checks must still understand: kept as written so the rest of the base holds.
_KEPT_KEYS = {
    "reference",
    "type",
    "statut",
    "public",
    "date_creation",
    "date_revision",
    "date_validation",
    "date_audit",
    "date_enquete",
    "date_reunion",
    "date",
    "echeance",
    "date_cloture",
    "version",
    "engagements",
    "valeurs",
    "reclamations",
    "courriers",
    "calcul",
    "bilan_annuel",
    "cible",
    "sens",
    "seuil",
    "remplace",
    "empreinte",
    "satisfaction",
    "taux",
    "statut_action",
}
FORMULAS = ('=HYPERLINK("http://x","qdxss")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1")
PERSONAL_DATA = (
    "MME DURAND",
    "MR Lefort",
    "Mme&nbsp;Martin",
    "M. **Bernard**",
    "M.<!-- -->Petit",
    "Madame de Villeneuve",
    "M. d'Aubigné",
    "Dr Moreau",
    "+33 (0)6 12 34 56 78",
    "jean\\.dupont@interieur.gouv.fr",
    "marie.curie&#64;laposte.net",
)


def _hostile_value(key: str, value):
    if isinstance(value, dict):
        return {k: _hostile_value(k, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_hostile_value(key, item) for item in value]
    if isinstance(value, str) and key not in _KEPT_KEYS and not key.startswith("date"):
        return f"{value} {PAYLOAD} {MARKDOWN_PAYLOAD}"
    return value


def _rewrite_document(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    if not text.startswith("---\n") or "\n---\n" not in text[4:]:
        return
    header, body = text[4:].split("\n---\n", 1)
    try:
        fields = yaml.load(header, Loader=yaml.BaseLoader)
    except yaml.YAMLError:
        return
    if not isinstance(fields, dict):
        return
    hostile = {key: _hostile_value(key, value) for key, value in fields.items()}
    dumped = yaml.safe_dump(hostile, allow_unicode=True, sort_keys=False, width=10_000)
    path.write_text(f"---\n{dumped}---\n{body}{HOSTILE_MARKDOWN}", encoding="utf-8")


def _rewrite_csv(path: Path) -> None:
    from macros.decoding import decode

    text, _ = decode(path.read_bytes())  # Windows-1252 tables stay readable once rewritten in UTF-8
    delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        return
    header, *data = rows
    hostile_rows = [header]
    for row in data:
        hostile_rows.append(row)
    if data:
        extra = list(data[-1])
        for index in range(len(extra)):
            if index >= 2:  # keep the month/date columns readable, attack the others
                extra[index] = f"{extra[index]} {PAYLOADS[1]} {PERSONAL_DATA[index % len(PERSONAL_DATA)]}"
        hostile_rows.append(extra)
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(hostile_rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _rewrite_referential(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["nom"] = f"{data['nom']} {PAYLOAD} {MARKDOWN_PAYLOAD}"
    data["description"] = f"{data.get('description', '')} {PAYLOAD}"
    for module in data.get("modules", []):
        module["titre"] = f"{module['titre']} {PAYLOADS[1]} {MARKDOWN_PAYLOAD}"
        for engagement in module.get("engagements", []):
            engagement["titre"] = f"{engagement['titre']} {PAYLOADS[2]}"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _hostile_settings(project: Path) -> None:
    path = project / "qualite.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["organisation"] = f"Préfecture {PAYLOAD}"
    for kind in data.get("types", {}).values():
        kind["libelle"] = f"{kind['libelle']} {PAYLOADS[1]}"
    # Sites name the per-site auditor's files and the label calendar: their names are attacked too.
    data["sites"] = [f"{site} {PAYLOADS[1]}" for site in data.get("sites") or []] + [f"Site {PAYLOAD}"]
    data["labellisation"] = {f"{site} {PAYLOADS[1]}": day for site, day in (data.get("labellisation") or {}).items()}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _hostile_posts(project: Path) -> None:
    posts = project / "docs" / "flash-infos" / "posts"
    for post in posts.glob("*.md"):
        text = post.read_text(encoding="utf-8")
        text = text.replace("\n# ", f"\n# {PAYLOADS[0]} ", 1)
        text = text.replace("  - Audits", f"  - Audits {PAYLOADS[1]}\n  - '[c](javascript:{MARK}(406))'")
        text = text.replace(
            "categories:", f"title: 'Note {{: id=''n\" autofocus onfocus=\"{MARK}(905)'' }}'\ncategories:"
        )
        post.write_text(text.replace("<!-- more -->", f"{PAYLOADS[1]} M. Dupont\n\n<!-- more -->") + HOSTILE_MARKDOWN)
    (posts / "2026-11-date-francaise.md").write_text(
        "---\ndate: 02/12/2026\ncategories: [Divers]\nauthors: [responsable-qualite]\n---\n\n"
        "# Date à la française\n\nUn flash-info daté à la française.\n",
        encoding="utf-8",
    )
    (posts / "2026-11-date-cassee.md").write_text(
        "---\ndate: le 2 décembre\nauthors: [responsable-qualite]\n---\n\n# Date illisible\n\nTexte.\n",
        encoding="utf-8",
    )
    (posts / "2026-11-auteur-inconnu.md").write_text(
        "---\ndate: 2026-11-03\nauthors: [inconnu]\n---\n\n# Auteur inconnu\n\nTexte de Mme Lambert.\n",
        encoding="utf-8",
    )
    (posts / "2026-11-yaml-casse.md").write_text(
        "---\ndate: [2026-11-03\n---\n\n# En-tête cassé\n\nTexte.\n", encoding="utf-8"
    )
    (posts / "piege.html").write_text(f"<script>{MARK}(422)</script>", encoding="utf-8")
    (posts / "piege.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" onload="{MARK}(423)"/>', encoding="utf-8"
    )
    os.symlink(project / "secret-hors-base.txt", posts / "secret.txt")
    authors = project / "docs" / "flash-infos" / ".authors.yml"
    authors.write_text(
        "authors:\n"
        "  responsable-qualite:\n"
        f"    name: 'La responsable {PAYLOADS[1]}'\n"
        f"    description: 'Mission qualité {PAYLOADS[0]}'\n"
        "    avatar: assets/images/qualite.svg\n"
        "  pisteur:\n"
        "    name: Pisteur\n"
        "    avatar: '//evil.example/track.png'\n",
        encoding="utf-8",
    )


def _hostile_documents(base: Path) -> None:
    folder = base / "Hostile"
    folder.mkdir(exist_ok=True)
    (folder / "PROC-HOST-001.md").write_text(
        "---\n"
        "reference: PROC-HOST-001\n"
        f"titre: '{PAYLOADS[0]} Procédure piégée'\n"
        "type: procedure\n"
        "date_creation: 2025-03-01\n"
        "version: 1.0\n"
        f"service: '{FORMULAS[0]}'\n"
        f"site: '{FORMULAS[1]}'\n"
        "statut: valide\n"
        "engagements: [QEP-2]\n"
        f"redacteur: '{FORMULAS[3]}'\n"
        "valideur: Chef du BAAS\n"
        "date_validation: 2025-03-15\n"
        "---\n\n"
        f"# {PAYLOADS[0]} Procédure piégée\n\n" + "\n\n".join(f"Contact : {item}." for item in PERSONAL_DATA) + "\n",
        encoding="utf-8",
    )
    (folder / "Mme Durand - compte rendu.md").write_text(
        "---\nreference: ENR-HOST-002\ntitre: Compte rendu\ntype: enregistrement\ndate_creation: 2025-03-01\n"
        "version: 1.0\nservice: BAAS\nstatut: brouillon\nengagements: [QEP-2]\n---\n\n# Compte rendu\n\n"
        "[annexe](<M. Lefort 06 12 34 56 78.pdf>)\n",
        encoding="utf-8",
    )
    (folder / "M. Lefort 06 12 34 56 78.pdf").write_bytes(b"%PDF-1.4\n%qdxss\n")
    (folder / f"<img src=x onerror={MARK}(9)>.md").write_text("# Nom de fichier piégé\n\nTexte.\n", encoding="utf-8")
    (folder / "PROC-HOST-009.md").write_text(
        "---\nreference: PROC-HOST-009\ntitre: Dates et nombres hors limites\ntype: procedure\n"
        "date_creation: 9999-12-31\nrevue: 99999999999\nversion: 1.0\nservice: BAAS\nstatut: brouillon\n"
        "---\n\n# Limites\n",
        encoding="utf-8",
    )
    bombs = folder / "Bombes"
    bombs.mkdir(exist_ok=True)
    for name, content in resource_bombs().items():
        (bombs / name).write_text(content, encoding="utf-8")


def resource_bombs() -> dict[str, str]:
    """File name → text of each input that once took minutes or gigabytes to build."""
    laughs = "\n".join(f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 10))
    return {
        "milliard-de-rires.md": f"---\nl0: &l0 ha\n{laughs}\nreference: ENR-BOMB-001\n---\n\n# Bombe\n",
        "liste-imbriquee.md": "# Liste imbriquée\n\n" + "".join("  " * d + "- niveau\n" for d in range(5000)),
        "liste-300-niveaux.md": "# Liste imbriquée\n\n" + "".join("  " * d + "- niveau\n" for d in range(300)),
        "tirets.md": "# Tirets\n\n" + "- " * 5000 + "fin\n",
        "crochets.md": "# Crochets\n\n" + "[" * 100_000 + "\n",
        "liens.md": "# Liens\n\n" + "[a](" * 10_000 + "\n",
        "chevrons.md": "# Chevrons\n\n" + "<a " * 10_000 + "\n",
        "citations.md": "# Citations\n\n" + ">" * 20_000 + " texte\n",
        "emphases.md": "# Emphases\n\n" + "*a " * 50_000 + "\n",
        "long.md": "# Long\n\n" + "Une ligne de texte ordinaire.\n" * 40_000,
        "enorme.md": "# Énorme\n\n" + "Une ligne de texte ordinaire.\n" * 400_000,
    }


def _symlinks(project: Path, base: Path) -> None:
    links = base / "Liens"
    links.mkdir(exist_ok=True)
    secret = project / "secret-hors-base.txt"
    secret.write_text("root:x:0:0:qdxss-secret\n", encoding="utf-8")
    outside_folder = project / "dossier-hors-base"
    outside_folder.mkdir(exist_ok=True)
    (outside_folder / "fuite.md").write_text("# Fuite qdxss-secret\n\nTexte hors base.\n", encoding="utf-8")
    (outside_folder / "fuite.csv").write_text("a,b\nqdxss-secret,1\n", encoding="utf-8")
    os.symlink(secret, links / "secret.md")
    os.symlink(secret, links / "secret.pdf")
    os.symlink(outside_folder / "fuite.csv", links / "valeurs.csv")
    os.symlink(outside_folder, links / "dossier-lie")
    os.symlink(links / "boucle-b.pdf", links / "boucle-a.pdf")
    os.symlink(links / "boucle-a.pdf", links / "boucle-b.pdf")
    os.symlink(links / "absent.pdf", links / "pendant.pdf")
    os.symlink(links / "pendant-md.md.absent", links / "pendant.md")


def _hostile_numbers(base: Path) -> None:
    """Numbers and dates at the edge of what Python can hold, in the records' CSV files and headers."""
    for path in base.rglob("*.csv"):
        with path.open("a", encoding="utf-8") as table:
            first = path.read_text(encoding="utf-8").split("\n", 1)[0]
            separator = ";" if first.count(";") > first.count(",") else ","
            columns = first.count(separator) + 1
            table.write(separator.join(["9999-12-31"] * columns) + "\n")
            table.write(separator.join(["2019-01"] + ["9" * 400] * (columns - 1)) + "\n")
    for path in base.rglob("*.md"):
        text = path.read_text(encoding="utf-8", errors="replace")
        if "constats:" in text and "points_forts" in text:
            path.write_text(text.replace("points_forts: ", "points_forts: " + "9" * 400 + "0", 1), encoding="utf-8")


def make_hostile_project(target: Path, *, bombs: bool = True) -> Path:
    """The example project with hostile values everywhere; returns the project folder."""
    project = copy_project(target, with_procedures=True)
    base = project / "procedures"
    for path in sorted(base.rglob("*.md")):
        _rewrite_document(path)
    for path in sorted(base.rglob("*.csv")):
        _rewrite_csv(path)
    for path in sorted((project / "referentiels").glob("*.yml")):
        _rewrite_referential(path)
    _hostile_numbers(base)
    _hostile_settings(project)
    (project / "referentiels" / "dossier.yml").mkdir()
    _hostile_posts(project)
    _hostile_documents(base)
    if not bombs:
        for path in (base / "Hostile" / "Bombes").glob("*"):
            path.unlink()
    _symlinks(project, base)
    return project
