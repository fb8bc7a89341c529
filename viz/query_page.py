"""The query page (``/`` of ``orgkg serve``): canned queries with a form for their parameters, YASGUI, prefixes.

Takes the canned queries and the project's prefixes; returns the HTML. The page asks the server for a
canned query's text with its parameters bound (``/queries/NAME.rq?PARAM=…``), so the editor always shows
the query that runs.
"""
from __future__ import annotations

from .pages import ID_BASE, environment


def render_query_page(queries, has_graph: bool, prefixes: dict[str, str], lang: str = "vi") -> str:
    data = [{"name": q.name, "title": q.title, "text": q.first_page,
             "params": [{"name": k, "default": d, "doc": q.param_docs.get(k, "")} for k, d in q.params.items()]}
            for q in queries]
    return environment().get_template("query.html").render(
        queries=queries, data=data, has_graph=has_graph, lang=lang if lang in ("vi", "en") else "vi",
        prefixes=sorted(prefixes.items()), prefix_map={"id": ID_BASE, **prefixes})
