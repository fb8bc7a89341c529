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
