"""Quality document base: parsed once, checked, and published as an intranet site.

The core (documents, rules, referentials, report, cli) knows nothing of MkDocs; `macros.site`
holds the MkDocs plugin and the views of the site.
"""
