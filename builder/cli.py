"""The orgkg command line: a thin layer over the library.

    orgkg build [SOURCES…] --out DIR     read articles, write the knowledge graph
    orgkg queries                        list the canned queries
    orgkg query DIR NAME|FILE.rq|--sparql TEXT [--format table|csv|json]
    orgkg eval GOLD… --graph DIR         precision/recall against gold facts
    orgkg validate DIR                   SHACL validation of a built graph
    orgkg viz DIR -o FILE.html|.graphml|.gexf   the graph view and exports
    orgkg serve DIR [--host --port]      read-only SPARQL endpoint, query page, resolvable IRIs
    orgkg push DIR --endpoint URL        write the graphs to a SPARQL server (Graph Store Protocol)

query, serve and viz take --endpoint URL (with --user/--password) instead of DIR
to work against a SPARQL server that `orgkg push` filled.

Exit status: 0 success, 1 built but some files were skipped, 2 error (nothing written).
"""
from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import click

from . import __version__


def _fail(msg: str, code: int = 2):
    click.echo(f"orgkg: error: {msg}", err=True)
    sys.exit(code)


def remote_options(f):
    """--endpoint and its credentials, shared by push, query, serve and viz."""
    opts = [
        click.option("--endpoint", help="A SPARQL server's query URL (e.g. http://localhost:8890/sparql) instead of DIR."),
        click.option("--user", help="User for the server (HTTP digest or basic authentication)."),
        click.option("--password", envvar="ORGKG_PASSWORD", help="Password (or the ORGKG_PASSWORD environment variable)."),
        click.option("--graph-store", help="Graph Store Protocol URL (default: Virtuoso's, beside --endpoint)."),
        click.option("--update-endpoint", help="SPARQL Update URL (default: Virtuoso's, beside --endpoint)."),
    ]
    for o in reversed(opts):
        f = o(f)
    return f


def _remote(endpoint, user, password, graph_store, update_endpoint):
    from .remote import RemoteError, RemoteStore

    try:
        return RemoteStore(endpoint, user, password, graph_store, update_endpoint)
    except RemoteError as e:
        _fail(str(e))


def _store(folder, endpoint, user, password, graph_store, update_endpoint):
    """The embedded store of a built folder, or the remote one; exactly one must be given."""
    from .store import StoreError, open_store

    if endpoint and folder:
        _fail("give a built folder or --endpoint, not both")
    if endpoint:
        return _remote(endpoint, user, password, graph_store, update_endpoint)
    if not folder:
        _fail("give a built folder (orgkg build --out DIR) or --endpoint URL")
    try:
        return open_store(folder)
    except StoreError as e:
        _fail(str(e))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="orgkg")
def main():
    """Knowledge graphs of Vietnamese organisations' achievements from news articles."""


@main.command()
@click.argument("sources", nargs=-1, type=click.Path())
@click.option("--out", "-o", default="out", show_default=True, type=click.Path(), help="Output folder (replaced atomically).")
@click.option("--format", "formats", multiple=True, type=click.Choice(["trig", "nquads", "turtle"]),
              help="Extra serialisations besides dataset.trig (repeatable).")
@click.option("--strict", is_flag=True, help="Fail, writing nothing, if any file must be skipped.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes for extraction (default: one per core).")
@click.option("--full", is_flag=True, help="Extract every file again instead of reusing unchanged results.")
@click.option("--max-doc-mb", type=click.FloatRange(min=0.001), default=16, show_default=True,
              help="Skip (with a reason) files larger than this.")
@click.option("--view", type=click.Choice(["auto", "yes", "no"]), default="auto", show_default=True,
              help="Draw graph.html (auto: when the graph has at most 25,000 facts).")
def build(sources, out, formats, strict, quiet, jobs, full, max_doc_mb, view):
    """Read articles (files or folders; default: the bundled seeds/) and write the graph to --out.

    A rebuild into the same --out extracts only the files that changed (by content, path,
    orgkg version and rules) and drops the documents whose files are gone.

    Example: orgkg build seeds/ articles/ --out out --format nquads --jobs 4
    """
    from .build import BuildError, build as run

    try:
        report = run(list(sources) or None, out, formats=list(formats), strict=strict, progress=not quiet,
                     jobs=jobs, incremental=not full, max_bytes=int(max_doc_mb * 1024 * 1024), view=view)
    except BuildError as e:
        _fail(str(e))
    except (OSError, FileExistsError) as e:
        _fail(str(e))
    if not quiet:
        f = report.facts
        click.echo(f"orgkg: {report.documents} document(s) -> {out}/ in {report.seconds:.2f}s: "
                   f"{f.get('metrics', 0)} metrics, {f.get('targets', 0)} targets, {f.get('awards', 0)} awards, "
                   f"{f.get('campaigns', 0)} campaigns, {f.get('events', 0)} events, {f.get('triples', 0)} triples")
        click.echo(f"orgkg: {report.extracted} file(s) extracted ({report.jobs} job(s)), {report.reused} unchanged, "
                   f"{report.removed} document(s) removed")
        for w in report.warnings:
            click.echo(f"orgkg: warning: {w}", err=True)
    for s in report.skipped:
        click.echo(f"orgkg: skipped: {s}", err=True)
    if report.skipped:
        click.echo(f"orgkg: {len(report.skipped)} file(s) skipped", err=True)
        sys.exit(1)


@main.command("queries")
def list_queries():
    """List the canned queries with their titles."""
    from .store import canned

    for name, q in canned().items():
        click.echo(f"{name:24} {q.title}" + (f"  [params: {', '.join(f'{k}={v}' for k, v in q.params.items())}]" if q.params else ""))


@main.command()
@click.argument("args", nargs=-1, metavar="[FOLDER] [NAME|FILE.rq]")
@click.option("--sparql", help="A SPARQL query given inline.")
@click.option("--format", "fmt", default="table", show_default=True, type=click.Choice(["table", "csv", "json"]))
@click.option("--param", "-p", multiple=True, help="NAME=VALUE for a canned query's parameter (bound as a literal or <IRI>).")
@remote_options
def query(args, sparql, fmt, param, endpoint, user, password, graph_store, update_endpoint):
    """Run a canned query by NAME, a .rq FILE, or --sparql TEXT on a built FOLDER (or on --endpoint).

    Example: orgkg query out awards --format json
             orgkg query --endpoint http://localhost:8890/sparql awards
    """
    from .store import StoreError, canned, select
    from .queries_run import resolve_query

    if len(args) > (1 if endpoint else 2):
        _fail("too many arguments: [FOLDER] [NAME|FILE.rq]")
    folder, name = (None, args[0] if args else None) if endpoint else (args[0] if args else None, args[1] if len(args) > 1 else None)
    try:
        text = resolve_query(name, sparql, param, canned())
        store = _store(folder, endpoint, user, password, graph_store, update_endpoint)
        cols, rows = select(store, text)
    except StoreError as e:
        _fail(str(e))
    click.echo(render(cols, rows, fmt), nl=False)


def render(cols, rows, fmt) -> str:
    if fmt == "json":
        return json.dumps([dict(zip(cols, r)) for r in rows], ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(cols)
        w.writerows([["" if v is None else v for v in r] for r in rows])
        return buf.getvalue()
    cells = [[("" if v is None else str(v)).replace("\n", " ") for v in r] for r in rows]
    widths = [min(60, max([len(c)] + [len(r[i]) for r in cells])) for i, c in enumerate(cols)]
    line = lambda vals: " | ".join(v[:w].ljust(w) for v, w in zip(vals, widths))
    out = [line(cols), "-+-".join("-" * w for w in widths)] + [line(r) for r in cells]
    return "\n".join(out) + f"\n({len(rows)} rows)\n"


@main.command("eval")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--graph", required=True, type=click.Path(), help="A built output folder.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--brief", is_flag=True, help="Only the table, without misses and extras.")
def evaluate(gold, graph, as_json, brief):
    """Score a built graph against gold files (precision, recall, F1 per kind, attribute accuracy).

    Also scores the organisations (each gold organisation found under one IRI, its aliases, wrong merges),
    gives each document's figures, and warns when a gold document is not in the graph.

    Example: orgkg eval ../shared/corpus --graph out
    """
    from .evaluate import format_table, load_golds, score
    from .store import StoreError, canned, open_store, select

    try:
        store = open_store(graph)
        q = canned()
        preds = {}
        for kind in ("metrics", "awards", "campaigns"):
            cols, rows = select(store, q[kind].text)
            preds[kind] = [dict(zip(cols, r)) for r in rows]
        cols, rows = select(store, q["document-organisations"].text)
        documents = [dict(zip(cols, r)) for r in rows]
    except StoreError as e:
        _fail(str(e))
    res = score(load_golds(gold), preds, documents)
    for doc in res["missing_documents"]:
        click.echo(f"orgkg: warning: gold document {doc} is not in the graph; its facts count as missed", err=True)
    click.echo(json.dumps(res, ensure_ascii=False, indent=1) if as_json else format_table(res, verbose=not brief))


@main.command()
@click.argument("folder", type=click.Path(), required=False)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind; anything but loopback is warned about.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free port).")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(0.1), help="Seconds a query may run.")
@click.option("--row-limit", default=10000, show_default=True, type=click.IntRange(1), help="Rows (or triples) per result.")
@click.option("--max-body", default=1 << 20, show_default=True, type=click.IntRange(1), help="Bytes per request body.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64), help="Query worker processes.")
@click.option("--memory/--no-memory", default=None,
              help="Each worker queries a copy of the store in memory: 2-4x faster queries, for a start of about "
                   "18 s and 0.8 GB per worker per million triples. Default: in memory up to 2 million triples.")
@click.option("--verbose", "-v", is_flag=True, help="Log every request.")
@remote_options
def serve(folder, host, port, timeout, row_limit, max_body, workers, memory, verbose, endpoint, user, password, graph_store,
          update_endpoint):
    """Serve a built FOLDER: SPARQL endpoint at /sparql, query page at /, graph view at /graph, IRIs at /id/….

    Read-only. Example: orgkg serve out --port 8000
    """
    from .serve import QueryError, Settings, serve as run
    from .store import StoreError

    if bool(folder) == bool(endpoint):
        _fail("give a built folder or --endpoint URL (one of them)")
    remote = _remote(endpoint, user, password, graph_store, update_endpoint) if endpoint else None
    try:
        run(Path(folder) if folder else None, host, port,
            Settings(timeout=timeout, row_limit=row_limit, max_body=max_body, workers=workers, memory=memory), verbose, remote)
    except (StoreError, QueryError) as e:
        _fail(str(e))
    except OSError as e:
        _fail(f"cannot listen on {host}:{port}: {e.strerror or e}")


@main.command()
@click.argument("folder", type=click.Path(), required=False)
@click.option("--out", "-o", "outs", multiple=True, required=True, type=click.Path(),
              help="FILE.html (the interactive view), FILE.graphml or FILE.gexf (for Gephi); repeatable.")
@click.option("--title", default="orgkg", show_default=True, help="Page title.")
@remote_options
def viz(folder, outs, title, endpoint, user, password, graph_store, update_endpoint):
    """Write the graph view of a built FOLDER: an offline HTML page, or GraphML / GEXF exports.

    Example: orgkg viz out -o graph.html -o graph.gexf
    """
    from orgkg.viz.graph import write_view
    from .remote import RemoteError

    for o in outs:
        if Path(o).suffix not in (".html", ".htm", ".graphml", ".gexf"):
            _fail(f"{o}: unknown output format; use .html, .graphml or .gexf")
    store = _store(folder, endpoint, user, password, graph_store, update_endpoint)
    for o in outs:
        try:
            g = write_view(store, Path(o), title)
        except OSError as e:
            _fail(f"{o}: cannot write ({e.strerror or e})")
        except RemoteError as e:
            _fail(str(e))
        click.echo(f"orgkg: {o}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")


@main.command()
@click.argument("folder", type=click.Path())
@remote_options
def push(folder, endpoint, user, password, graph_store, update_endpoint):
    """Write a built FOLDER's graphs to a SPARQL server with the Graph Store HTTP Protocol.

    One graph per document (plus the ontology and the conflict flags). Pushing again sends only
    the graphs that changed and deletes the graphs of documents no longer in FOLDER.

    Example: orgkg push out --endpoint http://localhost:8890/sparql --user dba --password dba
    """
    from .remote import RemoteError, push as run
    from .store import StoreError

    if not endpoint:
        _fail("--endpoint URL is required")
    remote = _remote(endpoint, user, password, graph_store, update_endpoint)
    try:
        rep = run(Path(folder), remote)
    except StoreError as e:
        _fail(str(e))
    except RemoteError as e:
        _fail(f"push failed: {e}")
    click.echo(f"orgkg: {endpoint}: {len(rep.written)} graph(s) written, {rep.unchanged} unchanged, "
               f"{len(rep.deleted)} deleted")


@main.command()
@click.argument("folder", type=click.Path())
def validate(folder):
    """Validate a built graph against the SHACL shapes in ontology/shapes.ttl."""
    from .validate import validate_folder

    ok, text = validate_folder(folder)
    click.echo(text)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
