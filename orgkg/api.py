"""The library API: build a graph, open one, run canned queries or SPARQL on it.

Everything the CLI does goes through these functions; tests drive them
directly. Errors are ``StoreError`` (a store or query problem, with a message
for the user) and ``BuildError`` (nothing was written).
"""
from __future__ import annotations

from pathlib import Path

from orgkg.builder.build import MAX_BYTES, MAX_DOC_SECONDS, BuildError, BuildReport
from orgkg.builder.build import build as _build
from orgkg.queries.canned import CannedQuery, canned, prepare
from orgkg.queries.store import StoreError, open_store, select

__all__ = ["BuildError", "Graph", "StoreError", "build", "open"]


def build(sources: list[str] | None = None, out: str | Path = "out", *, formats: list[str] = (),
          strict: bool = False, progress: bool = False, jobs: int | None = None, incremental: bool = True,
          max_bytes: int = MAX_BYTES, view: str = "auto", max_seconds: float | None = MAX_DOC_SECONDS,
          scheduler: str | None = None) -> BuildReport:
    """Build the graph of ``sources`` (files or folders; default: the bundled seeds) into ``out``.

    Same as ``orgkg build``: incremental, parallel, atomic; ``graph.html`` is drawn by
    ``orgkg.viz`` unless ``view="no"``; ``scheduler`` (``tcp://HOST:PORT`` or ``local:N``) runs extraction on a
    Dask cluster. Returns the build's report (documents, facts, skipped files).
    """
    from orgkg.viz import VIEWS

    return _build(sources, out, formats=formats, strict=strict, progress=progress, jobs=jobs,
                  incremental=incremental, max_bytes=max_bytes, view=view, views=VIEWS, max_seconds=max_seconds,
                  scheduler=scheduler)


class Graph:
    """A built graph to query: the embedded store of a folder, or a SPARQL server."""

    def __init__(self, store, where: str):
        self.store = store
        self.where = where
        self._queries = canned()    # read once, as the endpoint does, not on every query

    def __repr__(self) -> str:
        return f"orgkg.Graph({self.where!r})"

    @property
    def queries(self) -> dict[str, CannedQuery]:
        """The canned queries by name (``queries/*.rq``), with their parameters and defaults."""
        return dict(self._queries)

    def prepared(self, name: str, **params: str) -> str:
        """The text of canned query ``name`` with ``params`` bound (what would run)."""
        queries = self._queries
        if name not in queries:
            raise StoreError(f"unknown query {name!r}; available: {', '.join(queries)}")
        return prepare(queries[name], {k: "" if v is None else str(v) for k, v in params.items()}, self.select_sparql)

    def select(self, name: str, **params: str) -> tuple[list[str], list[list]]:
        """Run canned query ``name``: (column names, rows of plain values; numbers as int/float)."""
        return select(self.store, self.prepared(name, **params))

    def select_sparql(self, text: str) -> tuple[list[str], list[list]]:
        """Run any SPARQL query (the union of the document graphs is the default graph)."""
        return select(self.store, text)

    def query(self, name: str, **params: str):
        """Canned query ``name`` as a pandas DataFrame with typed columns (needs ``orgkg[pandas]``).

        Parameters take names in any spelling (``org="bưu điện tỉnh lạng sơn"``), codes or IRIs;
        ``limit=""`` gives every row of a list query.
        """
        return frame(*select(self.store, self.prepared(name, **params), typed=True))

    def sparql(self, text: str):
        """Any SPARQL SELECT as a pandas DataFrame with typed columns (the project's prefixes need no PREFIX)."""
        return frame(*select(self.store, text, typed=True))


def frame(cols: list[str], rows: list[list]):
    """Rows of typed values as a DataFrame: whole numbers as Int64, other numbers as Float64, dates as
    datetime64, booleans as boolean, text as str; a missing value is <NA>/NaT."""
    try:
        import pandas as pd
    except ImportError:
        raise ImportError("orgkg's DataFrames need pandas: pip install 'orgkg[pandas]'") from None
    import datetime

    df = pd.DataFrame(rows, columns=cols, dtype=object)
    for c in cols:
        values = [v for v in df[c] if v is not None]
        if not values:
            continue
        if all(isinstance(v, bool) for v in values):
            df[c] = df[c].astype("boolean")
        elif all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            df[c] = df[c].astype("Int64")
        elif all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            df[c] = df[c].astype("Float64")
        elif all(isinstance(v, datetime.date) for v in values):
            df[c] = pd.to_datetime(df[c])
        else:
            df[c] = df[c].astype("string")
    return df


def make_server(folder: str | Path | None, host: str = "127.0.0.1", port: int = 8000, settings=None,
                verbose: bool = False, remote=None):
    """The SPARQL endpoint with its query page and resource pages (``orgkg serve``), not yet serving."""
    from orgkg.queries.server import make_server as endpoint
    from orgkg.viz import SITE

    return endpoint(Path(folder) if folder else None, host, port, settings, verbose, remote, SITE)


def open(where: str | Path, *, user: str | None = None, password: str | None = None) -> Graph:  # noqa: A001
    """Open a built folder (``orgkg build --out DIR``) or a SPARQL endpoint URL that ``orgkg push`` filled."""
    text = str(where)
    if text.startswith(("http://", "https://")):
        from orgkg.queries.remote import RemoteStore

        return Graph(RemoteStore(text, user, password), text)
    return Graph(open_store(where), text)
