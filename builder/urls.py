"""Sources given as fsspec URLs (``s3://bucket/articles``, ``file:///data/articles``, ``http://…``).

A URL source is listed here, on the machine that runs ``orgkg build``, with the
filesystem fsspec has for its protocol (installed separately: ``s3fs`` for
s3://, and so on); each article file becomes a ``UrlFile`` with the size and
modification time the listing gives, which the incremental rules use as they use
a local file's. The file is read by whoever extracts it (a worker of the
cluster, or the build itself) with ``read_url``, so the same URL must be
reachable from the workers.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class UrlFile:
    url: str            # the file's full URL, as the workers open it
    shown: str          # the source as given, joined with the file's place under it
    st_size: int
    st_mtime_ns: int


def is_url(source: str) -> bool:
    """A source that names a filesystem by its protocol (``s3://``, ``file://``), not a local path."""
    scheme, sep, _ = str(source).partition("://")
    return bool(sep) and scheme.isidentifier()


def _mtime_ns(info: dict) -> int:
    for k in ("mtime", "LastModified", "last_modified", "created", "modified"):
        v = info.get(k)
        if isinstance(v, (int, float)):
            return int(v * 1e9)
        if isinstance(v, datetime):
            return int(v.timestamp() * 1e9)
        if isinstance(v, str):
            try:
                return int(datetime.fromisoformat(v.replace("Z", "+00:00")).timestamp() * 1e9)
            except ValueError:
                continue
    return 0


def list_url(source: str, suffixes) -> tuple[list[UrlFile], list[str]]:
    """The article files under a URL (a file or a folder, read recursively), and the problems met."""
    try:
        import fsspec
        fs, root = fsspec.core.url_to_fs(source)
    except (ImportError, ValueError) as e:
        return [], [f"{source}: no filesystem for this URL ({' '.join(str(e).split())[:200]})"]
    try:
        if fs.isfile(root):
            found = {root: fs.info(root)}
        else:
            found = fs.find(root, detail=True)
    except (OSError, ValueError) as e:
        return [], [f"{source}: cannot list ({' '.join(str(e).split())[:200]})"]
    if not found:
        return [], [f"{source}: no such file or directory"]
    base = root.rstrip("/")
    out = []
    for path, info in sorted(found.items()):
        name = path.rsplit("/", 1)[-1]
        if name.startswith(".") or os.path.splitext(name)[1].lower() not in suffixes or name.endswith(".gold.json"):
            continue
        rel = path[len(base):].lstrip("/") if path.startswith(base) else name
        shown = source.rstrip("/") + ("/" + rel if rel and path != root else "")
        out.append(UrlFile(url=fs.unstrip_protocol(path), shown=shown, st_size=int(info.get("size") or 0),
                           st_mtime_ns=_mtime_ns(info)))
    return out, []


def read_url(url: str, max_bytes: int) -> bytes:
    """A file's bytes by its URL, refusing one over ``max_bytes``; OSError when it cannot be read."""
    import fsspec

    with fsspec.open(url, "rb") as f:
        data = f.read(max_bytes + 1)
    return data
