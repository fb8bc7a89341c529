"""orgkg: knowledge graphs of Vietnamese organisations' achievements from news articles.

The library a researcher imports; the ``orgkg`` command is a thin layer over it.

    import orgkg

    report = orgkg.build(["articles/"], out="out")    # text -> graph (incremental, parallel)
    g = orgkg.open("out")                              # a built folder, or a SPARQL endpoint URL
    cols, rows = g.select("awards", limit="")          # a canned query by name, parameters bound
    cols, rows = g.select_sparql("SELECT * WHERE { ?s ?p ?o } LIMIT 5")

The folders of the project each hold one concern, and the arrows point one way:

    ontology/  the vocabulary: Turtle files and ``orgkg.ontology.terms``
    builder/   text -> graph (``orgkg.builder``: never imports queries or viz)
    queries/   graph -> answers: canned .rq files, stores, results, the endpoint
    viz/       graph -> pictures and pages
"""
from __future__ import annotations

from orgkg.builder import __version__

__all__ = ["__version__", "BuildError", "Graph", "StoreError", "build", "open"]


def __getattr__(name: str):
    """The API is imported on first use, so that ``orgkg --help`` starts without loading the stores."""
    if name in __all__:
        from orgkg import api
        return getattr(api, name)
    raise AttributeError(f"module 'orgkg' has no attribute {name!r}")
