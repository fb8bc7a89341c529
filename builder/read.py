"""Read: a path -> Document (decoded text, title, publication date).

Plain text and Markdown are decoded as UTF-8 (or UTF-16/UTF-8 with a BOM);
HTML pages go through trafilatura, which keeps the article body and title and
drops menus, footers and other page chrome. Anything else raises ReadError
with a one-line reason naming the file.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from .model import Document

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
MAX_BYTES = 16 * 1024 * 1024  # a news article, even as a page full of scripts, is far below this


class ReadError(Exception):
    """A file that cannot be read as an article; the message names the file and the reason."""


def discover(sources: list[str | Path]) -> tuple[list[Path], list[str]]:
    """Expand files and folders (recursively, symlink loops cut) into article files, sorted.

    Returns the files and a list of one-line problems (missing paths, loops).
    """
    files: list[Path] = []
    problems: list[str] = []
    for src in sources:
        p = Path(src)
        if not p.exists():
            problems.append(f"{src}: no such file or directory")
            continue
        if p.is_file():
            files.append(p)
            continue
        seen: set[tuple[int, int]] = set()
        stack = [p]
        while stack:
            d = stack.pop()
            try:
                st = d.stat()
            except OSError as e:
                problems.append(f"{d}: {e.strerror or e}")
                continue
            if (st.st_dev, st.st_ino) in seen:
                problems.append(f"{d}: symlink loop, skipped")
                continue
            seen.add((st.st_dev, st.st_ino))
            try:
                with os.scandir(d) as it:
                    entries = sorted((e.name, e.is_dir(), e.path) for e in it if not e.name.startswith("."))
            except OSError as e:
                problems.append(f"{d}: {e.strerror or e}")
                continue
            for name, is_dir, path in entries:
                if is_dir:
                    stack.append(Path(path))
                elif os.path.splitext(name)[1].lower() in SUFFIXES and not name.endswith(".gold.json"):
                    files.append(Path(path))
    return sorted(set(files), key=str), problems


def decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise ReadError(f"{name}: empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise ReadError(f"{name}: binary file (NUL bytes), not an article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        bad = e.start
    return _legacy(data, name, bad)


# Vietnamese letters beyond ASCII, precomposed (text is NFC-normalised before the check).
_VI = set("àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ")
_VI |= {c.upper() for c in _VI}
# Tell-tale characters when legacy Vietnamese font encodings are read as Windows-1252:
# TCVN3 (ABC) puts đ, ơ, ư, ă at ®, ¬, soft hyphen, ¨; VNI writes đ as ñ and the horn and tones as ö, ø, ù, û, õ, ï after a vowel.
_TCVN3 = set("®¬\xad¨©ª«§¸µ¶·¹Þ")
_VNI = set("ñÑöøùûõïÖØÙÛÕÏ")


def _legacy(data: bytes, name: str, bad: int) -> str:
    """Windows-1258 is decoded (and NFC-composed later); TCVN3 and VNI are named and refused."""
    import unicodedata
    cp1258 = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    high = [c for c in cp1258 if ord(c) > 127 and c.isalpha()]
    if high and sum(c in _VI for c in high) / len(high) >= 0.95 and "\ufffd" not in cp1258:
        return cp1258
    latin = data.decode("cp1252", errors="replace")
    tcvn = sum(c in _TCVN3 for c in latin)
    vni = sum(c in _VNI for c in latin)
    if max(tcvn, vni) >= 3:
        enc = "TCVN3 (ABC)" if tcvn > vni else "VNI"
        raise ReadError(f"{name}: looks like the legacy Vietnamese encoding {enc}, which orgkg does not convert; "
                        f"convert it to UTF-8 (for example with UniKey's converter) and build again")
    raise ReadError(f"{name}: not UTF-8 (invalid byte at offset {bad}) and not Windows-1258; convert it to UTF-8")


def read_bytes(path: str | Path, display: str | None = None, max_bytes: int = MAX_BYTES) -> bytes:
    """A file's bytes, refusing before reading it when it is over max_bytes (so memory stays bounded)."""
    p = Path(path)
    name = display or str(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise ReadError(f"{name}: {size:,} bytes is over the limit of {max_bytes:,} bytes per article "
                            f"(--max-doc-mb); split it into articles or raise the limit")
        with open(p, "rb") as f:
            return f.read(max_bytes + 1)
    except OSError as e:
        raise ReadError(f"{name}: cannot read ({e.strerror or e})") from None


def read(path: str | Path, display: str | None = None, data: bytes | None = None) -> Document:
    p = Path(path)
    name = display or str(path)
    if data is None:
        data = read_bytes(p, name)
    text = decode(data, name)
    suffix = p.suffix.lower()
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and re.match(r"\s*<(!doctype|html)", text, re.I)):
        return read_html(text, name)
    if suffix in (".md", ".markdown"):
        text = strip_markdown(text)
    return Document(path=name, text=text, title=_first_line(text), media_type="text/plain")


def read_html(html: str, name: str) -> Document:
    import trafilatura

    doc = trafilatura.bare_extraction(html, include_comments=False, include_tables=True, include_images=False,
                                      with_metadata=True, favor_precision=True)
    body = getattr(doc, "text", None) if doc is not None else None
    if not body:
        raise ReadError(f"{name}: HTML page with no article text")
    title = getattr(doc, "title", None)
    date = getattr(doc, "date", None)
    if title and not body.lstrip().startswith(title.strip()):
        body = title.strip() + "\n\n" + body
    return Document(path=name, text=body, title=title, date=date, media_type="text/html")


_MD = [(re.compile(r"^\s{0,3}#{1,6}\s*", re.M), ""), (re.compile(r"^\s{0,3}>\s?", re.M), ""),
       (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"), (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),
       (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"), (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"), r"\1"),
       (re.compile(r"^\s{0,3}[-*+]\s+", re.M), "")]


def strip_markdown(text: str) -> str:
    for rx, rep in _MD:
        text = rx.sub(rep, text)
    return text


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return None
