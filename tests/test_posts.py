"""Flash-infos read like documents: a date the blog cannot read, an unknown author, markup in values."""

from __future__ import annotations

import datetime as dt

from conftest import write

from macros.posts import authors_yaml, post_date, read_flash_infos

AUTHORS = (
    "authors:\n  qualite:\n    name: La mission qualité\n    description: Secrétariat général\n    avatar: a.png\n"
)


def flash_infos(tmp_path, posts: dict[str, str], authors: str = AUTHORS):
    docs = tmp_path / "docs"
    write(docs, "flash-infos/.authors.yml", authors)
    for name, text in posts.items():
        write(docs, f"flash-infos/posts/{name}", text)
    return read_flash_infos(docs, "flash-infos")


def test_dates_as_users_write_them_are_understood():
    assert post_date("2026-12-02") == post_date("02/12/2026") == dt.date(2026, 12, 2)
    assert post_date("2026-12-02 10:30") == post_date("2026-12-02T10:30:00+01:00") == dt.date(2026, 12, 2)
    assert post_date({"created": "2026-12-02"}) == dt.date(2026, 12, 2)
    assert post_date("le 2 décembre") is None and post_date(None) is None


def test_a_post_without_a_readable_date_is_left_out_with_its_line(tmp_path):
    result = flash_infos(tmp_path, {"a.md": "---\ntitle: x\ndate: le 2 décembre\n---\n\n# A\n\nTexte.\n"})
    assert result.posts == () and result.left_out == ("flash-infos/posts/a.md",)
    (finding,) = result.findings
    assert (finding.path, finding.code, finding.line) == ("docs/flash-infos/posts/a.md", "FLASH-INFO-INVALIDE", 3)


def test_an_unknown_author_is_dropped_and_reported(tmp_path):
    result = flash_infos(tmp_path, {"a.md": "---\ndate: 2026-11-03\nauthors: [qualite, inconnu]\n---\n\n# A\n"})
    (post,) = result.posts
    assert post.authors == ("qualite",)
    assert [f.code for f in result.findings] == ["FLASH-INFO-AUTEUR"]
    assert 'authors: ["qualite"]' in post.safe_markdown


def test_the_safe_copy_escapes_title_and_categories_and_masks_personal_data(tmp_path):
    text = "---\ndate: 02/12/2026\ncategories: ['<b>Audits</b>']\n---\n\n# <script>x</script> Titre\n\nDe M. Dupont.\n"
    (post,) = flash_infos(tmp_path, {"a.md": text}).posts
    assert post.safe_markdown.startswith("---\ndate: 2026-12-02\n")
    assert 'categories: ["Audits"]' in post.safe_markdown  # markup and Markdown punctuation taken out
    assert "# &lt;script&gt;x&lt;/script&gt; Titre" in post.safe_markdown
    assert "Dupont" not in post.safe_markdown and "[nom masqué]" in post.summary


def test_a_broken_authors_file_is_a_finding_and_no_author(tmp_path):
    result = flash_infos(tmp_path, {}, authors="authors: [\n")
    assert result.authors == () and [f.code for f in result.findings] == ["FLASH-INFO-INVALIDE"]


def test_author_names_are_escaped_and_avatars_kept_to_images(tmp_path):
    authors = "authors:\n  q:\n    name: '<img src=x onerror=y>'\n    avatar: 'javascript:alert(1)'\n"
    result = flash_infos(tmp_path, {}, authors=authors)
    written = authors_yaml(result.authors)
    assert "&lt;img src=x onerror=y&gt;" in written and "javascript" not in written


def test_a_slug_naming_a_person_is_dropped_the_title_masked(tmp_path):
    text = "---\ndate: 2026-11-03\nslug: merci-mme-durand\n---\n\n# Merci à Mme Durand\n\nTexte.\n"
    (post,) = flash_infos(tmp_path, {"a.md": text}).posts
    assert "slug" not in post.safe_markdown and "durand" not in post.safe_markdown.lower()
