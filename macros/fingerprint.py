"""The fingerprint of a document's content, recorded by `valider` and compared at every check.

Its own small module because the parse computes it (in the worker processes) for documents that
carry an `empreinte` and keeps it on the document (`Document.fingerprint`), so that the check of a
large base need not keep every body in memory.
"""

from __future__ import annotations

import hashlib
import json

PREFIX = "sha256:"
# What changes the meaning of a document; not its status nor who approved it, nor its history.
FINGERPRINT_FIELDS = (
    "reference",
    "titre",
    "title",
    "type",
    "version",
    "service",
    "site",
    "engagements",
    "public",
    "revue",
    "remplace",
)
NULLS = frozenset(("", "~", "null", "Null", "NULL"))


def fingerprint(fields: dict, body: str) -> str:
    """`sha256:` and 16 hex digits; line endings and trailing spaces do not count."""
    lines = [line.rstrip() for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    meaning = {key: _canonical(fields[key]) for key in FINGERPRINT_FIELDS if key in fields}
    payload = {"champs": {k: v for k, v in meaning.items() if v is not None}, "texte": "\n".join(lines).strip("\n")}
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
    return PREFIX + digest[:16]


def _canonical(value):
    if isinstance(value, list):
        return [_canonical(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _canonical(item) for key, item in value.items()}
    text = None if value is None else str(value).strip()
    return None if text in NULLS else text
