"""The theme's templates compiled once, not at every build: Jinja's bytecode cache on disk.

Compiling Material's templates (the header, the navigation, the translations) costs a third of a
second at every `build` and every rebuild of `serve`, whatever changed. Each compiled template is
kept in `.cache/qualite/gabarits-<Jinja's version>/` under the digest of its name and source, so
that an edited template is compiled again and a template written afresh by each build (the
corrected translations) does not add a file each time; deleting the folder is always safe.

A compiled template is code. It is only read back from a folder and a file of the user running
the build, that nobody else may write (see `own_files`); where the system cannot tell (Windows),
templates are compiled at every build, as without this cache.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from macros.own_files import CACHE_FOLDER, OWNERS_KNOWN, open_own_file, own_folder


class _OwnBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's cache on disk, keyed by name and source, reading only the owner's regular files."""

    def get_bucket(self, environment, name, filename, source) -> Bucket:
        key = hashlib.sha1(f"{name}\0{source}".encode("utf-8", "surrogatepass")).hexdigest()
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        file = open_own_file(Path(self._get_cache_filename(bucket)))
        if file is None:
            return
        with file:
            try:
                bucket.load_bytecode(file)
            except Exception:  # noqa: BLE001 — damaged: the template is compiled again
                bucket.reset()


def use_template_cache(env: jinja2.Environment, project_root: Path) -> bool:
    """Give `env` the project's cache of compiled templates; False (and no cache) when the folder
    cannot be made, leads elsewhere, is not the user's alone, or the system cannot say."""
    folder = Path(project_root) / CACHE_FOLDER / f"gabarits-{jinja2.__version__}"
    if not OWNERS_KNOWN or not own_folder(folder):
        return False
    env.bytecode_cache = _OwnBytecodeCache(str(folder))
    return True
