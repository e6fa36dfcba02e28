"""Bases kept in Obsidian: `[[wikilinks]]` resolved to the document's page and checked, `%%comments%%` unpublished."""

from __future__ import annotations

from conftest import write
from site_builder import build_site, make_project
from test_site_build import document

BODY = (
    "# Accueil\n\nVoir [[PROC-BAAS-002]], [[Orientation des usagers|la fiche d'orientation]], "
    "[[Fiche orientation]] et [[Absente]].\n\n![[plan.png]]\n\n%%note de travail : à revoir%%\n\n"
    "```\n[[PROC-BAAS-002]] dans du code\n```\n"
)


def test_wikilinks_are_checked_and_only_the_broken_one_is_a_finding(base, control):
    write(base, "Fiche accueil.md", document("PROC-BAAS-001", body=BODY))
    write(base, "Fiche orientation.md", document("PROC-BAAS-002", titre="Orientation des usagers"))
    write(base, "plan.png", b"\x89PNG\r\n\x1a\n")
    run = control()
    broken = [f for f in run.findings if f.code == "LIEN-CASSE"]
    assert [f.message.split("»")[0] for f in broken] == ["Le lien « [[Absente]] "]
    assert "PIECE-ORPHELINE" not in [f.code for f in run.findings]  # the embed uses the image


def test_wikilinks_lead_to_the_pages_and_comments_are_not_published(tmp_path):
    project = make_project(
        tmp_path,
        {
            "Fiche accueil.md": document("PROC-BAAS-001", body=BODY),
            "Fiche orientation.md": document("PROC-BAAS-002", titre="Orientation des usagers"),
            "plan.png": b"\x89PNG\r\n\x1a\n",
        },
    )
    assert build_site(project).returncode == 0
    page = (project / "site" / "documents" / "proc-baas-001.html").read_text(encoding="utf-8")
    assert page.count('href="proc-baas-002.html"') == 3
    assert ">la fiche d&#x27;orientation</a>" in page or ">la fiche d'orientation</a>" in page
    assert 'src="../fichiers/plan.png"' in page and "#lien-casse" in page
    assert "note de travail" not in page and "[[PROC-BAAS-002]] dans du code" in page


def test_habits_of_other_markdown_bases_render_as_their_authors_meant(tmp_path):
    body = (
        "# Accueil\n\nÉtapes de la procédure :\n1. Accueillir l'usager\n2. L'orienter\n\n"
        "> [!note] À savoir\n> Le guichet ferme à 16 h.\n\nUne \\<balise\\> écrite en texte.\n"
    )
    project = make_project(tmp_path, {"a.md": document("PROC-BAAS-001", body=body)})
    assert build_site(project).returncode == 0
    page = (project / "site" / "documents" / "proc-baas-001.html").read_text(encoding="utf-8")
    assert "<ol>\n<li>Accueillir l'usager</li>" in page or "<li>Accueillir l&#x27;usager</li>" in page
    assert 'class="admonition note"' in page and "À savoir" in page and "[!note]" not in page
    assert "&lt;balise&gt;" in page and "\\&lt;" not in page


def test_a_fence_closed_by_a_longer_one_closes(tmp_path):
    body = "# Accueil\n\n```\nligne de code\n````\n\nAprès le bloc.\n"
    project = make_project(tmp_path, {"a.md": document("PROC-BAAS-001", body=body)})
    assert build_site(project).returncode == 0
    page = (project / "site" / "documents" / "proc-baas-001.html").read_text(encoding="utf-8")
    assert "<code>ligne de code" in page and "<p>Après le bloc.</p>" in page


def test_sites_written_with_other_accents_read_as_the_declared_label(base, control, tmp_path):
    settings = write(tmp_path, "qualite.yml", "sites: [Sous-préfecture d'Arles]\n")
    write(
        base, "a.md", document("PROC-BAAS-001").replace("service: BAAS", "service: BAAS\nsite: sous-prefecture d'arles")
    )
    (read,) = control(settings).base.documents
    assert read.text("site") == "Sous-préfecture d'Arles"


def test_folded_callouts_fold_and_drafts_are_not_due_for_review(base, control, tmp_path):
    from macros.markdown_text import callouts_as_admonitions

    assert callouts_as_admonitions("> [!tip]- Astuce\n> Texte\n").startswith('??? tip "Astuce"')
    assert callouts_as_admonitions("> [!tip]+ Astuce\n> Texte\n").startswith('???+ tip "Astuce"')
    write(base, "a.md", document("PROC-BAAS-001", date_creation="2019-01-10"))
    assert "REVUE-DEPASSEE" in [f.code for f in control().findings]
    write(base, "a.md", document("PROC-BAAS-001", date_creation="2019-01-10", statut="brouillon"))
    assert "REVUE-DEPASSEE" not in [f.code for f in control().findings]
