"""The build command's library side: sources -> output folder, with a report.

Files that cannot be read are skipped with a one-line reason; the report and
the exit status say how many. The same content under two names is one
document (one named graph) with two source paths.

Builds are incremental and parallel. Each file's result is cached in the
output folder under a key made of its bytes, its path, orgkg's version and the
rules' fingerprint, so a rebuild extracts only what changed (a new version or
a changed lexicon changes every key). Extraction runs in ``jobs`` worker
processes; the output does not depend on their number, because results are
put in path order before anything is written.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import signal
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from . import __version__
from .lexicon import load
from .pipeline import process_document
from .read import MAX_BYTES, SUFFIXES, ReadError, discover, read, read_bytes, shown_name
from .urls import UrlFile, is_url, list_url
from .write import (CACHE, Entry, Previous, Staging, ViewWriter, cache_salt, check_replaceable, is_output_folder,
                    stage_result, write_output)

MAX_DOC_SECONDS = 60.0  # extraction time per file; a news article takes milliseconds


class BuildError(Exception):
    """A build that wrote nothing; the message says why."""


@dataclass
class BuildReport:
    documents: int = 0
    skipped: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)   # hidden entries, output folders inside a source
    facts: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    extracted: int = 0       # files run through the extractor in this build
    reused: int = 0          # files whose cached result was kept
    removed: int = 0         # documents of the previous build that are gone
    jobs: int = 1

    def as_dict(self) -> dict:
        return {"orgkg_version": __version__, "rules": load().fingerprint, "documents": self.documents,
                "skipped": self.skipped, "ignored": self.ignored, "facts": dict(self.facts), "warnings": self.warnings,
                "seconds": round(self.seconds, 3), "extracted": self.extracted, "reused": self.reused,
                "removed": self.removed, "jobs": self.jobs}


def bundled_seeds() -> Path:
    return Path(str(resources.files("orgkg.seeds")))


def display_path(p: Path, roots: list[tuple[Path, str]]) -> str:
    """The path as the user gave it: the source argument joined with the file's place under it."""
    return shown_name(_display_path(p, roots))


def _display_path(p: Path, roots: list[tuple[Path, str]]) -> str:
    s = str(p)
    for root, given in roots:  # discovered files are spelled from their root: no filesystem call needed
        r = str(root).rstrip("/")
        if s == r:
            return given
        if s.startswith(r + "/"):
            return os.path.join(given, s[len(r) + 1:])
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
        _held_locks.add(fd)
        yield
    finally:
        _held_locks.discard(fd)
        os.close(fd)  # closing releases the lock, also when the process dies


_held_locks: set[int] = set()


def _worker_init() -> None:
    """A forked worker lets go of the parent's lock: if the parent is killed, the folder is free again."""
    for fd in _held_locks:
        os.close(fd)
    _held_locks.clear()
    try:  # and dies with it (Linux): a killed build leaves no workers behind
        import ctypes
        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def build(sources: list[str] | None, out: str | Path, formats: list[str] = (), strict: bool = False,
          progress: bool = False, jobs: int | None = None, incremental: bool = True,
          max_bytes: int = MAX_BYTES, view: str = "auto", views: ViewWriter | None = None,
          max_seconds: float | None = MAX_DOC_SECONDS, scheduler: str | None = None) -> BuildReport:
    """Build the graph of ``sources`` (default: the bundled seeds) into ``out``.

    ``jobs`` worker processes extract (default: one per core); ``incremental``
    reuses the previous output's results for files that did not change; ``view`` (auto, yes, no)
    says whether ``views`` draws graph.html (auto: up to write.VIEW_LIMIT facts); without ``views``
    there is no graph.html (``orgkg.build`` passes the graph view of ``orgkg.viz``). A file whose
    extraction takes more than ``max_seconds`` is skipped and named. A symbolic link as ``out`` is
    followed: the folder it points to is replaced, the link stays. With ``scheduler`` (``tcp://HOST:PORT``
    or ``local:N``) the files are extracted by the workers of a Dask cluster instead (cluster.py); the
    output is the same, byte for byte.
    """
    out = Path(out)
    if out.is_symlink():
        out = Path(os.path.realpath(out))
    with output_lock(out):
        return _build(sources, out, list(formats), strict, progress, jobs or os.cpu_count() or 1,
                      incremental, max_bytes, view, views, max_seconds, scheduler)


def cache_key(shown: str, data: bytes) -> str:
    h = hashlib.sha256(f"{cache_salt()}\0{shown}\0".encode())
    h.update(data)
    return h.hexdigest()[:32]


class _TooSlow(BaseException):
    """Raised by the timer inside an extraction that ran past its limit (not an Exception: no handler swallows it)."""


def _on_alarm(signum, frame):
    raise _TooSlow()


@contextmanager
def _time_limit(seconds: float | None):
    """Interrupt the block after ``seconds`` (a timer signal; only where signals can be handled: a main thread)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _extract(task: tuple):
    """Worker: one file -> (key, Entry), its N-Quads and TriG written to the staging cache; or (key, reason it was skipped)."""
    path, shown, key, max_bytes, stat, cache, max_seconds = task
    too_slow = (f"{shown}: extraction took longer than {max_seconds:g} s (--max-doc-seconds); "
                "split the file or raise the limit") if max_seconds else ""
    try:
        data = read_bytes(path, shown, max_bytes)
        key = key or cache_key(shown, data)
        started = time.monotonic()
        with _time_limit(max_seconds):
            res = process_document(read(path, shown, data))
        # the timer cannot interrupt a long call inside C code, nor run outside a main thread: the limit holds anyway
        if max_seconds and time.monotonic() - started > max_seconds:
            return key or shown, too_slow
    except ReadError as e:
        return key or shown, str(e)
    except _TooSlow:
        return key or shown, too_slow
    except Exception as e:  # noqa: BLE001 - one odd file must not stop the build; it is named with the cause
        return key or shown, f"{shown}: extraction failed ({type(e).__name__}: {' '.join(str(e).split())[:200]})"
    stage_result(cache, key, res.nquads, res.trig, res.entities, res.rows)
    return key, Entry(key=key, path=shown, digest=res.digest, doc_iri=res.doc_iri, counts=res.counts, title=res.title,
                      stat=stat)


def _run(tasks: list, jobs: int, progress: bool, scheduler: str | None = None):
    """Extraction results in task order: on a Dask cluster, over worker processes when there is enough work,
    or in this process."""
    bar = None
    if progress and len(tasks) > 20:
        from tqdm import tqdm
        bar = tqdm(total=len(tasks), unit="doc", desc="orgkg build")
    if scheduler and tasks:
        from .cluster import ClusterError, open_client, run_on_cluster

        try:
            with open_client(scheduler) as client:
                for r in run_on_cluster(client, tasks, _extract,
                                        lambda key, *data: stage_result(tasks[0][5], key, *data), lambda t: t[1]):
                    yield r
                    bar and bar.update()
        except ClusterError as e:
            raise BuildError(str(e)) from None
    elif jobs <= 1 or len(tasks) < 8:
        for t in tasks:
            yield _extract(t)
            bar and bar.update()
    else:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        load()  # the lexicon is parsed once, before the workers fork
        with ProcessPoolExecutor(max_workers=jobs, mp_context=mp.get_context("fork"), initializer=_worker_init) as pool:
            for r in pool.map(_extract, tasks, chunksize=max(1, min(64, len(tasks) // (jobs * 8)))):
                yield r
                bar and bar.update()
    bar and bar.close()


def _skip_dir(d: Path) -> str | None:
    if is_output_folder(d):
        return "an orgkg output folder, not read as articles"
    return None


def _build(sources, out: Path, formats, strict, progress, jobs, incremental, max_bytes, view, views, max_seconds,
           scheduler=None) -> BuildReport:
    t0 = time.perf_counter()
    check_replaceable(out)
    if not sources:
        seeds = bundled_seeds()
        roots = [(seeds, "seeds")]
        given = [str(seeds)]
    else:
        roots = [(Path(s), s.rstrip("/")) for s in sources if not is_url(s)]
        given = [s for s in sources if not is_url(s)]
    files, problems, ignored = discover(given, _skip_dir) if given else ([], [], [])
    for url in [s for s in sources or () if is_url(s)]:  # listed here, read by whoever extracts them
        found, trouble = list_url(url, SUFFIXES)
        files.extend(found)
        problems.extend(trouble)
    missing = [p for p in problems if p.endswith("no such file or directory")]
    if missing:
        raise BuildError(missing[0])
    report = BuildReport(jobs=jobs)
    report.skipped.extend(problems)
    report.ignored.extend(ignored)
    previous = Previous.open(out) if incremental else None

    entries: dict[str, Entry] = {}       # by cache key, for every readable file
    stage = Staging(out)
    try:
        _collect(files, roots, previous, stage, report, jobs, progress, max_bytes, entries, max_seconds, scheduler)
        if strict and report.skipped:
            raise BuildError(f"{len(report.skipped)} file(s) skipped (--strict): {report.skipped[0]}")
        if not entries:
            why = (report.skipped or [i for i in report.ignored if "orgkg output" in i] or report.ignored)[:1]
            raise BuildError("no readable article among the sources" + (f" ({why[0]})" if why else ""))

        # one document per content: the first path (in path order) carries the graph, the others add a source path
        docs: dict[str, list[Entry]] = {}
        for e in sorted(entries.values(), key=lambda e: e.path):
            docs.setdefault(e.digest, []).append(e)
        for group in docs.values():
            for dup in group[1:]:
                report.warnings.append(f"{dup.path}: same content as {group[0].path}; one document, two sources")
            report.facts.update(group[0].counts)
        report.documents = len(docs)
        if previous:
            report.removed = len(set(previous.graphs) - {g[0].doc_iri for g in docs.values()})
        report.seconds = time.perf_counter() - t0
        write_output(out, stage, list(docs.values()), report, formats, previous, view, views)
    except BaseException:
        stage.discard()
        raise
    report.seconds = time.perf_counter() - t0
    return report


def _collect(files, roots, previous, stage, report, jobs, progress, max_bytes, entries: dict[str, Entry],
             max_seconds: float | None = MAX_DOC_SECONDS, scheduler: str | None = None) -> None:
    """Every readable file's Entry, by cache key in path order: reused from ``previous`` or extracted now."""
    tasks = []
    cache = str(stage.dir / CACHE)
    for f in files:
        if isinstance(f, UrlFile):  # its listing gave the size and time the incremental rules compare
            shown, st, f = f.shown, f, f.url
        else:
            shown = display_path(f, roots)
            try:
                st = os.stat(f)
            except OSError as e:
                report.skipped.append(f"{shown}: cannot read ({e.strerror or e})")
                continue
        old = previous.unchanged(shown, st) if previous else None
        if previous is None:  # nothing to reuse: the worker hashes the file as it reads it
            key = None
        elif old is None:
            try:
                data = read_bytes(f, shown, max_bytes)
            except ReadError as e:
                report.skipped.append(str(e))
                continue
            key = cache_key(shown, data)
            old = previous.entries.get(key)
        else:
            key = old.key
        if key is not None and key in entries:
            continue  # the same file named twice on the command line
        if old is not None:
            entries[key] = old if old.stat == [st.st_size, st.st_mtime_ns] else replace(old, stat=[st.st_size, st.st_mtime_ns])
            report.reused += 1
        else:
            # the worker reads the file again (no bytes kept here) and writes its result to the cache
            tasks.append((str(f), shown, key, max_bytes, [st.st_size, st.st_mtime_ns], cache, max_seconds))
    for key, res in _run(tasks, jobs, progress, scheduler):
        if isinstance(res, str):
            report.skipped.append(res)
            continue
        if key in entries:
            continue  # the same file named twice on the command line
        entries[key] = res
        stage.fresh.add(key)
        report.extracted += 1
