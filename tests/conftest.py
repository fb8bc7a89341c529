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
    shutil.copytree(ROOT / "seeds", base / "seeds", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    shutil.copytree(CORPUS / "dev", base / "dev")
    out = base / "out"
    build([str(base / "seeds"), str(base / "dev")], out)
    return out
