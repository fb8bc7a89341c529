"""Extraction on a Dask cluster: the same graph as a local build; dead workers retried; a poison document skipped."""
import os
import signal
import sys
from pathlib import Path

import cloudpickle
import pytest

from conftest import CORPUS, ROOT

from orgkg.builder import build as build_mod
from orgkg.builder.cluster import ClusterError, open_client, parse_scheduler, run_on_cluster

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


def test_scheduler_spec_is_checked():
    assert parse_scheduler("local:2") == ("local", 2)
    assert parse_scheduler("tcp://10.0.0.5:8786") == ("remote", "tcp://10.0.0.5:8786")
    for bad in ("local:0", "local:x", "10.0.0.5:8786", "tcp://"):
        with pytest.raises(ClusterError):
            parse_scheduler(bad)


def test_a_document_that_kills_workers_twice_is_skipped_and_the_rest_extracted(client, tmp_path):
    src = tmp_path / "src"
    generate(6, src, seed=5)
    (src / "poison.txt").write_text((CORPUS / "dev" / "c01-buudien-langson-2020.txt").read_text(encoding="utf-8"),
                                    encoding="utf-8")
    cache = tmp_path / "cache"
    cache.mkdir()
    staged = []
    results = list(run_on_cluster(client, tasks_for(src, cache), poisoned, lambda *a: staged.append(a), lambda t: t[1]))
    skipped = [r for _, r in results if isinstance(r, str)]
    assert skipped == ["poison.txt: the extraction killed a cluster worker 2 times; skipped"]
    assert len([r for _, r in results if not isinstance(r, str)]) == 6
    assert len(list(cache.glob("*.nq"))) == 6 and not staged  # the workers wrote into the shared cache
