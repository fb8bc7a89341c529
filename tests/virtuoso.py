"""A throwaway Virtuoso Open Source 7 server on loopback, for the remote-store tests.

Copies Debian's virtuoso.ini, points its database files at a temporary folder,
picks free ports, starts ``virtuoso-t +foreground`` and waits for ``/sparql``.
``scripts/virtuoso.sh`` (run by the test setup) installs the package.
"""
from __future__ import annotations

import configparser
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


def available() -> str | None:
    """None when Virtuoso can run here, else why not."""
    if shutil.which("virtuoso-t") is None:
        return "virtuoso-t is not installed (scripts/virtuoso.sh installs Debian's virtuoso-opensource)"
    if not INI.exists():
        return f"{INI} is missing"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def virtuoso(folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    cfg = configparser.RawConfigParser(strict=False, interpolation=None)
    cfg.optionxform = str
    cfg.read(INI)
    db = folder / "db"
    db.mkdir(exist_ok=True)
    for key, name in (("DatabaseFile", "virtuoso.db"), ("ErrorLogFile", "virtuoso.log"), ("LockFile", "virtuoso.lck"),
                      ("TransactionFile", "virtuoso.trx"), ("xa_persistent_file", "virtuoso.pxa")):
        cfg.set("Database", key, str(db / name))
    for key, name in (("DatabaseFile", "virtuoso-temp.db"), ("TransactionFile", "virtuoso-temp.trx")):
        cfg.set("TempDatabase", key, str(db / name))
    isql, http = free_port(), free_port()
    cfg.set("Parameters", "ServerPort", f"127.0.0.1:{isql}")
    cfg.set("HTTPServer", "ServerPort", f"127.0.0.1:{http}")
    cfg.set("Parameters", "DirsAllowed", f"., {folder}, /usr/share/virtuoso-opensource-7/vad")
    cfg.set("Parameters", "NumberOfBuffers", "20000")
    cfg.set("Parameters", "MaxDirtyBuffers", "15000")
    ini = folder / "virtuoso.ini"
    with open(ini, "w") as f:
        cfg.write(f)
    log = open(folder / "stdout.log", "wb")
    proc = subprocess.Popen(["virtuoso-t", "+foreground", "+configfile", str(ini)], cwd=db, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{http}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited ({proc.returncode}): {(folder / 'stdout.log').read_text()[-2000:]}")
            try:
                urllib.request.urlopen(base + "/sparql?query=ASK%7B%7D", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("Virtuoso did not answer at /sparql within 90 s")
                time.sleep(0.5)
        yield base
    finally:
        for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, None)):
            try:
                os.killpg(proc.pid, sig)
                proc.wait(wait)
                break
            except ProcessLookupError:
                break
            except subprocess.TimeoutExpired:
                continue
        log.close()
