"""Write: processed documents -> the output folder, atomically.

The folder holds ``dataset.trig`` (one named graph per document with its facts
and their evidence, the entities graph with what the documents say of the
organisations, people, indicators and periods they name, the ontology's graph
and the conflict flags), optionally ``dataset.nq``/``dataset.ttl``, ``store/`` (an
Oxigraph database that queries open without re-parsing), ``graph.html`` (the
interactive view) and ``report.json``. Everything is written to a temporary sibling folder and
swapped in at the end, so a failed or killed build leaves the previous
output as it was.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from orgkg.ontology.terms import ENTITIES_GRAPH, OKG, ONTOLOGY_GRAPH, PREFIXES, RDF, RDFS, SKOS

from . import __version__
from .conflicts import (conflict_pairs, conflicts_nquads, conflicts_trig, flag_conflicts, group_keys, iter_conflict_pairs,
                        read_rows)
from .lexicon import load
from .marker import MARKER, read_marker
from .serialise import trig_block, trig_header

FORMATS = {"trig": ("dataset.trig", ox.RdfFormat.TRIG), "nquads": ("dataset.nq", ox.RdfFormat.N_QUADS),
           "turtle": ("dataset.ttl", ox.RdfFormat.TURTLE)}


def ontology_quads() -> list[ox.Quad]:
    g = ox.NamedNode(ONTOLOGY_GRAPH)
    quads = []
    for name in ("orgkg.ttl", "awards.ttl", "indicators.ttl", "gazetteer.ttl", "admin-units.ttl", "national-bodies.ttl"):
        data = resources.files("orgkg.ontology").joinpath(name).read_bytes()
        quads.extend(ox.Quad(t.subject, t.predicate, t.object, g) for t in ox.parse(data, format=ox.RdfFormat.TURTLE))
    for code, (iri, en, vi) in load().units["qudt"].items():
        u = ox.NamedNode(iri)
        quads.append(ox.Quad(u, ox.NamedNode(str(SKOS.notation)), ox.Literal(code), g))
        quads.append(ox.Quad(u, ox.NamedNode(str(RDFS.label)), ox.Literal(en, language="en"), g))
        quads.append(ox.Quad(u, ox.NamedNode(str(RDFS.label)), ox.Literal(vi, language="vi"), g))
    return quads


CACHE = "cache"        # per-file results, reused by the next build: KEY.nq, KEY.trig and index.json
CACHE_FORMAT = 6       # bumped when the cache changes shape (index.json, or the files per result): an older one is not reused
SOURCE_PATH = str(OKG.sourcePath)


def cache_salt() -> str:
    """What every cached result depends on besides its file: orgkg's version, the rules, the cache's
    shape, and the extractor's code itself (an edited checkout re-extracts without a version bump)."""
    return f"{__version__}\0{load().fingerprint}\0{CACHE_FORMAT}\0{_code_fingerprint()}"


_KINDS = {"metrics": OKG.MetricObservation, "targets": OKG.PlanTarget, "awards": OKG.AwardConferral,
          "campaigns": OKG.EmulationCampaign, "events": OKG.Event, "organisations": OKG.Organisation}


def entity_counts(store: ox.Store) -> dict[str, int]:
    """Facts and organisations of the built graph, each counted once however many documents state it
    (the per-document counts of the cache index add up mentions: one organisation in 5 articles is 5)."""
    rdf_type = ox.NamedNode(str(RDF.type))
    return {kind: len({q.subject for q in store.quads_for_pattern(None, rdf_type, ox.NamedNode(str(cls)))})
            for kind, cls in _KINDS.items()}


@cache
def _code_fingerprint() -> str:
    h = hashlib.sha256()
    for f in sorted(Path(__file__).parent.rglob("*.py")):
        h.update(f.relative_to(Path(__file__).parent).as_posix().encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:16]


@dataclass
class Entry:
    """One source file's result, as the cache index records it."""
    key: str
    path: str
    digest: str
    doc_iri: str
    counts: dict
    title: str | None = None
    stat: list | None = None   # [size, mtime_ns] of the file when it was read: unchanged files are not re-read


@dataclass
class Previous:
    """The previous output of the same orgkg version and rules: its cached results and its graphs."""
    folder: Path
    entries: dict[str, Entry]
    graphs: dict[str, str]     # document graph IRI -> signature of what made it

    @classmethod
    def open(cls, out: Path) -> "Previous | None":
        try:
            index = json.loads((Path(out) / CACHE / "index.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if index.get("salt") != cache_salt() or not (Path(out) / "store").is_dir():
            return None
        return cls(Path(out), {k: Entry(**e) for k, e in index["entries"].items()}, index["graphs"])

    def made_by(self, graph: str) -> Entry:
        """The entry whose file made a graph of the previous output (a signature starts with its key)."""
        return self.entries[self.graphs[graph].split(" ", 1)[0]]

    @cached_property
    def _by_path(self) -> dict[str, Entry]:
        return {e.path: e for e in self.entries.values() if e.stat}

    def unchanged(self, shown: str, stat: os.stat_result) -> Entry | None:
        """The entry of the file shown as ``shown`` if its size and modification time are as recorded."""
        e = self._by_path.get(shown)
        return e if e is not None and e.stat == [stat.st_size, stat.st_mtime_ns] else None


def _signature(group: list[Entry]) -> str:
    return " ".join([group[0].key, *(e.path for e in group[1:])])


def _extra_sources(group: list[Entry]) -> list[ox.Quad]:
    g = ox.NamedNode(group[0].doc_iri)
    return [ox.Quad(g, ox.NamedNode(SOURCE_PATH), ox.Literal(e.path), g) for e in group[1:]]


VIEW_LIMIT = 25_000  # facts; beyond, ``--view auto`` leaves the (slow, heavy) view to ``orgkg viz``


class Staging:
    """The temporary sibling folder a build writes into, with the per-file results as they come.

    Results go to disk at once (the build's memory does not grow with the corpus); the folder
    replaces the output only at the end of ``write_output``, and is removed on any failure.
    """

    def __init__(self, out: Path):
        out = Path(out)
        parent = out.resolve().parent
        parent.mkdir(parents=True, exist_ok=True)
        for stale in parent.glob(f".{out.name}.tmp-*"):  # left by a killed build (the caller holds the folder's lock)
            shutil.rmtree(stale, ignore_errors=True)
        self.dir = parent / f".{out.name}.tmp-{os.getpid()}"
        (self.dir / CACHE).mkdir(parents=True)
        self.fresh: set[str] = set()

    def discard(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


class ViewWriter(Protocol):
    """What draws graph.html: the view itself, or a page that says how to draw it when the graph is large."""

    def draw(self, store: ox.Store, path: Path) -> None: ...

    def defer(self, path: Path, facts: int, limit: int) -> None: ...


# a file's result in the cache: its graph, as TriG, its entity triples, its observation rows (conflicts.rows_json)
RESULT_FILES = (".nq", ".trig", ".ent.nq", ".rows.json")


def stage_result(cache: str, key: str, *data: bytes) -> None:
    """Write one file's result (the bytes of each of ``RESULT_FILES``) into a staging cache folder (from a worker
    process: the bytes do not travel back)."""
    for suffix, b in zip(RESULT_FILES, data, strict=True):
        with open(f"{cache}/{key}{suffix}", "wb") as f:
            f.write(b)


def write_output(out: Path, stage: Staging, docs: list[list[Entry]], report, formats: list[str],
                 previous: Previous | None = None, view: str = "auto", views: ViewWriter | None = None) -> None:
    """Finish the staged folder for ``docs`` (each a group of entries with the same content, first one first)
    and swap it in place of ``out``.

    Entries extracted in this build are in ``stage``; the others are linked from ``previous``'s cache.
    With a previous output, its store is copied (RocksDB hard links) and only the graphs that
    changed are replaced; otherwise the store is loaded from scratch. ``views`` draws
    ``graph.html`` (the builder does not know how: the caller passes ``orgkg.viz``'s).
    """
    out = Path(out)
    tmp = stage.dir
    try:
        t0 = time.perf_counter()
        cache = tmp / CACHE
        src, dst = str(previous.folder / CACHE) if previous else "", str(cache)  # plain strings: 20,000 links
        for group in docs:
            for e in group:
                if e.key not in stage.fresh:
                    for suffix in RESULT_FILES:
                        os.link(f"{src}/{e.key}{suffix}", f"{dst}/{e.key}{suffix}")
        graphs = {group[0].doc_iri: _signature(group) for group in docs}
        changed = [group for group in docs if previous is None or previous.graphs.get(group[0].doc_iri) != graphs[group[0].doc_iri]]
        gone = [g for g, sig in (previous.graphs.items() if previous else ()) if graphs.get(g) != sig]

        # the observation rows are read from the cache, document by document, when the flags need them: the
        # build does not keep them (nor the pairs, which a generated corpus has by the million)
        keys = [group[0].key for group in docs]
        if previous is not None:
            ox.Store.read_only(str(previous.folder / "store")).backup(str(tmp / "store"))
            store = ox.Store(str(tmp / "store"))
            for g in gone:
                store.remove_graph(ox.NamedNode(g))
        else:
            store = ox.Store(str(tmp / "store"))
        # the entities graph is the union of what the documents say of their entities: a document gone or
        # changed may have been the last to say something, so then it is made again from every document's part
        remake_entities = previous is not None and bool(gone)
        if remake_entities:
            store.remove_graph(ox.NamedNode(ENTITIES_GRAPH))
        if changed or previous is None or remake_entities:  # one bulk load: the changed graphs (from scratch, all)
            batch = tmp / "load.nq"
            with open(batch, "wb") as f:
                if previous is None:
                    f.write(ox.serialize(ontology_quads(), format=ox.RdfFormat.N_QUADS))
                    for chunk in conflicts_nquads(iter_conflict_pairs(*read_rows(cache, keys))):
                        f.write(chunk)
                f.flush()
                for group in changed:
                    _append(f.fileno(), f"{cache}/{group[0].key}.nq")
                    if not remake_entities:
                        _append(f.fileno(), f"{cache}/{group[0].key}.ent.nq")
                    if len(group) > 1:
                        f.write(ox.serialize(_extra_sources(group), format=ox.RdfFormat.N_QUADS))
                        f.flush()
                for group in docs if remake_entities else ():
                    _append(f.fileno(), f"{cache}/{group[0].key}.ent.nq")
            store.bulk_load(path=str(batch), format=ox.RdfFormat.N_QUADS)
            batch.unlink()
        if previous is not None:  # only the flags of the groups that the changed documents touch, old and new
            old = previous.folder / CACHE
            touched = group_keys(read_rows(old, [previous.made_by(g).key for g in gone])[0]) \
                | group_keys(read_rows(cache, [group[0].key for group in changed])[0])
            if touched:
                before = [previous.made_by(g).key for g in previous.graphs]
                flag_conflicts(store, conflict_pairs(*read_rows(cache, keys), touched),
                               conflict_pairs(*read_rows(old, before), touched))
        for kind, n in entity_counts(store).items():   # (report.facts adds up the documents' counts)
            report.facts[kind] = n
        facts = sum(report.facts.get(k, 0) for k in ("metrics", "targets", "awards", "campaigns", "events", "organisations"))
        t_view = time.perf_counter()
        if views is not None and view != "no":
            if view == "yes" or facts <= VIEW_LIMIT:
                views.draw(store, tmp / "graph.html")
            else:
                views.defer(tmp / "graph.html", facts, VIEW_LIMIT)
        view_s = time.perf_counter() - t_view
        _write_trig(tmp / "dataset.trig", docs, cache, store)
        for f in dict.fromkeys(formats):
            name, fmt = FORMATS[f]
            if f == "trig":
                continue
            if fmt is ox.RdfFormat.TURTLE:  # Turtle has no graphs: the union of all documents
                triples = dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in store)
                (tmp / name).write_bytes(ox.serialize(triples, format=fmt, prefixes=PREFIXES))
            else:
                store.dump(str(tmp / name), format=fmt)
        store.flush()  # memtables to disk: the next build opens this store without replaying a log
        del store
        index = {"orgkg_version": __version__, "rules": load().fingerprint, "salt": cache_salt(),
                 "entries": {e.key: e.__dict__ for group in docs for e in group}, "graphs": graphs}
        (cache / "index.json").write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
        d = report.as_dict()
        d["view_seconds"] = round(view_s, 3)
        d["store_load_seconds"] = round(time.perf_counter() - t0, 3)
        d["seconds"] = round(d["seconds"] + d["store_load_seconds"], 3)
        (tmp / "report.json").write_text(json.dumps(d, ensure_ascii=False, indent=1), encoding="utf-8")
        write_marker(tmp, out)
        _swap(tmp, out)
    except BaseException:
        stage.discard()
        raise


def _write_trig(path: Path, docs: list[list[Entry]], cache: Path, store: ox.Store) -> None:
    """dataset.trig from the cached blocks, in document order: no re-serialisation of unchanged graphs."""
    onto = ox.NamedNode(ONTOLOGY_GRAPH)
    with open(path, "wb") as f:
        f.write(trig_header())
        f.write(trig_block(list(store.quads_for_pattern(None, None, None, onto))))
        f.write(b"\n" + trig_block(list(store.quads_for_pattern(None, None, None, ox.NamedNode(ENTITIES_GRAPH)))))
        f.flush()
        out = f.fileno()
        for group in docs:
            f.write(b"\n")
            f.flush()
            _append(out, f"{cache}/{group[0].key}.trig")
            if len(group) > 1:
                f.write(trig_block(_extra_sources(group)))
        for chunk in conflicts_trig(store):
            f.write(chunk)


def _append(out_fd: int, path: str) -> None:
    """Append a file's bytes to an open file descriptor, copied by the kernel."""
    fd = os.open(path, os.O_RDONLY)
    try:
        size = os.fstat(fd).st_size
        sent = 0
        while sent < size:
            n = os.sendfile(out_fd, fd, sent, size - sent)
            if n == 0:
                break
            sent += n
    finally:
        os.close(fd)


# Everything a build writes into its folder; a folder holding anything else is not replaced.
OUTPUT_ENTRIES = {MARKER, "dataset.trig", "dataset.nq", "dataset.ttl", "store", "graph.html", "report.json", CACHE}


def is_output_folder(folder: Path) -> bool:
    """A folder that orgkg wrote: its marker, or (before markers) report.json, cache/index.json and store/."""
    f = Path(folder)
    return read_marker(f) is not None or ((f / "report.json").is_file() and (f / CACHE / "index.json").is_file()
                                           and (f / "store").is_dir())


def write_marker(folder: Path, previous_out: Path) -> None:
    """Mark a staged folder, keeping the dataset identity of the output it replaces (push keys its manifest on it)."""
    import uuid
    old = read_marker(previous_out)
    marker = {"orgkg_output": 1, "dataset": old["dataset"] if old else uuid.uuid4().hex, "orgkg_version": __version__}
    (Path(folder) / MARKER).write_text(json.dumps(marker) + "\n", encoding="utf-8")


def check_replaceable(out: Path) -> None:
    """Refuse, before any work, to replace anything but an empty folder or an orgkg output holding only what orgkg writes."""
    if out.is_symlink():
        raise FileExistsError(f"{out}: is a symbolic link; give the folder it points to as --out")
    if not out.exists():
        return
    if not out.is_dir():
        raise FileExistsError(f"{out}: exists and is not a folder; not replacing it")
    names = sorted(os.listdir(out))
    if not names:
        return
    if not is_output_folder(out):
        raise FileExistsError(f"{out}: exists and is not an orgkg output folder (no {MARKER}); not replacing it")
    other = [n for n in names if n not in OUTPUT_ENTRIES]
    if other:
        shown = ", ".join(repr(n) for n in other[:3]) + (" …" if len(other) > 3 else "")
        raise FileExistsError(f"{out}: holds files orgkg did not write ({shown}); not replacing it")


def _swap(tmp: Path, out: Path) -> None:
    """Put tmp in out's place. On Linux one atomic exchange (renameat2), so that at no moment is there no ``out``."""
    check_replaceable(out)
    if out.exists() and _exchange(tmp, out):
        shutil.rmtree(tmp, ignore_errors=True)  # tmp now holds the previous output
        return
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        os.rename(out, old)
    os.rename(tmp, out)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    AT_FDCWD, RENAME_EXCHANGE = -100, 2
    return renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0


