"""The one list of finding codes: the checks, the configuration and the README table all read it.

`macros/codes.py` holds one constant per code, generated from this list (`python -m macros codes
--module macros/codes.py`, kept up to date by a test): a check imports the constants it raises, so
a misspelt code fails at import, not when the finding fires.
"""

from __future__ import annotations

from dataclasses import dataclass

from macros.model import Severity


@dataclass(frozen=True)
class RuleCode:
    code: str
    default_severity: Severity
    when: str
    fix: str
    # An AFNOR audit flagged documents handed to the public without reference or creation date:
    # for `public: usagers` such codes stay errors whatever `severites` says.
    always_error_for_public: bool = False

    @property
    def constant(self) -> str:
        return self.code.replace("-", "_")


ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

RULE_CODES: tuple[RuleCode, ...] = (
    RuleCode(
        "REF-MANQUANTE",
        ERROR,
        "pas de référence, ou une référence vide",
        "ajoutez `reference: PROC-SERVICE-001` dans l'en-tête",
        always_error_for_public=True,
    ),
    RuleCode(
        "DATE-MANQUANTE",
        ERROR,
        "pas de date de création",
        "ajoutez `date_creation: AAAA-MM-JJ` dans l'en-tête",
        always_error_for_public=True,
    ),
    RuleCode(
        "DATE-INVALIDE",
        ERROR,
        "un champ de date qui n'est pas une date réelle (31/02/2021, « mars 2021 »)",
        "écrivez la date sous la forme AAAA-MM-JJ ou JJ/MM/AAAA",
    ),
    RuleCode(
        "DATE-FORMAT",
        WARNING,
        "une date réelle écrite sous une autre forme (15-01-2024, 2024/01/15, 15.01.2024, 15/01/24) : lue, "
        "mais à réécrire",
        "écrivez-la AAAA-MM-JJ ou JJ/MM/AAAA",
    ),
    RuleCode(
        "REF-DOUBLON",
        ERROR,
        "deux documents portent la même référence (chacun est signalé et nomme l'autre)",
        "donnez à chaque document une référence unique",
    ),
    RuleCode(
        "YAML-INVALIDE",
        ERROR,
        "en-tête YAML illisible, non fermé, ou qui n'est pas une liste de champs `clé: valeur`",
        "corrigez la syntaxe de l'en-tête à la ligne indiquée",
    ),
    RuleCode(
        "FICHIER-ILLISIBLE",
        ERROR,
        "le fichier ne peut pas être lu (droits d'accès, fichier verrouillé)",
        "vérifiez les droits du fichier sur le partage",
    ),
    RuleCode(
        "LIEN-SYMBOLIQUE",
        ERROR,
        "lien symbolique vers un fichier hors de la base, vers un dossier, ou sans cible (boucle, cible absente) : "
        "il n'est ni lu ni publié",
        "remplacez le lien par une copie du fichier dans la base, ou supprimez-le",
    ),
    RuleCode(
        "CORPS-TROP-COMPLEXE",
        WARNING,
        "texte trop long (plus d'un million de caractères, fichier de plus de 5 Mo) ou trop imbriqué (plus de 32 "
        "niveaux de listes ou de citations, un paragraphe de plus de 2 000 crochets) : affiché en texte brut",
        "découpez le document, ou retirez les imbrications et les crochets en trop",
    ),
    RuleCode(
        "REF-FORMAT",
        WARNING,
        "référence hors du motif configuré (par défaut : segments en majuscules joints par `-`, ex. `PROC-BAAS-001`)",
        "renommez la référence selon le motif",
    ),
    RuleCode(
        "DATE-FUTURE", WARNING, "une date postérieure à la date de référence du contrôle", "vérifiez l'année et le mois"
    ),
    RuleCode(
        "TYPE-INCONNU",
        WARNING,
        "type absent ou hors de la liste des types",
        "choisissez un type de la liste (voir README)",
    ),
    RuleCode(
        "ENGAGEMENT-INCONNU",
        WARNING,
        "identifiant d'engagement absent de tous les référentiels",
        "utilisez un identifiant `CODE-N` d'un référentiel de `referentiels/`",
    ),
    RuleCode(
        "REVUE-DEPASSEE",
        WARNING,
        "dernière révision (ou création) + période de revue antérieure à la date de référence",
        "relisez le document puis mettez à jour `date_revision`",
    ),
    RuleCode(
        "LIEN-CASSE",
        WARNING,
        "un lien relatif vers un fichier de la base qui n'existe pas",
        "corrigez le chemin du lien ou ajoutez le fichier manquant",
    ),
    RuleCode(
        "TITRE-MANQUANT",
        WARNING,
        "pas de titre dans l'en-tête ni de titre `# ...` dans le texte",
        "ajoutez `titre: ...` dans l'en-tête",
    ),
    RuleCode(
        "ENCODAGE",
        WARNING,
        "fichier qui n'est pas en UTF-8 (lu quand même, mais à réenregistrer)",
        "réenregistrez le fichier en UTF-8",
    ),
    RuleCode(
        "ENTETE-MANQUANTE",
        ERROR,
        "fichier sans en-tête YAML (bloc entre deux lignes `---` en tête) : un seul constat, qui dit ce qui manque (référence, date de création, type, titre)",
        "ajoutez un en-tête avec au moins reference, titre, type et date_creation",
        always_error_for_public=True,
    ),
    RuleCode(
        "ENTETE-DOUBLE",
        WARNING,
        "un second bloc `---` de champs suit l'en-tête : ses champs ne sont pas lus (ils s'affichent dans le texte)",
        "réunissez les deux blocs en un seul en-tête",
    ),
    RuleCode(
        "CLE-DOUBLE",
        WARNING,
        "deux clés de l'en-tête désignent le même champ (`Référence` et `reference`) : une seule est lue",
        "gardez-en une seule",
    ),
    RuleCode(
        "VALEUR-COUPEE",
        WARNING,
        "une valeur sans guillemets contient ` #` : YAML lit la suite comme un commentaire et la valeur est coupée",
        'mettez la valeur entre guillemets (titre: "Accueil #2")',
    ),
    RuleCode(
        "PIECE-SANS-REFERENCE",
        ERROR,
        "une pièce PDF, Word ou LibreOffice remise au public (jointe à un document `public: usagers`) ne porte aucune "
        "référence dans son texte",
        "ajoutez la référence au fichier (en pied de page) et réexportez-le",
    ),
    RuleCode(
        "PIECE-SANS-DATE",
        ERROR,
        "une pièce remise au public ne porte aucune date (création ou mise à jour) dans son texte",
        "ajoutez sa date au fichier et réexportez-le",
    ),
    RuleCode(
        "PIECE-ILLISIBLE",
        WARNING,
        "une pièce remise au public ne peut pas être lue (protégée par un mot de passe, abîmée, scannée sans "
        "texte, trop grande) : sa référence et sa date ne peuvent pas être contrôlées",
        "joignez une version PDF qui contient du texte",
    ),
    RuleCode(
        "ECHEANCE-DEPASSEE",
        WARNING,
        "une obligation de la démarche est en retard : COPIL, CLU, enquête, audit interne (12 mois), bilan annuel "
        "(avant le 31 mars), grille de vérification (accueil 6 mois par site, site internet et courriers 3 mois)",
        "tenez la réunion ou faites la vérification, puis versez son compte rendu ou sa grille dans la base",
    ),
    RuleCode(
        "GRILLE-ECART-SANS-ACTION",
        WARNING,
        "un point `non-conforme` d'une grille de vérification n'est relié à aucune action d'un plan",
        "ajoutez une action `source: RÉFÉRENCE-DE-LA-GRILLE` (et `objet:` le point) ou son identifiant dans `action:`",
    ),
    RuleCode(
        "PIECE-ACTIVE",
        WARNING,
        "fichier joint que le navigateur exécuterait (HTML, SVG, JavaScript) : il n'est pas publié",
        "convertissez-le en PDF ou en image PNG",
    ),
    RuleCode(
        "VALEUR-INVALIDE",
        WARNING,
        "valeur hors des valeurs admises (statut, public, revue, engagements)",
        "utilisez une des valeurs listées dans le README",
    ),
    RuleCode(
        "VALIDATION-INCOMPLETE",
        WARNING,
        "document `statut: valide` sans `valideur` ou sans `date_validation`",
        "validez-le avec `python -m macros valider REFERENCE --par NOM`",
    ),
    RuleCode(
        "DOC-MODIFIE-APRES-VALIDATION",
        WARNING,
        "le contenu a changé depuis la validation (empreinte enregistrée par `valider` différente)",
        "faites relire le document puis validez-le de nouveau (`python -m macros valider`)",
    ),
    RuleCode(
        "VERSION-INVALIDE",
        WARNING,
        "`version` illisible, ou inférieure à une version de l'`historique` : une version ne fait que croître",
        "écrivez la version sous la forme 2.1 et augmentez-la à chaque modification",
    ),
    RuleCode(
        "LIEN-OBSOLETE",
        WARNING,
        "un lien vers un document obsolète ou remplacé (`remplace:`)",
        "faites pointer le lien vers le document qui le remplace",
    ),
    RuleCode(
        "PIECE-ORPHELINE",
        INFO,
        "fichier joint (PDF, DOCX, XLSX, image…) vers lequel aucun document ne fait de lien",
        "ajoutez un lien depuis le document qui l'utilise, ou retirez le fichier de la base",
    ),
    RuleCode(
        "ENQUETE-SANS-ACTION",
        WARNING,
        "thème d'enquête sous le seuil de satisfaction sans action d'amélioration liée",
        "ajoutez une action d'origine `enquete` liée au thème",
    ),
    RuleCode(
        "NC-SANS-ACTION",
        WARNING,
        "non-conformité d'audit sans action corrective liée",
        "ajoutez une action d'origine `audit` qui la cite",
    ),
    RuleCode(
        "ACTION-EN-RETARD",
        WARNING,
        "action d'un plan d'action non soldée après son échéance",
        "soldez l'action ou replanifiez son échéance",
    ),
    RuleCode(
        "ACTION-INVALIDE",
        WARNING,
        "action d'un plan d'action incomplète (intitulé, pilote, échéance, statut, origine)",
        "complétez l'action dans l'en-tête du plan",
    ),
    RuleCode(
        "COPIL-ACTION-INCONNUE",
        WARNING,
        "compte rendu de COPIL qui examine une action absente de tous les plans d'action de la base",
        "corrigez l'identifiant de l'action, ou ajoutez-la au plan d'action qui la porte",
    ),
    RuleCode(
        "IND-DEFINITION",
        WARNING,
        "fiche indicateur dont le bloc `indicateur:` est incomplet (libellé, unité, cible, sens, fichier de valeurs)",
        "complétez le bloc `indicateur:` de l'en-tête (voir README)",
    ),
    RuleCode(
        "IND-VALEUR-INVALIDE",
        WARNING,
        "valeur d'indicateur qui n'est pas un nombre, ou pourcentage hors de 0 à 100",
        "corrigez la cellule dans le fichier CSV, ou laissez-la vide si la valeur manque",
    ),
    RuleCode(
        "IND-MOIS-INVALIDE",
        WARNING,
        "mois illisible dans un fichier de valeurs d'indicateur (attendu AAAA-MM ou MM/AAAA)",
        "écrivez le mois sous la forme 2026-01 ou 01/2026",
    ),
    RuleCode(
        "IND-MOIS-DOUBLON",
        WARNING,
        "le même mois apparaît deux fois pour le même site dans un fichier de valeurs",
        "supprimez ou corrigez l'une des deux lignes",
    ),
    RuleCode(
        "RECLAMATION-INVALIDE",
        WARNING,
        "ligne du registre des réclamations incomplète ou illisible (date, réponse avant réception)",
        "corrigez la ligne dans le fichier CSV du registre",
    ),
    RuleCode(
        "RECLAMATION-HORS-DELAI",
        WARNING,
        "réponse à une réclamation au-delà du délai d'engagement (jours ouvrés, `delai_reclamations`)",
        "analysez le retard ; une action d'origine `reclamation` peut s'imposer",
    ),
    RuleCode(
        "RECLAMATION-SANS-REPONSE",
        WARNING,
        "réclamation sans date de réponse dont le délai d'engagement est dépassé à la date du contrôle",
        "répondez à l'usager puis notez la date de réponse",
    ),
    RuleCode(
        "COURRIER-INVALIDE",
        WARNING,
        "ligne du tableau de suivi des courriers illisible (date, canal) ou tableau introuvable",
        "corrigez la ligne dans le fichier CSV déclaré par `courriers:` (canal : courriel ou courrier)",
    ),
    RuleCode(
        "COURRIERS-SANS-REPONSE",
        WARNING,
        "courriels ou courriers sans réponse au-delà de l'engagement (`delai_courriels`, `delai_courriers`)",
        "répondez, puis notez la date dans la colonne « Réponse le » du tableau de suivi",
    ),
    RuleCode(
        "FLASH-INFO-INVALIDE",
        ERROR,
        "flash-info (ou fichier des auteurs) illisible : en-tête cassé, date absente ou incompréhensible ; "
        "le flash-info n'est pas publié",
        "écrivez `date: AAAA-MM-JJ` (ou JJ/MM/AAAA) et corrigez l'en-tête à la ligne indiquée",
    ),
    RuleCode(
        "FLASH-INFO-AUTEUR",
        WARNING,
        "flash-info qui nomme un auteur absent de `.authors.yml` : publié sans cet auteur",
        "ajoutez l'auteur au fichier des auteurs, ou corrigez son identifiant",
    ),
    RuleCode(
        "SITE-INCONNU",
        WARNING,
        "un `site` absent de la liste `sites:` de qualite.yml (quand elle est remplie)",
        "écrivez le site comme dans `sites:` (le plus proche est proposé), ou ajoutez-le à la liste",
    ),
    RuleCode(
        "SERVICE-INCONNU",
        WARNING,
        "un `service` absent de la liste `services:` de qualite.yml (quand elle est remplie)",
        "écrivez le service comme dans `services:` (le plus proche est proposé), ou ajoutez-le à la liste",
    ),
    RuleCode(
        "CLE-INCONNUE",
        INFO,
        "une clé d'en-tête que le contrôle ne lit pas mais qui ressemble à l'une des siennes (`referense`)",
        "renommez la clé, ou déclarez-la dans `cles:` de qualite.yml",
    ),
    RuleCode(
        "DONNEE-PERSONNELLE",
        WARNING,
        "nom précédé d'une civilité, adresse électronique ou numéro de téléphone personnels : masqués dans le site",
        "retirez la donnée de la base ; déclarez les adresses et numéros de service dans `donnees_publiques`",
    ),
)

RULES_BY_CODE: dict[str, RuleCode] = {rule.code: rule for rule in RULE_CODES}


def constants_module() -> str:
    """The text of `macros/codes.py`: one constant per code, in the list's order."""
    lines = ['"""One constant per finding code, generated from `macros.rule_codes.RULE_CODES`: do not edit."""', ""]
    lines += [f'{rule.constant} = "{rule.code}"' for rule in RULE_CODES]
    return "\n".join(lines) + "\n"


def markdown_table() -> str:
    """The README's table of codes, generated so that it cannot drift from the checks."""
    rows = ["| code | gravité par défaut | quand | comment corriger |", "|---|---|---|---|"]
    rows += [f"| `{r.code}` | {r.default_severity.value} | {r.when} | {r.fix} |" for r in RULE_CODES]
    return "\n".join(rows)
