"""The floors our timings are compared with, run as their own process like the real commands.

- `markdown DIR`: convert every Markdown file with Python-Markdown alone, one converter, the
  extensions of mkdocs.yml;
- `frontmatter DIR`: read every Markdown file and parse its front-matter with PyYAML's C loader.
"""

from __future__ import annotations

import os
import sys

import markdown
import yaml

EXTENSIONS = [
    "toc",
    "tables",
    "attr_list",
    "admonition",
    "def_list",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tasklist",
]


def markdown_files(folder: str):
    for directory, _, files in os.walk(folder):
        for name in files:
            if name.endswith(".md"):
                yield os.path.join(directory, name)


def convert_all(folder: str) -> int:
    converter = markdown.Markdown(extensions=EXTENSIONS, extension_configs={"toc": {"permalink": True}})
    count = 0
    for path in markdown_files(folder):
        with open(path, encoding="utf-8") as file:
            converter.reset().convert(file.read())
        count += 1
    return count


def parse_all_front_matter(folder: str) -> int:
    count = 0
    for path in markdown_files(folder):
        with open(path, "rb") as file:
            text = file.read().decode("utf-8")
        end = text.find("\n---\n", 4)
        yaml.load(text[4:end], Loader=yaml.CBaseLoader)
        count += 1
    return count


if __name__ == "__main__":
    kind, folder = sys.argv[1], sys.argv[2]
    print({"markdown": convert_all, "frontmatter": parse_all_front_matter}[kind](folder))
