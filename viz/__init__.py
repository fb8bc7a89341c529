"""Graph -> pictures and pages: the graph view, the query page, resource pages, their templates and assets.

``VIEWS`` is what a build hands to ``orgkg.builder`` to draw ``graph.html``
(the builder itself knows nothing of views).
"""
from __future__ import annotations

from pathlib import Path


class GraphViews:
    """Draws graph.html after a build: the interactive view, or a page saying how to draw a large one."""

    def draw(self, store, path: Path) -> None:
        from .graph import write_view
        write_view(store, path)

    def defer(self, path: Path, facts: int, limit: int) -> None:
        from .deferred import write_deferred  # no graph libraries imported for a large build
        write_deferred(path, facts, limit)


VIEWS = GraphViews()


class WebSite:
    """The endpoint's HTML side (``queries.server.Site``): the query page, resource and profile pages, assets."""

    def assets(self) -> dict[str, tuple[bytes, str]]:
        """The fixed table of static files: URL name -> (bytes, content type); no URL reaches other files."""
        import os
        from importlib import resources

        types = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
        return {f.name: (f.read_bytes(), types[os.path.splitext(f.name)[1]])
                for f in resources.files("orgkg.viz").joinpath("assets").iterdir()
                if os.path.splitext(f.name)[1] in types}

    def query_page(self, queries: list, has_graph: bool, prefixes: dict[str, str], lang: str) -> str:
        from .query_page import render_query_page
        return render_query_page(queries, has_graph, prefixes, lang)

    def pages(self, run_json):
        from .pages import Pages, json_runner
        return Pages(json_runner(run_json))

    def jsonld(self, ntriples: bytes, iri: str, prefixes: dict[str, str]) -> bytes:
        from .pages import jsonld_bytes
        return jsonld_bytes(ntriples, iri, prefixes)


SITE = WebSite()
