"""Extraction on a Dask cluster: the same graph as a local build; dead workers retried; a poison document skipped."""
import filecmp
import os
import signal
import sys
import threading
import time
from pathlib import Path

import cloudpickle
import pytest

from conftest import CORPUS, ROOT

from orgkg.api import build
from orgkg.builder import build as build_mod
from orgkg.builder.cluster import ALLOWED_FAILURES, ClusterError, open_client, parse_scheduler, run_on_cluster

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402

cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers run this module's functions


def poisoned(task):
    """The real extraction, except that a file named 'poison' kills the worker running it."""
    if "poison" in task[1]:
        os.kill(os.getpid(), signal.SIGKILL)
    return build_mod._extract(task)


def tasks_for(folder: Path, cache: Path):
    files = sorted(folder.glob("*.txt"))
    return [(str(f), f.name, None, 16 << 20, [0, 0], str(cache), None)
            for f in files]


@pytest.fixture(scope="module")
def client():
    with open_client("local:2") as c:
        yield c


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster with two worker processes, started here and reached by its tcp:// address, as a
    researcher's cluster would be (scheduler settings as README's 'Extraction on a cluster' says)."""
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES,
                          "distributed.scheduler.worker-saturation": 1.0}):
        c = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40)
    try:
        with Client(c) as watcher:
            yield c.scheduler_address, watcher
    finally:
        c.close()


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    src = tmp_path_factory.mktemp("cluster") / "src"
    generate(300, src, seed=8)
    return src


def test_a_cluster_build_is_byte_identical_to_a_local_one(cluster, articles, tmp_path):
    address, _ = cluster
    local = build([str(articles)], tmp_path / "local", jobs=2, view="no")
    remote = build([str(articles)], tmp_path / "cluster", scheduler=address, view="no")
    assert (local.documents, local.facts) == (remote.documents, remote.facts) and remote.documents == 300
    assert filecmp.cmp(tmp_path / "local" / "dataset.trig", tmp_path / "cluster" / "dataset.trig", shallow=False)
    again = build([str(articles)], tmp_path / "cluster", scheduler=address, view="no")
    assert (again.extracted, again.reused) == (0, 300)  # the same cache and incremental rules as a local build


def test_a_worker_killed_mid_build_has_its_documents_retried(cluster, articles, tmp_path):
    address, watcher = cluster
    build([str(articles)], tmp_path / "local", jobs=2, view="no")
    result = {}
    t = threading.Thread(target=lambda: result.update(r=build([str(articles)], tmp_path / "cluster",
                                                              scheduler=address, view="no")))
    t.start()
    deadline = time.monotonic() + 120
    while len(list(tmp_path.glob(".cluster.tmp-*/cache/*.nq"))) < 20 and time.monotonic() < deadline:
        time.sleep(0.01)
    pids = watcher.run(os.getpid)
    victim = sorted(pids.values())[0]
    assert t.is_alive(), "the build finished before a worker could be killed"
    os.kill(victim, signal.SIGKILL)  # a worker dies while the build runs
    t.join(300)
    report = result["r"]
    assert report.skipped == [] and report.documents == 300
    assert victim not in watcher.run(os.getpid).values()  # it was replaced
    assert filecmp.cmp(tmp_path / "local" / "dataset.trig", tmp_path / "cluster" / "dataset.trig", shallow=False)


def test_scheduler_spec_is_checked():
    assert parse_scheduler("local:2") == ("local", 2)
    assert parse_scheduler("tcp://10.0.0.5:8786") == ("remote", "tcp://10.0.0.5:8786")
    for bad in ("local:0", "local:x", "10.0.0.5:8786", "tcp://"):
        with pytest.raises(ClusterError):
            parse_scheduler(bad)


@pytest.mark.parametrize("n", [6, 60])  # one document per task; batches of several, the poisoned one split up
def test_a_document_that_kills_workers_twice_is_skipped_and_the_rest_extracted(client, tmp_path, n):
    src = tmp_path / "src"
    generate(n, src, seed=5)
    (src / "poison.txt").write_text((CORPUS / "dev" / "c01-buudien-langson-2020.txt").read_text(encoding="utf-8"),
                                    encoding="utf-8")
    cache = tmp_path / "cache"
    cache.mkdir()
    staged = []
    results = list(run_on_cluster(client, tasks_for(src, cache), poisoned, lambda *a: staged.append(a), lambda t: t[1]))
    skipped = [r for _, r in results if isinstance(r, str)]
    assert skipped == ["poison.txt: the extraction killed a cluster worker 2 times; skipped"]
    assert len([r for _, r in results if not isinstance(r, str)]) == n
    assert len(list(cache.glob("*.trig"))) == n and not staged  # the workers wrote into the shared cache


def test_sources_given_as_an_fsspec_url_are_read_by_the_workers(cluster, articles, tmp_path):
    """A file:// URL stands for any fsspec URL the workers reach: listed by the build, read by the workers."""
    from conftest import rows

    address, _ = cluster
    url = "file://" + str(articles)
    built = build([url], tmp_path / "url", scheduler=address, view="no")
    local = build([str(articles)], tmp_path / "local", jobs=2, view="no")
    assert built.skipped == [] and (built.documents, built.facts) == (local.documents, local.facts)
    strip = lambda rs: sorted(tuple(v for k, v in r.items() if k not in ("document", "fact")) for r in rs)  # noqa: E731
    assert strip(rows(tmp_path / "url", "awards")) == strip(rows(tmp_path / "local", "awards"))
    assert {r["document"] for r in rows(tmp_path / "url", "awards")} <= {f"{url}/{p.name}" for p in articles.iterdir()}
    again = build([url], tmp_path / "url", scheduler=address, view="no")
    assert (again.extracted, again.reused) == (0, 300)  # the listing's size and time serve the incremental rules
    (articles / "g000007.txt").write_text((articles / "g000007.txt").read_text(encoding="utf-8") + "\nThêm.\n",
                                          encoding="utf-8")
    changed = build([url], tmp_path / "url", scheduler=address, view="no")
    assert (changed.extracted, changed.reused) == (1, 299)


def test_a_url_nobody_can_read_is_a_one_line_error(tmp_path):
    import pytest as _pytest

    from orgkg.builder.build import BuildError

    with _pytest.raises(BuildError, match="no filesystem for this URL"):
        build(["nosuch://x/articles"], tmp_path / "out", view="no")
    with _pytest.raises(BuildError, match="no such file or directory"):
        build(["file://" + str(tmp_path / "missing")], tmp_path / "out", view="no")
