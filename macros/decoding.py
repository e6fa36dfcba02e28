"""Turn a file's bytes into text, whatever editor saved it; say which encoding was used."""

from __future__ import annotations

UTF8 = "utf-8"


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). Never fails: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252.

    Line endings are normalised to `\\n`.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = data[3:].decode(UTF8, errors="replace"), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = data.decode("utf-16", errors="replace"), "utf-16"
    else:
        try:
            text, encoding = data.decode(UTF8), UTF8
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:  # one of cp1252's five undefined bytes: Latin-1 maps them all
                text, encoding = data.decode("latin-1"), "latin-1"
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, encoding


def is_utf8(encoding: str) -> bool:
    return encoding in (UTF8, "utf-8-sig")
