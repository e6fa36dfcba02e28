"""MkDocs plugin `qualite`: every file of the base becomes a page, plus the register, report and referentials.

The glue between the core (which knows nothing of MkDocs) and the site; with `document_page` and
`search_index`, the only modules that import MkDocs. Events come in the order MkDocs calls them,
each a short orchestrator; the state is set in `__init__` and is mostly the one `SiteData`
computed in `on_config` from a single read of the base.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import tempfile
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc
from mkdocs.utils import clean_directory

from macros.config import ConfigurationError
from macros.control import run_control
from macros.csv_data import MAX_CSV_BYTES, neutralised_csv
from macros.decoding import decode
from macros.documents import ParseCache
from macros.git_history import GitHistoryCache
from macros.memory import released_memory
from macros.model import Severity
from macros.posts import authors_yaml, write_safe_copies
from macros.read_cache import cache_path
from macros.report import summary_line
from macros.resources import shipped
from macros.site.accessibility_view import SRC_URI as ACCESSIBILITY_SRC_URI
from macros.site.accessibility_view import accessibility_page
from macros.site.body import SanitizingPostprocessor, french_spaces, page_markdown, plain_body_html, sanitize
from macros.site.body_pool import BodyConversions, BodyJob, body_key
from macros.site.build_cache import (
    BuildCache,
    digest,
    previous_search_entries,
    settings_fingerprint,
    source_stats,
    title_part,
)
from macros.site.calendar_view import ICS_URI as CALENDAR_ICS_URI
from macros.site.calendar_view import SRC_URI as CALENDAR_SRC_URI
from macros.site.calendar_view import calendar_ics, calendar_page
from macros.site.cartouche import document_details, document_head
from macros.site.deferred import DeferredBlocks
from macros.site.document_page import CachedFile, DocumentFile, DocumentPage, SharedConverter
from macros.site.dossier_view import dossier_pages
from macros.site.flash_infos import FEED_URI, atom_feed, latest_html, read_posts
from macros.site.grid_views import SRC_URI as GRIDS_SRC_URI
from macros.site.grid_views import grid_block, grids_page
from macros.site.history_view import history_section
from macros.site.home_view import NEWS_FEED, NEWS_PAGE, news_feed, news_page_markdown
from macros.site.html import escape
from macros.site.indicator_views import indicator_link
from macros.site.macros_env import site_macros
from macros.site.page_frame import TEMPLATE as FRAME_TEMPLATE
from macros.site.page_frame import DocumentFrames
from macros.site.pilotage_pages import pilotage_pages
from macros.site.poster_views import poster_pages
from macros.site.public_edition import (
    AGENTS,
    EDITION_VARIABLE,
    PUBLIC,
    edition_of,
    public_pages,
    public_site_data,
    without_dead_links,
    without_docs_pages,
)
from macros.site.public_edition import NAV as PUBLIC_NAV
from macros.site.referential_view import referential_page_markdown
from macros.site.register import CSV_NAME, register_csv, register_rows
from macros.site.search_index import (
    BODY_END,
    BODY_MARKER,
    SEARCH_INDEX,
    DocumentAwareSearchIndex,
    wait_for_served_writer,
)
from macros.site.search_setup import configure_search, search_files
from macros.site.serve_watch import watch_with_system_events
from macros.site.site_data import SiteData, build_site_data
from macros.site.steering_views import copil_block
from macros.site.template_cache import use_template_cache
from macros.site.urls import REGISTER, attachment_uri, page_href

log = logging.getLogger("mkdocs.plugins.qualite")
_NO_TOC = get_toc([])
_HTML_MARKS = re.compile(r'[<>&"]')


def _theme_text(text: str | None) -> str | None:
    """Markup characters escaped, the apostrophe kept (« Préfecture de l'Ain »): Material puts these
    values in double-quoted attributes, escaped in some places and raw in others."""
    if not text or not _HTML_MARKS.search(text):
        return text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


DATE_VARIABLE = "QUALITE_DATE"
# Added to every converter of the site, the blog's too: list habits of other editors (a list type
# change starts a new list, sub-lists at two spaces or a tab), and the safety of links and headings.
SITE_EXTENSIONS = ("sane_lists", "macros.site.list_indent", "macros.site.markdown_safety")


class QualityPluginConfig(Config):
    base = c.Type(str, default="procedures")
    referentiels = c.Type(str, default="referentiels")
    configuration = c.Type(str, default="qualite.yml")
    date = c.Optional(c.Type(str))
    edition = c.Optional(c.Type(str))  # `publique`: the internet site's part (or QUALITE_EDITION)


class QualityPlugin(BasePlugin[QualityPluginConfig]):
    def __init__(self) -> None:
        self.data: SiteData | None = None  # this build's control run and its views' data
        self.previous: SiteData | None = None  # the last build's, for `serve --dirty`
        self.documents_by_src_uri: dict = {}
        self.cache = ParseCache()
        self.git_history = GitHistoryCache()
        self.dirty = False
        self.command: str | None = None
        self.build_cache: BuildCache | None = None  # `build` only: the pages of the last build kept
        self.settings_key = ""  # what every page's frame is made of, see `build_cache`
        self.page_keys: dict[str, str] = {}
        self.served_keys: dict[str, str] = {}  # `serve --dirty`: the made pages' keys of the last rebuild
        self.served_titles: dict[str, str] = {}  # and the titles of the navigation's pages
        self.served_records: tuple = (None, None)  # `serve`: the records' digest, and the pages made from them
        self.records_unchanged = False  # `serve`: this rebuild's records are the last one's
        self.nav_pages: list = []
        self.observers: list = []  # `serve`: the system's file events, see `serve_watch`
        self.files: Files | None = None
        self.made_pages: dict = {}  # the pages made from the records, and their text's digest
        self.deferred = DeferredBlocks()
        self.conversions: BodyConversions | None = None  # this build's document bodies, see `body_pool`
        self.post_copies: dict[str, Path] = {}
        self.edition = AGENTS
        self.held_back: list = []  # public documents left out of the public edition, with their errors
        self._scratch = tempfile.TemporaryDirectory(prefix="qualite-")  # safe copies of the flash-infos

    # -- events, in the order MkDocs calls them -------------------------------------------------------

    def on_startup(self, *, command, dirty: bool) -> None:
        """Defining this keeps one plugin instance across `mkdocs serve` rebuilds, with its parse cache."""
        self.dirty, self.command = dirty, command
        if command == "build" and dirty:  # the build cache's doing, not a risk to warn of (nor fail --strict)
            logging.getLogger("mkdocs.commands.build").addFilter(_no_dirty_warning)

    def on_config(self, config):
        """Read and check the base once; hand the blog its safe copies and mkdocs-macros our macros."""
        paths = self._project_paths(config)
        blog = config.plugins.get("material/blog")
        try:
            self.edition = edition_of(self.config.edition or os.environ.get(EDITION_VARIABLE))
        except ValueError as error:
            raise PluginError(f"qualite : {error}") from error
        public = self.edition == PUBLIC
        posts = (Path(config.docs_dir), blog.config.blog_dir) if blog is not None and not public else None
        if self.data is None:  # the first read: from the last command's, kept on disk (`read_cache`)
            self.cache.store = cache_path(_project_root(config), keep_body=True)
            self.cache.read_back = self.dirty  # `mkdocs build`, `--complet`: nothing kept is trusted
        try:
            run = run_control(*paths, self._reference_date(), self.cache, blog=posts)
        except (ConfigurationError, FileNotFoundError) as error:
            raise PluginError(f"qualite : {error}") from error
        finally:
            if self.command != "build":
                self.cache.store = None  # serve's rebuilds keep their reads in memory
        self.previous, self.data = self.data, build_site_data(run)
        if public:
            self.data, self.held_back = public_site_data(self.data)
            config.nav = [dict(entry) for entry in PUBLIC_NAV]
            config.site_name = f"Qualité de service — {run.config.organisation}"
            if blog is not None:
                blog.config.enabled = False  # the flash-infos are the agents' news
        elif blog is not None:
            self._give_blog_safe_copies(blog, run.flash_infos)
        if blog is not None and self.command == "build":
            blog.is_dirty = False  # a cached build resolves the posts' links as a complete one does
        config.extra["qualite_edition"] = self.edition
        # The theme writes the site's name and description raw in places (`aria-label`, the header):
        # an organisation's name from `init` or qualite.yml is text, escaped once here.
        config.site_name = _theme_text(config.site_name)
        config.site_description = _theme_text(config.site_description)
        self.git_history.new_build(run.base.root)  # read lazily, by the first document page rendered
        self.deferred = DeferredBlocks()
        self._offer_macros(config)
        _use_shipped_theme(config)
        _corrected_translations(config, Path(self._scratch.name) / "theme")
        config.extra["qualite_accessibilite"] = (self.data.run.config.accessibilite or {}).get("etat", "non conforme")
        if _search_plugin(config) is not None:
            configure_search(_search_plugin(config))
        config.markdown_extensions.extend(e for e in SITE_EXTENSIONS if e not in config.markdown_extensions)
        config.use_directory_urls = False
        config.watch.extend(str(p) for p in paths if p.exists() and str(p) not in config.watch)
        return config

    def on_pre_build(self, config) -> None:
        """Swap in the search index that reads document pages without a general HTML parser; for
        `build`, read the last build's manifest (see `build_cache`)."""
        search = _search_plugin(config)
        if search is not None and getattr(search, "search_index", None) is not None:
            search.search_index = DocumentAwareSearchIndex(**search.search_index.config)
            search.search_index.kept_for_next_build = self._serving()
            search.search_index.target = Path(config.site_dir) / SEARCH_INDEX
        self.build_cache, self.page_keys = None, {}
        if self.command == "build":
            self.build_cache = BuildCache(_project_root(config), Path(config.site_dir))
            if not self.build_cache.read() and self.dirty:
                clean_directory(config.site_dir)  # no record of what is there: start from an empty folder

    def on_files(self, files: Files, config) -> Files:
        """Every file of the base becomes a file of the site, plus the pages made from the records."""
        self.files = files
        if self.edition == PUBLIC:
            return self._public_files(files, config)
        self._swap_posts_for_safe_copies(files, config)
        self._log_findings(self.data)
        self._add_document_pages(files, config)
        self._add_attachments(files, config)
        self._add_generated_pages(files, config)
        _add_standard_pages(files, config)
        self._finish_files(files, config)
        return files

    def _public_files(self, files: Files, config) -> Files:
        """The public edition: no page of docs/, the public documents, their files and the public pages."""
        without_docs_pages(files, config.docs_dir)
        for document, codes in self.held_back:
            log.warning(
                "édition publique : %s n'est pas publié tant qu'il a une erreur (%s) : corrigez-le, puis reconstruisez",
                document.reference or document.path, ", ".join(codes),
            )  # fmt: skip
        self._add_document_pages(files, config)
        self._add_attachments(files, config)
        pages = public_pages(self.data) | poster_pages(self.data)
        pages[ACCESSIBILITY_SRC_URI] = accessibility_page(self.data, config.site_name)
        self._add_made_pages(files, config, pages)
        self._finish_files(files, config)
        self.published = frozenset(f.dest_uri for f in files)
        return files

    def on_env(self, env, config, files):
        """Template fragments that are the same on many pages (see overrides/): rendered once per build."""
        memo: dict[str, str] = {}
        env.globals["qd_memo_get"] = memo.get

        def remember(key: str, rendered: str) -> str:
            memo[key] = rendered
            return rendered

        env.globals["qd_memo_put"] = remember
        env.globals["qd_document_page"] = DocumentFrames().render
        use_template_cache(env, _project_root(config))
        return env

    @event_priority(-100)  # last: the navigation is complete (the blog adds to it)
    def on_nav(self, nav, config, files):
        """Which document pages to write (a cached `build`: those whose key changed), then their
        bodies to the converters all at once."""
        self.settings_key = self._settings_key(nav, config)
        if self._cached_build() and self.build_cache.settings != self.settings_key:
            clean_directory(config.site_dir)  # another tool, theme or setting: nothing written before is kept
            self.build_cache.pages, self.build_cache.sources, self.build_cache.outputs = {}, {}, {}
        elif self._cached_build():
            removed = self.build_cache.tidy({f.dest_uri for f in files})
            if removed:
                log.info(
                    "cache de construction : %d fichier(s) qu'une construction complète ne ferait pas retiré(s)",
                    removed,
                )
        files_key = digest(*sorted(f.src_uri for f in files))  # a made page's key: its text, frame, link targets
        for page_file, text_key in self.made_pages.items():
            self.page_keys[page_file.src_uri] = key = digest(self.settings_key, page_file.src_uri, text_key, files_key)
            if self._serving() and self.served_keys.get(page_file.src_uri) == key:
                page_file.rebuild = False  # `serve --dirty`: the same page as the last rebuild's
        if self._cached_build() and self.build_cache.pages:
            self._keep_unchanged_pages(config)
        self.nav_pages = list(nav.pages)
        self._titles_of_kept_pages()
        self._start_conversions(config)
        return nav

    def _titles_of_kept_pages(self) -> None:
        """A page of the navigation not read again has no title of its own (MkDocs reads it from the
        text): it keeps the one it had, or is written again."""
        titles = self.build_cache.titles if self._cached_build() else self.served_titles
        for page in self.nav_pages:
            if isinstance(page.file, CachedFile) and not page.file.rebuild and page.title is None:
                if page.file.src_uri in titles:
                    page.title = titles[page.file.src_uri]
                else:
                    page.file.rebuild = True

    @event_priority(50)  # before mkdocs-macros, so that document pages are never rendered by Jinja
    def _mark_document_page(self, markdown: str, page, config, files) -> str:
        document = self.documents_by_src_uri.get(page.file.src_uri)
        if document is not None:
            page.meta = {
                "render_macros": False,
                "title": escape(self.data.display_name(document)),
                "qualite_document": True,
                "template": FRAME_TEMPLATE,
            }
        return markdown

    @event_priority(-60)  # after the blog made the post's excerpt, which has a Markdown converter of its own
    def _sanitize_post_excerpt(self, markdown: str, page, config, files) -> str:
        excerpt = getattr(page, "excerpt", None)
        if excerpt is not None and page.file.src_uri in self.post_copies:
            excerpt.md.postprocessors.register(SanitizingPostprocessor(), "qualite-sanitize", 0)
        return markdown

    on_page_markdown = CombinedEvent(_mark_document_page, _sanitize_post_excerpt)

    def on_page_content(self, html: str, page, config, files) -> str:
        """A document page: its head, its text, then its record; a post: cleaned; others: tables back."""
        if page.file.src_uri in self.post_copies:
            return french_spaces(sanitize(html))
        if page.file.src_uri in self.documents_by_src_uri:
            return html  # its body: the head and the record join it when the page is written, see on_page_context
        html = self.deferred.restore(html)
        return without_dead_links(html, page.file.dest_uri, self.published) if self.edition == PUBLIC else html

    def on_page_context(self, context, page, config, nav):
        """A document page: its head, its text, then its record, made as it is written and let go after
        (on_post_page), so that 10,000 pages are never held in full together."""
        document = self.documents_by_src_uri.get(page.file.src_uri)
        if document is None:
            return context
        page.take_body()
        head, details = self._composition(document)
        content = head + f"\n{BODY_MARKER}{page.content}</div>{BODY_END}\n" + details
        if self.edition == PUBLIC:
            content = without_dead_links(content, page.file.dest_uri, self.published)
        page.content = content
        if self.build_cache is not None:
            self.page_keys[page.file.src_uri] = self._page_key(page.file.src_uri, page.body_key, head, details)
        return context

    @event_priority(-100)  # last: the page is written as soon as this returns
    def on_post_page(self, output: str, page, config) -> str:
        """A written document page no longer needs its content: 10,000 of them held hundreds of MB."""
        if page.file.src_uri in self.documents_by_src_uri:
            page.content, page.toc = None, _NO_TOC  # its anchors stay: other pages' links are checked against them
        return output

    @event_priority(100)  # first: before the search plugin writes its index, the largest string of a build
    def _release_memory(self, config) -> None:
        """Hand the memory of the written pages back to the system, so that the search index's JSON
        does not come on top of it (10,000 documents: a peak of 496 MB instead of 376 MB)."""
        released_memory()

    def _write_feeds(self, config) -> None:
        """The Atom feed of the flash-infos, once every post has its address."""
        if self.edition == PUBLIC:
            if not config.site_url:
                _relative_not_found_page(Path(config.site_dir) / "404.html")
            return
        posts = read_posts(self.data.run.flash_infos, self.files)
        feed = atom_feed(posts, config.site_name, config.site_url, self.data.run.today)
        target = Path(config.site_dir) / FEED_URI
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(feed, encoding="utf-8")
        if not config.site_url:
            _relative_not_found_page(Path(config.site_dir) / "404.html")
        news = news_feed(self.data, config.site_name, config.site_url)
        (Path(config.site_dir) / NEWS_FEED).write_text(news, encoding="utf-8")

    @event_priority(-110)  # after every plugin wrote its files (the offline plugin's search script last)
    def _keep_build_cache(self, config) -> None:
        """The manifest of this build, for the next one (see `build_cache`)."""
        titles = {page.file.src_uri: page.title for page in self.nav_pages if isinstance(page.title, str)}
        self.served_keys, self.served_titles = (dict(self.page_keys), titles) if self._serving() else ({}, {})
        if self.build_cache is None:
            return
        made = sorted(file.dest_uri for file in self.files)
        if not self.build_cache.save(self.settings_key, self.page_keys, made, source_stats(self.files), titles):
            log.warning(
                "cache de construction : impossible d'écrire %s (dossier en lecture seule ?) ; "
                "la prochaine construction sera complète",
                self.build_cache.path,
            )

    @event_priority(-90)  # after the search plugin wrote its index, before the offline plugin copies it
    def _inline_search_index(self, config) -> None:
        """The index streamed to disk put in place of the theme's (see `DocumentAwareSearchIndex`).
        The offline plugin's copy of it as a script is not made: from file:// too, pages load only
        the settings and the tool's worker the pieces of the index a query needs (`search_shards`)."""
        search = _search_plugin(config)
        if isinstance(getattr(search, "search_index", None), DocumentAwareSearchIndex):
            search.search_index.finish()
        offline = config.plugins.get("material/offline") or config.plugins.get("offline")
        if offline is not None and offline.config.enabled:
            offline.config.enabled = False  # its copy would be 34 MB at 10,000 documents (a new instance next build)

    on_post_build = CombinedEvent(_release_memory, _write_feeds, _inline_search_index, _keep_build_cache)

    def on_build_error(self, *, error) -> None:
        """A failed build leaves no manifest: the next one starts from an empty folder."""
        self.served_keys, self.served_titles = {}, {}
        if self.build_cache is not None:
            self.build_cache.forget()

    def on_serve(self, server, *, config, builder):
        """A saved file seen at once (see `serve_watch`). `mkdocs serve --clean` starts its plugins as
        for `build`: its temporary folder keeps no build cache."""
        if self.build_cache is not None:
            self.build_cache.forget()
        self.command = "serve"
        self.observers = watch_with_system_events(server, config)
        return server

    def on_shutdown(self) -> None:
        for observer in self.observers:
            observer.stop()
        if self.conversions is not None:
            self.conversions.close()
        wait_for_served_writer()
        self._scratch.cleanup()

    # -- helpers of on_config -----------------------------------------------------------------------------

    def _project_paths(self, config) -> tuple[Path, Path, Path]:
        root = _project_root(config)
        return root / self.config.base, root / self.config.referentiels, root / self.config.configuration

    def _reference_date(self) -> dt.date:
        text = self.config.date or os.environ.get(DATE_VARIABLE)
        try:
            return dt.date.fromisoformat(text) if text else dt.date.today()
        except ValueError as error:
            raise PluginError(f"qualite : date de référence invalide « {text} » (attendu AAAA-MM-JJ)") from error

    def _give_blog_safe_copies(self, blog, flash_infos) -> None:
        """The blog reads posts and authors itself: point it at copies whose values are escaped and masked."""
        scratch = Path(self._scratch.name)
        authors = scratch / "authors.yml"
        authors.write_text(authors_yaml(flash_infos.authors), encoding="utf-8")
        blog.config.authors_file = str(authors)
        self.post_copies = write_safe_copies(flash_infos, scratch / "posts")

    def _offer_macros(self, config) -> None:
        """Give mkdocs-macros our macros directly: no local module to find, whatever the project folder."""
        macros_plugin = config.plugins.get("macros")
        if macros_plugin is None:
            raise PluginError("qualite : le plugin `macros` (mkdocs-macros-plugin) doit figurer dans `plugins:`")
        macros = site_macros(lambda: self.data, lambda: macros_plugin.page.file.src_uri, self.deferred)
        macros["flash_infos"] = lambda nombre=3: latest_html(
            read_posts(self.data.run.flash_infos, self.files), macros_plugin.page.url, nombre
        )
        macros_plugin.register_macros(macros)

    # -- helpers of on_files -------------------------------------------------------------------------------

    def _swap_posts_for_safe_copies(self, files: Files, config) -> None:
        """Before the blog sees them: unreadable posts left out, the others replaced by their safe copy."""
        flash_infos = self.data.run.flash_infos
        folders = tuple(entry for entry in flash_infos.left_out if entry.endswith("/"))
        for file in list(files):
            if file.src_uri in flash_infos.left_out or file.src_uri.startswith(folders):
                files.remove(file)
            elif file.src_uri in self.post_copies:
                files.remove(file)
                files.append(File.generated(config, file.src_uri, abs_src_path=str(self.post_copies[file.src_uri])))

    def _add_document_pages(self, files: Files, config) -> None:
        """A page per document (its body is converted once the pages to write are known, see on_nav)."""
        data = self.data
        self.documents_by_src_uri, self.document_files = {}, []
        serving = self._serving()
        for document in data.documents:
            src_uri = data.pages.src_uri(document)
            # The body reaches the page from its conversion (`body_pool`); a blank line keeps MkDocs
            # from reading anything as metadata.
            page_file = DocumentFile.generated(config, src_uri, content="\n")
            page_file.rebuild = not serving or self._changed_since_last_build(document)
            files.append(page_file)
            DocumentPage(None, page_file, config)
            self.documents_by_src_uri[src_uri] = document
            self.document_files.append(page_file)

    def _start_conversions(self, config) -> None:
        """The bodies of the pages to write go to the converters all at once."""
        rebuilt = [(f.src_uri, self.documents_by_src_uri[f.src_uri]) for f in self.document_files if f.rebuild]
        if self.conversions is not None:
            self.conversions.close()
        src_uris = [src_uri for src_uri, _ in rebuilt]
        self.conversions = BodyConversions(
            SharedConverter(config), self.data.reference_pages, src_uris, lambda index: self._body_job(*rebuilt[index])
        )
        for page_file in self.document_files:
            page_file.page.conversions = self.conversions

    def _cached_build(self) -> bool:
        return self.build_cache is not None and self.dirty

    def _serving(self) -> bool:
        """`mkdocs serve --dirty`: rebuilds in one process, the last one's pages kept in memory."""
        return self.dirty and self.command != "build"

    def _finish_files(self, files: Files, config) -> None:
        """Both editions, once their files are all there: what `--dirty` rebuilds, the search scripts."""
        if self.dirty and not self.records_unchanged:  # serve: their macros would show the same
            _rebuild_other_pages(files)
        search_files(files, config)
        self._copy_changed_files_only(files)

    def _copy_changed_files_only(self, files: Files) -> None:
        """A cached build copies an attachment, image or asset again when its source changed at all."""
        if self._cached_build():
            for file in files:
                if not file.is_documentation_page():
                    file.is_modified = lambda file=file: self.build_cache.copy_needed(file.dest_uri, file.abs_src_path)

    def _settings_key(self, nav, config) -> str:
        """The frame's inputs: settings, edition, the navigation's pages; the public edition's links
        also depend on which pages it publishes."""
        sources = []
        for page in nav.pages:
            try:
                content = page.file.content_bytes
            except OSError:
                content = b""
            if page.file.abs_src_path is None:  # made by a plugin: only its title reaches the navigation
                content = title_part(content)
            sources.append((page.file.src_uri, content))
        key = settings_fingerprint(config, self.edition, sources, scratch=self._scratch.name)
        return digest(key, *sorted(self.published)) if self.edition == PUBLIC else key

    def _keep_unchanged_pages(self, config) -> None:
        """A cached build: the pages whose key is that of the last build and whose file is still
        there are not written again, their search entries taken from the last index."""
        search = _search_plugin(config)
        index = getattr(search, "search_index", None) if search is not None else None
        if not isinstance(index, DocumentAwareSearchIndex):
            index = None
        elif not self.build_cache.intact(SEARCH_INDEX):
            log.info("cache de construction : l'index de recherche a changé ou manque, toutes les pages sont récrites")
            return
        references, kept = self.data.reference_pages, set()
        for page_file in self.document_files:
            document = self.documents_by_src_uri[page_file.src_uri]
            job = self._body_job(page_file.src_uri, document)
            key = self._page_key(page_file.src_uri, body_key(job, references), *self._composition(document))
            if self.build_cache.unchanged(page_file.src_uri, page_file.dest_uri, key):
                page_file.rebuild = False
                self.page_keys[page_file.src_uri] = key
                kept.add(page_file.url)
        documents_kept = len(kept)
        for page_file in self.made_pages:
            if self.build_cache.unchanged(page_file.src_uri, page_file.dest_uri, self.page_keys[page_file.src_uri]):
                page_file.rebuild = False
                kept.add(page_file.url)
        if index is not None:
            reused = previous_search_entries(Path(config.site_dir), kept)
            if reused is None:  # unreadable after all: every page written again
                for page_file in [*self.document_files, *self.made_pages]:
                    page_file.rebuild = True
                return
            index.reused = reused
            index.page_order = [page_file.url for page_file in self.files.documentation_pages()]
        log.info(
            "cache de construction : %d page(s) de document sur %d et %d page(s) de synthèse sur %d reprises "
            "de la construction précédente", documents_kept, len(self.document_files),
            len(kept) - documents_kept, len(self.made_pages),
        )  # fmt: skip

    def _page_key(self, src_uri: str, body: str, head: str, details: str) -> str:
        return digest(self.settings_key, src_uri, body, head, details)

    def _composition(self, document) -> tuple[str, str]:
        """A document page around its body: the head, and the record after the text."""
        if self.edition == PUBLIC:  # the public record: no findings, names, history or register
            return document_head(self.data, document, public=True), document_details(self.data, document, public=True)
        return document_head(self.data, document), self._document_details(document)

    def _body_job(self, src_uri: str, document) -> BodyJob:
        data = self.data
        plain = plain_body_html(document) if document.body_problem else None
        markdown_text = "" if plain is not None else page_markdown(data, document)
        title = escape(data.display_name(document))
        return BodyJob(src_uri, markdown_text, title, document.reference, plain)

    def _add_attachments(self, files: Files, config) -> None:
        for relative in sorted(self.data.attachment_set):
            attachment = _attachment_file(config, self.data.run.base.root, relative)
            if attachment is not None:
                files.append(attachment)

    def _add_generated_pages(self, files: Files, config) -> None:
        """Referentials, auditor's files, pilotage pages and the register's CSV: made from the records
        (under `serve`, made again only when the records changed, see `_records_digest`)."""
        key = self._records_digest(config) if self._serving() else None
        self.records_unchanged = key is not None and self.served_records[0] == key
        if self.records_unchanged:
            pages, register, ics = self.served_records[1]
        else:
            pages, register, ics = self._made_from_records(config)
            self.served_records = (key, (pages, register, ics)) if key is not None else (None, None)
        self._add_made_pages(files, config, pages)
        files.append(File.generated(config, CSV_NAME, content=register))
        files.append(File.generated(config, CALENDAR_ICS_URI, content=ics))
        released_memory(collect=False)  # what making them needed: not left under the pages to come

    def _made_from_records(self, config) -> tuple[dict[str, str], str, str]:
        data = self.data
        pages = {data.referential_src_uri(r.code): referential_page_markdown(data, r) for r in data.run.scope}
        pages |= dossier_pages(data)
        pages |= pilotage_pages(data)
        pages[NEWS_PAGE] = news_page_markdown(data)
        pages[ACCESSIBILITY_SRC_URI] = accessibility_page(data, config.site_name)
        due = data.run.obligations
        pages[CALENDAR_SRC_URI] = calendar_page(data, due)
        pages[GRIDS_SRC_URI] = grids_page(data)
        pages |= poster_pages(data)
        ics = calendar_ics(data.run.config.organisation, due, data.run.today)
        return pages, register_csv(register_rows(data)), ics

    def _records_digest(self, config) -> str:
        """What the pages made from the records read: the whole control run (settings, referentials,
        every document's header, links and findings, registers, flash-infos, the date) but the
        documents' bodies, which no such page shows; and the site's name and edition. A text edit
        under `serve` leaves it as it was, and those pages are not made again (40 ms at 2,000
        documents instead of half a second); a value without a stable text changes it every time."""
        return digest(repr(self.data.run), config.site_name, self.edition, repr(self.data.pages))  # bodies: repr=False

    def _add_made_pages(self, files: Files, config, pages: dict[str, str]) -> None:
        """Pages made from the records; under a cached `build`, kept when their text and the site's
        files are those of the last build (see `_keep_unchanged_pages`)."""
        self.made_pages = {}
        for src_uri, markdown_text in pages.items():
            page_file = CachedFile.generated(config, src_uri, content=self.deferred.defer_long_lines(markdown_text))
            files.append(page_file)
            self.made_pages[page_file] = digest(markdown_text)

    def _changed_since_last_build(self, document) -> bool:
        previous = self.previous
        if previous is None or document.path in self.cache.changed:
            return True
        if previous.pages.src_uris.get(document.path) != self.data.pages.src_uri(document):
            return True
        if _replacement_path(previous, document) != _replacement_path(self.data, document):
            return True  # another document now says (or no longer says) `remplace:` this one: the banner changes
        return previous.findings_of(document) != self.data.findings_of(document)

    @staticmethod
    def _log_findings(data: SiteData) -> None:
        for finding in data.run.findings:
            where = f"{finding.path}:{finding.line}" if finding.line else finding.path
            level = logging.WARNING if finding.severity is Severity.ERROR else logging.DEBUG
            log.log(level, "%s %s %s", where, finding.code, finding.message)
        log.info("contrôle documentaire : %s", summary_line(data.run.base, data.run.findings))

    # -- helpers of on_page_content --------------------------------------------------------------------

    def _document_details(self, document) -> str:
        """After the text: minutes' decisions or an indicator's values, the findings, the record, the history."""
        data = self.data
        extra = ""
        if document.type == "compte-rendu-copil":
            extra = copil_block(data, data.run.steering, document, data.run.today)
        elif document.type == "fiche-indicateur":
            extra = indicator_link(data, document)
        elif document.type == "grille-verification":
            extra = grid_block(data, document)
        details = document_details(data, document)
        changes = self.git_history.changes(document.path) if data.run.config.historique_git else ()
        details += history_section(data, document, changes)
        back = page_href(data.pages.src_uri(document), REGISTER)
        return (
            f'{extra}<section class="qd-doc-details" aria-label="Fiche du document">{details}'
            f'<p class="qd-back"><a href="{escape(back)}">← Registre des documents</a></p></section>'
        )


SHIPPED_STYLES = ("assets/stylesheets/qualite.css",)
SHIPPED_SCRIPTS = ("assets/vendor/tablesort.min.js", "assets/javascripts/registre.js", "assets/javascripts/accueil.js")
SHIPPED_POLYFILL = "assets/vendor/iframe-worker-shim.js"  # instead of the CDN copy the offline plugin would add


_ROOT_ADDRESS = re.compile(r'((?:href|src)=")/(?!/)|("(?:base|search)": ")/')


def _project_root(config) -> Path:
    """The folder of mkdocs.yml: the base, the settings and the caches are found from it."""
    return Path(config.config_file_path or ".").resolve().parent


def _rebuild_other_pages(files: Files) -> None:
    """Pages of docs/ and the tool's show the register, the report...: under `--dirty` they are
    rebuilt every time, whatever the dates of their source files say."""
    for page_file in files.documentation_pages():
        if not isinstance(page_file, CachedFile):
            page_file.is_modified = lambda: True


def _no_dirty_warning(record: logging.LogRecord) -> bool:
    """MkDocs' warnings about `--dirty` builds: the build cache removes stale files and rewrites
    every page whose inputs changed, the very risks they warn of."""
    message = record.getMessage()
    return "'dirty' build" not in message and "contains stale files" not in message


def _relative_not_found_page(path: Path) -> None:
    """MkDocs writes the 404 page with addresses from the server's root (`/assets/…`), which point
    nowhere once the site is opened from a share (file://): without a `site_url`, they are made
    relative to the site's root, where 404.html lies."""
    if path.exists():
        html = path.read_text(encoding="utf-8")
        html = _ROOT_ADDRESS.sub(lambda m: (m.group(1) or m.group(2)) + ("./" if m.group(1) else ""), html)
        path.write_text(html.replace('"base": "",', '"base": ".",'), encoding="utf-8")


TRANSLATION_FIXES = {"Metadonnées": "Métadonnées"}  # Material's French, as a French reader expects it


def _corrected_translations(config, folder: Path) -> None:
    """Material's French labels with their typos fixed, in a theme folder read before Material's own."""
    for directory in config.theme.dirs:
        original = Path(directory) / "partials" / "languages" / "fr.html"
        if original.exists():
            break
    else:
        return
    text = original.read_text(encoding="utf-8")
    for wrong, right in TRANSLATION_FIXES.items():
        text = text.replace(wrong, right)
    target = folder / "partials" / "languages" / "fr.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    if str(folder) not in config.theme.dirs:
        config.theme.dirs.insert(0, str(folder))


def _search_plugin(config):
    return config.plugins.get("material/search") or config.plugins.get("search")


def _use_shipped_theme(config) -> None:
    """The tool's theme overrides, styles and scripts, whatever the project's mkdocs.yml says.

    They come after a project's own `custom_dir` (which may override them) and before Material;
    the static files of the overrides folder (assets/) are copied by MkDocs itself, a file of the
    same path in docs/ taking precedence.
    """
    overrides = str(shipped("overrides"))
    dirs = config.theme.dirs
    if overrides not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, overrides)
    config.extra_css[:0] = [s for s in SHIPPED_STYLES if s not in config.extra_css]
    present = {str(script) for script in config.extra_javascript}
    config.extra_javascript[:0] = [ExtraScriptValue(s) for s in SHIPPED_SCRIPTS if s not in present]
    polyfills = config.extra.setdefault("polyfills", [])
    if not any("iframe-worker" in str(url) for url in polyfills):
        polyfills.append(SHIPPED_POLYFILL)


def _add_standard_pages(files: Files, config) -> None:
    """The register, the control report and the referentials' index, unless docs/ has its own."""
    pages = shipped("pages")
    for source in sorted(pages.rglob("*.md")):
        src_uri = source.relative_to(pages).as_posix()
        if files.get_file_from_path(src_uri) is None:
            files.append(File.generated(config, src_uri, abs_src_path=str(source)))


def _attachment_file(config, root: Path, relative: str) -> File | None:
    """A joined file as published: CSV files with their formula cells neutralised, others as they are;
    None for a CSV file that cannot be read or is too large to rewrite."""
    if relative.lower().endswith(".csv"):
        try:
            if (root / relative).stat().st_size > MAX_CSV_BYTES:
                return None
            text, _ = decode((root / relative).read_bytes())
        except OSError:
            return None
        return File.generated(config, attachment_uri(relative), content=neutralised_csv(text))
    return File.generated(config, attachment_uri(relative), abs_src_path=str(root / relative))


def _replacement_path(data: SiteData, document) -> str | None:
    replacement = data.run.base.replacements().get(document.path)
    return replacement.path if replacement else None
