"""The accessibility statement (déclaration d'accessibilité) every French public site publishes
(RGAA, article 47 of law 2005-102): state of compliance, what is not accessible, how to reach a
person, and the recourse to the Défenseur des droits; filled from `accessibilite:` of qualite.yml."""

from __future__ import annotations

from macros.dates import format_date
from macros.site.html import escape, front_matter
from macros.site.site_data import SiteData

SRC_URI = "accessibilite.md"


def accessibility_page(data: SiteData, site_name: str) -> str:
    facts = data.run.config.accessibilite or {}
    organisation = escape(data.run.config.organisation)
    state = escape(facts.get("etat") or "non conforme")
    rate, day, contact = (escape(facts.get(key) or "") for key in ("taux", "date", "contact"))
    missing = [escape(item) for item in facts.get("non_accessibles") or ()]
    exempt = [escape(item) for item in facts.get("derogations") or ()]
    audit = (
        f"<p>L'audit de conformité réalisé le {day} révèle que {rate} des critères du RGAA version 4.1 sont "
        "respectés.</p>"
        if rate and day
        else "<p>Aucun audit de conformité n'a encore été réalisé : l'état de conformité ci-dessus est celui que "
        "la loi retient dans ce cas.</p>"
    )
    contact_text = (
        f"<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, vous pouvez contacter {contact} pour "
        "être orienté vers une alternative accessible ou obtenir le contenu sous une autre forme.</p>"
        if contact
        else '<p class="qd-gap">Le contact n\'est pas encore indiqué : renseignez <code>accessibilite: contact:</code> '
        "dans qualite.yml (une adresse électronique ou un service à joindre).</p>"
    )
    return "\n".join(
        [
            *front_matter("Déclaration d'accessibilité"),
            "# Déclaration d'accessibilité",
            "",
            f"<p>{organisation} s'engage à rendre son site accessible conformément à l'article 47 de la loi "
            "n° 2005-102 du 11 février 2005. Cette déclaration d'accessibilité s'applique au site "
            f"« {escape(site_name)} ».</p>",
            "",
            "## État de conformité",
            "",
            f"<p>Ce site est <strong>{state}</strong> avec le référentiel général d'amélioration de "
            "l'accessibilité (RGAA), version 4.1.</p>",
            "",
            "## Résultats des tests",
            "",
            audit,
            "<p>Chaque version du site est aussi vérifiée automatiquement (axe-core, sur écran large et sur "
            "téléphone, ouvert depuis le serveur et depuis un partage réseau) : aucune erreur grave ou critique. "
            "Ces tests automatiques ne remplacent pas un audit.</p>",
            "",
            "## Contenus non accessibles",
            "",
            "<ul>" + "".join(f"<li>{item}</li>" for item in missing) + "</ul>"
            if missing
            else "<p>Aucun contenu non accessible n'est connu à ce jour ; les pièces jointes (PDF, tableurs) "
            "déposées dans la base n'ont pas été vérifiées.</p>",
            "",
            *(
                [
                    "### Dérogations pour charge disproportionnée",
                    "",
                    "<ul>" + "".join(f"<li>{e}</li>" for e in exempt) + "</ul>",
                    "",
                ]
                if exempt
                else []
            ),
            "## Établissement de cette déclaration",
            "",
            f"<p>Cette déclaration a été établie le {escape(format_date(data.run.today))}. Technologies utilisées : "
            "HTML, CSS, JavaScript, SVG.</p>",
            *(
                [f"<p>Schéma pluriannuel de mise en accessibilité : {escape(facts['schema'])}.</p>"]
                if facts.get("schema")
                else []
            ),
            "",
            "## Retour d'information et contact",
            "",
            contact_text,
            "",
            "## Voies de recours",
            "",
            "<p>Cette procédure est à utiliser si vous avez signalé au responsable du site un défaut "
            "d'accessibilité qui vous empêche d'accéder à un contenu ou à un service, et que vous n'avez pas "
            "obtenu de réponse satisfaisante. Vous pouvez :</p>",
            "<ul><li>écrire un message au Défenseur des droits (formulaire en ligne sur le site "
            "defenseurdesdroits.fr) ;</li><li>contacter le délégué du Défenseur des droits dans votre "
            "région ;</li><li>téléphoner au 09&nbsp;69&nbsp;39&nbsp;00&nbsp;00 ;</li><li>envoyer un courrier "
            "par la poste (gratuit, ne pas mettre de timbre) : Défenseur des droits, Libre réponse 71120, "
            "75342 Paris CEDEX 07.</li></ul>",
            "",
        ]
    )
