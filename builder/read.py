"""Read: a path -> Document (decoded text, title, publication date).

Plain text and Markdown are decoded as UTF-8 (or UTF-32/UTF-16/UTF-8 with a BOM);
HTML pages go through trafilatura, which keeps the article body and title and
drops menus, footers and other page chrome. Anything else raises ReadError
with a one-line reason naming the file.
"""
from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from .model import Document
from .urls import is_url, read_url

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
MAX_BYTES = 16 * 1024 * 1024  # a news article, even as a page full of scripts, is far below this


class ReadError(Exception):
    """A file that cannot be read as an article; the message names the file and the reason."""


def shown_name(path: str | os.PathLike) -> str:
    """A path as it is safe to print on one line: control characters and undecodable bytes escaped."""
    s = os.fspath(path)
    out = []
    for c in s:
        if "\udc80" <= c <= "\udcff":  # a byte that is not UTF-8, kept by the file system decoder
            out.append(f"\\x{ord(c) - 0xdc00:02x}")
        elif ord(c) < 32 or ord(c) == 127 or c in "\u2028\u2029\x85":
            out.append(c.encode("unicode_escape").decode("ascii"))
        else:
            out.append(c)
    return "".join(out)


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a regular file"


def is_article_name(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in SUFFIXES and not name.endswith(".gold.json")


def discover(sources: list[str | Path], skip_dir=None) -> tuple[list[Path], list[str], list[str]]:
    """Expand files and folders (recursively) into article files, sorted.

    Returns the files, the one-line problems (missing paths, symlink loops, broken links, unreadable
    folders, FIFOs and other non-regular files named like articles, names that are not UTF-8), each
    for its entry alone, and the entries ignored on purpose (hidden ones, and folders for which
    ``skip_dir(path)`` gives a reason, such as an orgkg output inside a source).
    """
    files: list[Path] = []
    problems: list[str] = []
    ignored: list[str] = []
    for src in sources:
        p = Path(src)
        try:
            st = p.stat()
        except OSError as e:
            if not os.path.lexists(p) or e.errno == errno.ENOENT:
                problems.append(f"{shown_name(src)}: no such file or directory")
            else:
                problems.append(f"{shown_name(src)}: cannot read ({e.strerror or e})")
            continue
        if not stat.S_ISDIR(st.st_mode):
            if stat.S_ISREG(st.st_mode):
                files.append(p)
            else:
                problems.append(f"{shown_name(src)}: {_kind(st.st_mode)}, not an article file")
            continue
        seen: set[tuple[int, int]] = set()
        stack = [(p, st)]
        while stack:
            d, dst = stack.pop()
            if (dst.st_dev, dst.st_ino) in seen:
                problems.append(f"{shown_name(d)}: symlink loop")
                continue
            seen.add((dst.st_dev, dst.st_ino))
            why = skip_dir(d) if skip_dir else None
            if why:
                ignored.append(f"{shown_name(d)}: {why}")
                continue
            try:
                with os.scandir(d) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError as e:
                problems.append(f"{shown_name(d)}: cannot read the folder ({e.strerror or e})")
                continue
            for e in entries:
                path = Path(e.path)
                if e.name.startswith("."):  # named when it would have been read: an article's name or a folder
                    if is_article_name(e.name) or e.is_dir():
                        ignored.append(f"{shown_name(path)}: hidden, not read")
                    continue
                try:
                    est = os.stat(e.path)  # follows links
                except OSError as err:
                    if err.errno == errno.ELOOP:
                        reason = "symlink loop"
                    elif e.is_symlink():
                        reason = f"cannot read (broken link: {err.strerror or err})"
                    else:
                        reason = f"cannot read ({err.strerror or err})"
                    problems.append(f"{shown_name(path)}: {reason}")
                    continue
                if stat.S_ISDIR(est.st_mode):
                    stack.append((path, est))
                    continue
                if not is_article_name(e.name):
                    continue
                if not stat.S_ISREG(est.st_mode):
                    problems.append(f"{shown_name(path)}: {_kind(est.st_mode)}, not an article file")
                    continue
                try:
                    e.name.encode("utf-8")
                except UnicodeEncodeError:
                    problems.append(f"{shown_name(path)}: the file name is not valid UTF-8; rename it to read it")
                    continue
                files.append(path)
    return sorted(set(files), key=str), problems, ignored


def decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise ReadError(f"{name}: empty file")
    try:
        if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
            return data.decode("utf-32")
        if data.startswith(b"\xef\xbb\xbf"):
            return data[3:].decode("utf-8")
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
    except UnicodeDecodeError as e:
        enc = {"utf-32-le": "UTF-32", "utf-32-be": "UTF-32", "utf-32": "UTF-32", "utf-16": "UTF-16",
               "utf-16-le": "UTF-16", "utf-16-be": "UTF-16"}.get(e.encoding, "UTF-8")
        raise ReadError(f"{name}: not valid {enc} although it starts with a {enc} byte order mark "
                        f"({e.reason} at byte {e.start}); fix or convert the file") from None
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
    """A regular file's bytes, refusing before reading it when it is over max_bytes (so memory stays bounded).

    The file is opened without blocking and checked after opening, so a FIFO or a device put in an
    article's place is refused instead of hanging the build.
    """
    name = display or shown_name(path)
    if is_url(str(path)):
        try:
            data = read_url(str(path), max_bytes)
        except Exception as e:  # noqa: BLE001 - any filesystem's failure is this file's, named in one line
            raise ReadError(f"{name}: cannot read ({' '.join(str(e).split())[:200] or type(e).__name__})") from None
        if len(data) > max_bytes:
            raise ReadError(f"{name}: over the limit of {max_bytes:,} bytes per article (--max-doc-mb); split it "
                            "into articles or raise the limit")
        return data
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as e:
        raise ReadError(f"{name}: cannot read ({e.strerror or e})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ReadError(f"{name}: {_kind(st.st_mode)}, not an article file")
        if st.st_size > max_bytes:
            raise ReadError(f"{name}: {st.st_size:,} bytes is over the limit of {max_bytes:,} bytes per article "
                            f"(--max-doc-mb); split it into articles or raise the limit")
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read(max_bytes + 1)
    except OSError as e:
        raise ReadError(f"{name}: cannot read ({e.strerror or e})") from None
    finally:
        os.close(fd)


def read(path: str | Path, display: str | None = None, data: bytes | None = None) -> Document:
    p = Path(path)
    name = display or str(path)
    if data is None:
        data = read_bytes(path, name)
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
