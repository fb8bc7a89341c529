"""The orgkg command line: a thin layer over the library.

    orgkg build [SOURCES…] --out DIR     read articles, write the knowledge graph
    orgkg queries                        list the canned queries
    orgkg query DIR NAME|FILE.rq|--sparql TEXT [--format table|csv|json]
    orgkg eval GOLD… --graph DIR         precision/recall against gold facts
    orgkg validate DIR                   SHACL validation of a built graph
    orgkg viz DIR -o FILE.html|.graphml|.gexf   the graph view and exports
    orgkg viz DIR --profiles FOLDER      static offline profile pages of the organisations
    orgkg serve DIR [--host --port]      read-only SPARQL endpoint, query page, resolvable IRIs
    orgkg push DIR --endpoint URL        write the graphs to a SPARQL server (Graph Store Protocol)

query, serve and viz take --endpoint URL (with --user/--password) instead of DIR
to work against a SPARQL server that `orgkg push` filled.

Exit status: 0 success, 1 built but some files were skipped, 2 error (nothing written).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from orgkg.builder import __version__


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
    from orgkg.queries.remote import RemoteError, RemoteStore

    try:
        return RemoteStore(endpoint, user, password, graph_store, update_endpoint)
    except RemoteError as e:
        _fail(str(e))


def _store(folder, endpoint, user, password, graph_store, update_endpoint):
    """The embedded store of a built folder, or the remote one; exactly one must be given."""
    from orgkg.queries.store import StoreError, open_store

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
    """Knowledge graphs of Vietnamese organisations' achievements from news articles.

    Example: orgkg build articles/ --out out && orgkg query out awards
    """


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
@click.option("--max-doc-seconds", type=click.FloatRange(min=0, min_open=True), default=60, show_default=True,
              help="Skip (with a reason) a file whose extraction takes longer than this.")
@click.option("--scheduler", metavar="tcp://HOST:PORT|local:N",
              help="Extract on a Dask cluster: a running scheduler, or a local cluster of N worker processes.")
def build(sources, out, formats, strict, quiet, jobs, full, max_doc_mb, view, max_doc_seconds, scheduler):
    """Read articles (files or folders; default: the bundled seeds/) and write the graph to --out.

    A rebuild into the same --out extracts only the files that changed (by content, path,
    orgkg version and rules) and drops the documents whose files are gone.

    Example: orgkg build seeds/ articles/ --out out --format nquads --jobs 4
    """
    from orgkg.api import BuildError, build as run

    try:
        report = run(list(sources) or None, out, formats=list(formats), strict=strict, progress=not quiet,
                     jobs=jobs, incremental=not full, max_bytes=int(max_doc_mb * 1024 * 1024), view=view,
                     max_seconds=max_doc_seconds, scheduler=scheduler)
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
        for i in report.ignored:
            click.echo(f"orgkg: ignored: {i}", err=True)
    for s in report.skipped:
        click.echo(f"orgkg: skipped: {s}", err=True)
    if report.skipped:
        click.echo(f"orgkg: {len(report.skipped)} file(s) skipped", err=True)
        sys.exit(1)


@main.command("queries")
def list_queries():
    """List the canned queries with their titles and parameters.

    Example: orgkg queries
    """
    from orgkg.queries.canned import canned

    for name, q in canned().items():
        click.echo(f"{name:24} {q.title}" + (f"  [params: {', '.join(f'{k}={v}' for k, v in q.params.items())}]" if q.params else ""))


@main.command()
@click.argument("args", nargs=-1, metavar="[FOLDER] [NAME|FILE.rq]")
@click.option("--sparql", help="A SPARQL query given inline.")
@click.option("--format", "fmt", default="table", show_default=True, type=click.Choice(["table", "csv", "json"]))
@click.option("--param", "-p", multiple=True, help="NAME=VALUE for a canned query's parameter (bound as a literal or <IRI>).")
@click.option("--wide", is_flag=True, help="Table cells whole (by default they are cut at 60 characters, with a note).")
@remote_options
def query(args, sparql, fmt, param, wide, endpoint, user, password, graph_store, update_endpoint):
    """Run a canned query by NAME, a .rq FILE, or --sparql TEXT on a built FOLDER (or on --endpoint).

    Example: orgkg query out awards --format json
             orgkg query --endpoint http://localhost:8890/sparql awards
    """
    from orgkg.queries.canned import canned, resolve_query
    from orgkg.queries.results import render_rows
    from orgkg.queries.store import StoreError, select

    if len(args) > (1 if endpoint else 2):
        _fail("too many arguments: [FOLDER] [NAME|FILE.rq]")
    folder, name = (None, args[0] if args else None) if endpoint else (args[0] if args else None, args[1] if len(args) > 1 else None)
    store = _store(folder, endpoint, user, password, graph_store, update_endpoint)
    try:
        text = resolve_query(name, sparql, param, canned(), select=lambda t: select(store, t))
        cols, rows = select(store, text)
    except StoreError as e:
        _fail(str(e))
    click.echo(render_rows(cols, rows, fmt, None if wide else 60), nl=False)


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
    from orgkg.queries.evaluate import document_organisations, format_table, load_golds, predictions, score, with_scope
    from orgkg.queries.store import StoreError, open_store

    try:
        store = open_store(graph)
        preds, documents = predictions(store), document_organisations(store)
    except StoreError as e:
        _fail(str(e))
    res = with_scope(score(load_golds(gold), preds, documents), gold, graph)
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
@click.option("--max-answer-mb", default=64.0, show_default=True, type=click.FloatRange(0.001),
              help="Bytes per answer, in MB: results are cut there, with the same notice as at the row limit.")
@click.option("--query-memory-mb", default=1024, show_default=True, type=click.IntRange(0),
              help="Memory a query may add to its worker; past it the worker is killed and replaced (503). 0: no limit.")
@click.option("--slow-after", default=0.5, show_default=True, type=click.FloatRange(0),
              help="Seconds after which a running query leaves the normal workers for a low-priority one (0: never).")
@click.option("--slow-slots", default=2, show_default=True, type=click.IntRange(0),
              help="Slow queries allowed at once; past that, a query still running after --slow-after is stopped (503).")
@click.option("--idle-timeout", default=15.0, show_default=True, type=click.FloatRange(0.1),
              help="Seconds a client may take to send a request (or stay silent between requests).")
@click.option("--max-connections", default=256, show_default=True, type=click.IntRange(1),
              help="Open connections; past that a new one gets 503 and is closed.")
@click.option("--allow-service", multiple=True, metavar="URL",
              help="A SPARQL endpoint that queries may call with SERVICE <URL> (repeatable). None by default: "
                   "the server makes no outbound request.")
@click.option("--cors-origin", multiple=True, metavar="ORIGIN",
              help="A web origin (https://host[:port]) whose pages may read answers, or '*' for any (repeatable). "
                   "None by default.")
@click.option("--verbose", "-v", is_flag=True, help="Log every request.")
@remote_options
def serve(folder, host, port, timeout, row_limit, max_body, workers, memory, max_answer_mb, query_memory_mb, slow_after,
          slow_slots, idle_timeout, max_connections, allow_service, cors_origin, verbose, endpoint, user, password,
          graph_store, update_endpoint):
    """Serve a built FOLDER: SPARQL endpoint at /sparql, query page at /, graph view at /graph, IRIs at /id/….

    Read-only. Example: orgkg serve out --port 8000
    """
    from orgkg.queries.server import QueryError, Settings, serve as run
    from orgkg.viz import SITE
    from orgkg.queries.store import StoreError

    if bool(folder) == bool(endpoint):
        _fail("give a built folder or --endpoint URL (one of them)")
    remote = _remote(endpoint, user, password, graph_store, update_endpoint) if endpoint else None
    try:
        run(Path(folder) if folder else None, host, port,
            Settings(timeout=timeout, row_limit=row_limit, max_body=max_body, workers=workers, memory=memory,
                     max_answer_bytes=int(max_answer_mb * 1024 * 1024), query_memory_mb=query_memory_mb,
                     slow_after=slow_after, slow_slots=slow_slots, idle_timeout=idle_timeout,
                     max_connections=max_connections, allow_service=tuple(allow_service),
                     cors_origins=tuple(cors_origin)), verbose, remote, SITE)
    except (StoreError, QueryError) as e:
        _fail(str(e))
    except OSError as e:
        _fail(f"cannot listen on {host}:{port}: {e.strerror or e}")


@main.command()
@click.argument("folder", type=click.Path(), required=False)
@click.option("--out", "-o", "outs", multiple=True, type=click.Path(),
              help="FILE.html (the interactive view), FILE.graphml or FILE.gexf (for Gephi); repeatable.")
@click.option("--profiles", type=click.Path(file_okay=False),
              help="FOLDER for static offline pages: a profile per organisation with facts, a page per fact, an index.")
@click.option("--title", default="orgkg", show_default=True, help="Page title.")
@remote_options
def viz(folder, outs, profiles, title, endpoint, user, password, graph_store, update_endpoint):
    """Write the graph view of a built FOLDER: an offline HTML page, or GraphML / GEXF exports; or profile pages.

    Example: orgkg viz out -o graph.html -o graph.gexf --profiles profiles/
    """
    from orgkg.queries.remote import RemoteError
    from orgkg.viz.graph import write_view

    if not outs and not profiles:
        _fail("give -o FILE (.html, .graphml, .gexf) or --profiles FOLDER")
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
    if profiles:
        from orgkg.viz.pages import write_profiles
        try:
            n = write_profiles(store, Path(profiles))
        except OSError as e:
            _fail(f"{profiles}: cannot write ({e.strerror or e})")
        except RemoteError as e:
            _fail(str(e))
        click.echo(f"orgkg: {profiles}: {n} pages (open {Path(profiles) / 'index.html'})")


@main.command()
@click.argument("folder", type=click.Path())
@click.option("--dataset", help="Name the graphs are pushed under (default: the build folder's own identity).")
@click.option("--connections", type=click.IntRange(1, 16), default=2, show_default=True,
              help="Graphs sent at once, each over its own connection.")
@remote_options
def push(folder, dataset, connections, endpoint, user, password, graph_store, update_endpoint):
    """Write a built FOLDER's graphs to a SPARQL server with the Graph Store HTTP Protocol.

    One graph per document (plus the ontology and the conflict flags), in batches of 200 whose
    hashes the server's manifest records, so a push stopped half way and run again sends only
    what is missing. Pushing again sends only the graphs that changed and deletes the graphs of
    documents no longer in FOLDER. Each build folder (or --dataset NAME) has its own manifest:
    pushing a second folder to the same server keeps the first one's graphs.

    Example: orgkg push out --endpoint http://localhost:8890/sparql --user dba --password dba
    """
    from orgkg.queries.remote import RemoteError, push as run
    from orgkg.queries.store import StoreError

    if not endpoint:
        _fail("--endpoint URL is required")
    remote = _remote(endpoint, user, password, graph_store, update_endpoint)
    try:
        rep = run(Path(folder), remote, dataset=dataset, connections=connections)
    except StoreError as e:
        _fail(str(e))
    except RemoteError as e:
        _fail(f"push failed: {e}")
    click.echo(f"orgkg: {endpoint}: {len(rep.written)} graph(s) written, {rep.unchanged} unchanged, "
               f"{len(rep.deleted)} deleted")


@main.command()
@click.argument("folder", type=click.Path())
@click.option("--csv", "csv_dir", type=click.Path(), help="Write one CSV per kind of fact (and the evidence) into this folder.")
@click.option("--bom", is_flag=True, help="Start each CSV with a UTF-8 byte-order mark (for spreadsheet programs).")
@click.option("--ro-crate", "crate_dir", type=click.Path(), help="Write the build as an RO-Crate 1.1 into this new folder.")
@click.option("--sources-root", type=click.Path(), help="Where relative source paths are found for the crate (default: here).")
def export(folder, csv_dir, bom, crate_dir, sources_root):
    """Export a built FOLDER: CSV files with IRIs, or an RO-Crate 1.1 that a study can cite.

    Example: orgkg export out --csv tables --bom --ro-crate crate
    """
    from orgkg.queries.export import export_csv, export_ro_crate
    from orgkg.queries.store import StoreError

    if not csv_dir and not crate_dir:
        _fail("give --csv FOLDER, --ro-crate FOLDER or both")
    try:
        if csv_dir:
            counts = export_csv(folder, csv_dir, bom)
            click.echo(f"orgkg: {csv_dir}/: " + ", ".join(f"{k}.csv {n} rows" for k, n in counts.items()))
        if crate_dir:
            got = export_ro_crate(folder, crate_dir, sources_root)
            click.echo(f"orgkg: {crate_dir}/: RO-Crate 1.1 with {got['files']} file(s), {got['sources']} source(s)")
            for m in got["missing"]:
                click.echo(f"orgkg: warning: source not found, described but not copied: {m}", err=True)
    except StoreError as e:
        _fail(str(e))
    except OSError as e:
        _fail(f"cannot write the export: {e.strerror or e}")


@main.command()
@click.argument("folder", type=click.Path())
def validate(folder):
    """Validate a built graph against the SHACL shapes in ontology/shapes.ttl (exit 1 if it does not conform).

    Example: orgkg validate out
    """
    from orgkg.queries.validate import validate_folder

    ok, text = validate_folder(folder)
    click.echo(text)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
