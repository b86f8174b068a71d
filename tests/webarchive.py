"""A real web archive for tests: pywb built from WARC files and served on 127.0.0.1.

    build_collection(root, "news", [warc])      # wb-manager init + add, in root
    with serve_pywb(root) as base:              # base is "http://127.0.0.1:PORT"
        ...f"{base}/news/cdx?url=example.com/*&output=json"...
        ...f"{base}/news/20190601000000id_/http://example.com/a"  (the original bytes)...

    warc = wget_warc([f"{sample_site}/civic-ledger/"], tmp_path)   # a WARC made by wget

pywb is not a dependency of the project (it pins old redis and werkzeug): install it on its own
(``pipx install pywb``) or in a virtual environment of its own whose bin directory is given in
``TRADEPRESS_PYWB``, as ``.ci/run`` does. Where it is missing the tests that need it skip, or fail
when ``TRADEPRESS_REQUIRE_SERVICES`` is set. What pywb answers is pinned by
``tests/test_webarchive.py``.
"""

from __future__ import annotations

import http.client
import http.server
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import REQUIRE_SERVICES, free_port, system_program

# The bin directory of a virtual environment holding pywb (else its programs are looked up on PATH)
PYWB_ENV = "TRADEPRESS_PYWB"
PYWB_PROGRAMS = ("wayback", "wb-manager")


def pywb_bin() -> Path:
    """The directory holding pywb's ``wayback`` and ``wb-manager``: ``$TRADEPRESS_PYWB``, else
    where ``wayback`` is on PATH. Missing: the test skips with one line saying how to install
    it, or fails when ``TRADEPRESS_REQUIRE_SERVICES`` is set."""
    if configured := os.environ.get(PYWB_ENV):
        folder = Path(configured)
        message = f"{PYWB_ENV}={configured} does not hold pywb's wayback and wb-manager"
    else:
        found = shutil.which("wayback")
        folder = Path(found).parent if found else None
        message = (f"pywb is not installed (pipx install pywb, or set {PYWB_ENV} to the bin "
                   "directory of a virtual environment holding it)")
    if folder and all(os.access(folder / name, os.X_OK) for name in PYWB_PROGRAMS):
        return folder
    if os.environ.get(REQUIRE_SERVICES):
        pytest.fail(f"{message}, and {REQUIRE_SERVICES} is set", pytrace=False)
    pytest.skip(message)


def build_collection(root: Path, name: str, warcs: list[Path]) -> None:
    """A pywb collection ``name`` under ``root`` (``root/collections/NAME``) holding copies of
    ``warcs``, indexed: ``wb-manager init NAME`` then ``wb-manager add NAME WARC...``."""
    manager = str(pywb_bin() / "wb-manager")
    root.mkdir(parents=True, exist_ok=True)
    for args in (["init", name], ["add", name, *map(str, warcs)]):
        result = subprocess.run([manager, *args], cwd=root, capture_output=True, text=True,
                                timeout=120)
        if result.returncode != 0:
            last = (result.stderr.strip().splitlines() or ["no message"])[-1]
            pytest.fail(f"wb-manager {args[0]} {name} failed ({result.returncode}): {last}",
                        pytrace=False)


def _answers(port: int) -> bool:
    """Whether something on 127.0.0.1:PORT answers HTTP."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        conn.request("GET", "/")
        conn.getresponse().read()
        return True
    except OSError:
        return False
    finally:
        conn.close()


@contextmanager
def serve_pywb(root: Path, timeout: float = 30) -> Iterator[str]:
    """Run pywb's ``wayback`` on the collections under ``root``, on 127.0.0.1 and a free port,
    and yield its base URL (``http://127.0.0.1:PORT``, no trailing slash). It runs in a session
    of its own, so that on exit the whole process group is stopped (SIGTERM, then SIGKILL) and
    waited for: nothing of it outlives the test."""
    port = free_port()
    with tempfile.TemporaryFile() as log:    # not a pipe: pywb logs every request to stderr
        process = subprocess.Popen(
            [str(pywb_bin() / "wayback"), "--bind", "127.0.0.1", "--port", str(port)],
            cwd=root, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
        try:
            deadline = time.monotonic() + timeout
            while not _answers(port):
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    output = log.read().decode(errors="replace").strip()
                    state = ("exited with " + str(process.returncode)
                             if process.returncode is not None else f"no answer in {timeout} s")
                    raise AssertionError(f"pywb's wayback did not start ({state}): {output}")
                time.sleep(0.05)
            yield f"http://127.0.0.1:{port}"
        finally:
            _stop_group(process)


def _stop_group(process: subprocess.Popen) -> None:
    """Stop a process started in a session of its own, with everything in its process group."""
    for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            pass
        try:
            process.wait(grace)
            break
        except subprocess.TimeoutExpired:
            continue
    # children left in the group after the leader went (none expected from pywb's gevent server)
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@contextmanager
def serve_ranges(folder: Path) -> Iterator[str]:
    """The files of ``folder`` over HTTP on 127.0.0.1, answering a ``Range: bytes=A-B``
    request with 206 and those bytes, as Common Crawl's data server (and any S3-like store)
    does; yield its base URL. In a thread of this process: nothing outlives the test."""

    class Files(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(folder), **kwargs)

        def do_GET(self):  # noqa: N802 - the standard library's name
            wanted = re.fullmatch(r"bytes=(\d+)-(\d+)", self.headers.get("Range", ""))
            path = Path(self.translate_path(self.path))
            if not wanted or not path.is_file():
                return super().do_GET()
            start, end = map(int, wanted.groups())
            with open(path, "rb") as fh:
                fh.seek(start)
                data = fh.read(end - start + 1)
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{end}/{path.stat().st_size}")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Files)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def wget_warc(urls: list[str], dest: Path, timeout: float = 60,
              proxy: str | None = None) -> Path:
    """Fetch exactly ``urls`` (of a local server) with Debian's ``wget --warc-file``, and return
    the WARC written: ``dest/wget.warc.gz`` (``dest`` is a folder, created if missing). No
    robots.txt, no recursion, no proxy, no wgetrc, one try each; pages answering 4xx/5xx are
    recorded too (wget then exits with 8). The WARC also holds wget's warcinfo, request and
    metadata records. ``proxy``: an HTTP proxy to fetch through (the sample site answers for
    ``sample.tradepress.example`` as one)."""
    program = system_program("wget", package="wget")
    dest.mkdir(parents=True, exist_ok=True)
    stem = dest / "wget"
    through = (["--execute=use_proxy=on", f"--execute=http_proxy={proxy}"] if proxy
               else ["--no-proxy"])
    result = subprocess.run(
        [program, "--no-config", *through, "--quiet", "--output-document=/dev/null",
         "--execute=robots=off", "--tries=1", "--timeout=10", f"--warc-file={stem}",
         "--no-warc-keep-log", *urls],
        cwd=dest, capture_output=True, text=True, timeout=timeout)
    warc = stem.with_name(stem.name + ".warc.gz")
    # 8: "server issued an error response", which is recorded like any other response
    assert result.returncode in (0, 8) and warc.exists(), (
        f"wget --warc-file failed ({result.returncode}): {result.stderr.strip()}")
    return warc
