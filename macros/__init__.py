"""Quality document base: parsed once, checked, and published as an intranet site.

The core (documents, rules, referentials, report, cli) knows nothing of MkDocs; `define_env`
is the entry point mkdocs-macros-plugin calls, and imports the site glue only then.
"""


def define_env(env):
    from macros.site.macros_env import define_env as define_site_env

    define_site_env(env)
