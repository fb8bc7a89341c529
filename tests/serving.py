"""Test helpers for the endpoint: a server on a free loopback port in a thread, and a plain HTTP client."""
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager

from orgkg.api import make_server
from orgkg.queries.server import Settings


@contextmanager
def serving(folder, **settings):
    """The endpoint (with its pages) over ``folder`` on 127.0.0.1, port chosen by the system: yields its base URL."""
    srv = make_server(folder, "127.0.0.1", 0, Settings(**{"workers": 1, **settings}))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}"
    finally:
        srv.shutdown()
        srv.server_close()
        srv.app.pool.close()


def http(url, data=None, headers=None, method=None):
    """(status, headers, body) of a request; an HTTP error status is an answer, not an exception."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()
