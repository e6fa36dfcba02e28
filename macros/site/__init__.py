"""The intranet site: MkDocs glue (plugin, macros) over views that only read the parsed base."""
