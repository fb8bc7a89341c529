import json
import shutil
from pathlib import Path

import pytest

from orgkg.api import build
from orgkg.queries.canned import canned
from orgkg.queries.store import open_store, select

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = FIXTURES / "corpus"
SEED = ROOT / "seeds" / "000_a4937fe3feabf478.txt"


def query_csv(folder, name) -> str:
    """A canned query's every row (its defaults, no page) as CSV, rows sorted: what the golden files hold.

    Source paths are shown relative to the folder that holds both the sources and the output.
    """
    from orgkg.queries.canned import prepare
    from orgkg.queries.results import render_rows

    q = canned()[name]
    cols, rs = select(open_store(folder), prepare(q, {"limit": ""} if "limit" in q.params else {}))
    text = render_rows(cols, rs, "csv").replace(str(Path(folder).resolve().parent) + "/", "")
    head, *body = text.splitlines()
    return "\n".join([head, *sorted(body)]) + "\n"


def corpus_sources(base: Path) -> list[str]:
    """The seed and the dev corpus copied under ``base`` (paths in the graph are then the same on any machine)."""
    shutil.copytree(ROOT / "seeds", base / "seeds", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    shutil.copytree(CORPUS / "dev", base / "dev")
    return [str(base / "seeds"), str(base / "dev")]


def rows(folder, name):
    cols, rs = select(open_store(folder), canned()[name].text)
    return [dict(zip(cols, r)) for r in rs]


@pytest.fixture(scope="session")
def seed_graph(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed") / "out"
    build(None, out)
    return out


@pytest.fixture(scope="session")
def corpus_graph(tmp_path_factory):
    base = tmp_path_factory.mktemp("corpus")
    out = base / "out"
    build(corpus_sources(base), out)
    return out
