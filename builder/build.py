"""The build command's library side: sources -> output folder, with a report.

Files that cannot be read are skipped with a one-line reason; the report and
the exit status say how many. The same content under two names is one
document (one named graph) with two source paths.
"""
from __future__ import annotations

import fcntl
import os
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from . import __version__
from .lexicon import load
from .pipeline import DocResult, process_document
from .read import ReadError, discover, read
from .write import check_replaceable, write_output


class BuildError(Exception):
    """A build that wrote nothing; the message says why."""


@dataclass
class BuildReport:
    documents: int = 0
    skipped: list[str] = field(default_factory=list)
    facts: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {"orgkg_version": __version__, "rules": load().fingerprint, "documents": self.documents,
                "skipped": self.skipped, "facts": dict(self.facts), "warnings": self.warnings, "seconds": round(self.seconds, 3)}


def bundled_seeds() -> Path:
    return Path(str(resources.files("orgkg.seeds")))


def display_path(p: Path, roots: list[tuple[Path, str]]) -> str:
    """The path as the user gave it: the source argument joined with the file's place under it."""
    for root, given in roots:
        try:
            rel = p.resolve().relative_to(root.resolve())
        except ValueError:
            continue
        return given if str(rel) == "." else str(Path(given) / rel)
    return str(p)


@contextmanager
def output_lock(out: Path):
    """One build at a time per output folder: a second one refuses at once, naming the first."""
    out = Path(out)
    out.resolve().parent.mkdir(parents=True, exist_ok=True)
    lock_path = out.resolve().parent / f".{out.name}.lock"
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            raise BuildError(f"{out}: another build (pid {holder}) is writing this folder; "
                             "wait for it to finish or choose another --out") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock, also when the process dies


def build(sources: list[str] | None, out: str | Path, formats: list[str] = (), strict: bool = False,
          progress: bool = False) -> BuildReport:
    with output_lock(Path(out)):
        return _build(sources, out, formats, strict, progress)


def _build(sources, out, formats, strict, progress) -> BuildReport:
    t0 = time.perf_counter()
    check_replaceable(Path(out))
    if not sources:
        seeds = bundled_seeds()
        roots = [(seeds, "seeds")]
        given = [str(seeds)]
    else:
        roots = [(Path(s), s.rstrip("/")) for s in sources]
        given = list(sources)
    files, problems = discover(given)
    missing = [p for p in problems if p.endswith("no such file or directory")]
    if missing:
        raise BuildError(missing[0])
    report = BuildReport()
    report.skipped.extend(problems)
    results: dict[str, DocResult] = {}
    paths: dict[str, list[str]] = {}
    it = files
    if progress and len(files) > 20:
        from tqdm import tqdm
        it = tqdm(files, unit="doc", desc="orgkg build")
    for f in it:
        shown = display_path(f, roots)
        try:
            doc = read(f, shown)
        except ReadError as e:
            report.skipped.append(str(e))
            continue
        res = process_document(doc)
        if res.digest in results:
            paths[res.digest].append(shown)
            report.warnings.append(f"{shown}: same content as {paths[res.digest][0]}; one document, two sources")
            continue
        results[res.digest] = res
        paths[res.digest] = [shown]
    if strict and report.skipped:
        raise BuildError(f"{len(report.skipped)} file(s) skipped (--strict): {report.skipped[0]}")
    if not results:
        raise BuildError("no readable article among the sources" + (f" ({report.skipped[0]})" if report.skipped else ""))
    parts = []
    for digest, res in sorted(results.items(), key=lambda kv: kv[1].path):
        data = res.nquads
        for extra in paths[digest][1:]:
            data += ox.serialize([ox.Quad(ox.NamedNode(res.doc_iri), ox.NamedNode("https://w3id.org/orgkg/ont#sourcePath"),
                                          ox.Literal(extra), ox.NamedNode(res.doc_iri))], format=ox.RdfFormat.N_QUADS)
        parts.append(data)
        report.facts.update({k: v for k, v in res.counts.items()})
    report.documents = len(results)
    report.seconds = time.perf_counter() - t0
    write_output(Path(out), parts, report.as_dict(), list(formats))
    return report
