"""Extraction on a Dask distributed cluster: the tasks of a local build, run by the cluster's workers.

``orgkg build --scheduler tcp://HOST:PORT`` sends each file's extraction to a
running Dask scheduler; ``--scheduler local:N`` starts a local cluster of N
worker processes (for trying it on one machine). Each task is the very
function a local build runs in its process pool, so the output is byte for
byte the same. The worker reads the file itself (a shared folder, or an
fsspec URL it can reach) and writes its result into the output's staging
cache when it can see that folder; otherwise the result's bytes come back and
the client writes them.

Documents go to the workers in batches (a Dask task costs about as much as
extracting an article), and results are taken in task order through a bounded
window of batches in flight, so the client holds a few results at a time
whatever the number of documents.
A worker that dies mid-task has its task retried on another worker (Dask's
``allowed-failures``); a batch that kills workers twice is sent again one
document at a time, and a document that kills workers twice is skipped and
named in the report, and the build goes on.
"""
from __future__ import annotations

import os
import tempfile
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .write import RESULT_FILES

BATCH = 32                  # documents per Dask task at most
WINDOW_PER_WORKER = 4       # batches in flight per worker thread: enough to keep them busy, few results held
ALLOWED_FAILURES = 1        # a task is retried once after its worker dies; a second death skips the document


class ClusterError(Exception):
    """The scheduler cannot be reached or started; the message says which and why."""


def parse_scheduler(spec: str) -> tuple[str, int | str]:
    """``local:N`` -> ("local", N); ``tcp://host:port`` (or tls://, ws://) -> ("remote", address)."""
    if spec.startswith("local:"):
        n = spec.split(":", 1)[1]
        if not n.isdigit() or not 1 <= int(n) <= 256:
            raise ClusterError(f"--scheduler {spec}: local:N takes a number of workers from 1 to 256")
        return "local", int(n)
    if "://" in spec and spec.split("://", 1)[1]:
        return "remote", spec
    raise ClusterError(f"--scheduler {spec!r}: give tcp://HOST:PORT (a running Dask scheduler) or local:N")


@contextmanager
def open_client(spec: str):
    """A Dask client for ``spec``; a local cluster is started for ``local:N`` and closed afterwards."""
    import dask
    from distributed import Client, LocalCluster

    kind, arg = parse_scheduler(spec)
    # one task at a time per worker thread: when a worker dies, only the task it was running is charged
    with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES,
                          "distributed.scheduler.worker-saturation": 1.0}):
        if kind == "local":
            cluster = LocalCluster(n_workers=arg, threads_per_worker=1, processes=True, dashboard_address=None,
                                   silence_logs=40)
            try:
                with Client(cluster) as client:
                    yield client
            finally:
                cluster.close()
        else:
            try:
                client = Client(arg, timeout="20s")
            except (OSError, TimeoutError) as e:
                raise ClusterError(f"--scheduler {arg}: cannot reach the Dask scheduler ({e})") from None
            with client:
                yield client


def _on_worker(extract: Callable, tasks: list[tuple]) -> list[tuple]:
    """Run ``extract`` on a worker for a batch of tasks. When the worker cannot see the staging cache (no shared
    folder), each result is written to a folder of its own and its bytes travel back with it."""
    out = []
    for task in tasks:
        cache = task[5]
        if os.path.isdir(cache):
            out.append((extract(task), None))
            continue
        with tempfile.TemporaryDirectory(prefix="orgkg-worker-") as tmp:
            key, res = extract((*task[:5], tmp, *task[6:]))
            if isinstance(res, str):
                out.append(((key, res), None))
            else:
                out.append(((key, res), tuple(Path(tmp, f"{key}{suffix}").read_bytes() for suffix in RESULT_FILES)))
    return out


def run_on_cluster(client, tasks: list, extract: Callable, stage: Callable[..., None],
                   shown: Callable[[tuple], str]) -> Iterator[tuple]:
    """``extract(task)`` for every task on the cluster, results in task order.

    Tasks go in batches (a news article takes milliseconds, a Dask task costs about one); a batch whose
    worker died twice is sent again one task at a time, so that only the document that kills workers is
    skipped. ``stage(key, *data)`` writes a result whose bytes came back (one per ``write.RESULT_FILES``); ``shown(task)`` is the path
    shown for a skipped task.
    """
    from distributed import KilledWorker

    workers = max(1, sum(w.get("nthreads", 1) for w in client.scheduler_info().get("workers", {}).values()))
    size = max(1, min(BATCH, len(tasks) // (workers * 8)))
    batches = iter(enumerate(tasks[i:i + size] for i in range(0, len(tasks), size)))
    flying: deque = deque()

    def submit(batch: list, key: str):
        return client.submit(_on_worker, extract, batch, key=key, pure=False)

    def submit_next() -> bool:
        item = next(batches, None)
        if item is None:
            return False
        i, batch = item
        flying.append((batch, submit(batch, f"orgkg-extract-{i}")))
        return True

    def killed(task) -> tuple:
        return (task[2] or shown(task), f"{shown(task)}: the extraction killed a cluster worker "
                                        f"{ALLOWED_FAILURES + 1} times; skipped"), None

    while len(flying) < WINDOW_PER_WORKER * workers and submit_next():
        pass
    while flying:
        batch, future = flying.popleft()
        try:
            outs = future.result()
        except KilledWorker:
            outs = []
            if len(batch) == 1:
                outs.append(killed(batch[0]))
            else:  # one of them kills workers: each alone now, so the others are kept
                singles = [submit([t], f"{future.key}-{j}") for j, t in enumerate(batch)]
                for t, f in zip(batch, singles):
                    try:
                        outs.extend(f.result())
                    except KilledWorker:
                        outs.append(killed(t))
                    finally:
                        f.release()
        finally:
            future.release()
        for (key, res), data in outs:
            if data is not None:
                stage(key, *data)
            yield key, res
        submit_next()
