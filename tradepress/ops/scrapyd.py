"""A small client of Scrapyd's JSON API (https://scrapyd.readthedocs.io/en/latest/api.html).

``tradepress scheduler --scrapyd URL`` hands due crawls to a Scrapyd server with
:func:`schedule` and follows them with :func:`job_state`. Standard library only.

Which project name to give: a Scrapyd started in the repository root (the folder of
``scrapy.cfg``) serves each name of that file's ``[settings]`` section as a project, so this
checkout is the project ``"default"`` without deploying anything. After ``scrapyd-deploy``
(target ``[deploy]`` in ``scrapy.cfg``) the project is ``"tradepress"``.

The URL may carry credentials (``http://user:secret@host:6800/``) for a Scrapyd that has
``username``/``password`` set; they are sent as HTTP basic auth and never shown in errors.
Every failure is a :class:`ScrapydError` whose message is one line:
``scrapyd at URL: <what went wrong>``.
"""

from __future__ import annotations

import base64
import http.client
import json
import socket
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import unquote, urlencode, urlsplit, urlunsplit
from urllib.request import Request, urlopen

SPIDER = "opinion"
# Form fields that Scrapyd's schedule.json consumes itself: they cannot be spider arguments.
RESERVED_ARGS = frozenset({"project", "spider", "jobid", "priority", "setting", "_version"})
JOB_STATES = ("pending", "running", "finished")
MAX_MESSAGE = 300


class ScrapydError(Exception):
    """A Scrapyd server could not be reached or refused a request; ``str()`` is one line."""

    def __init__(self, url: str, problem: str):
        self.url = url
        self.problem = problem
        super().__init__(f"scrapyd at {url}: {problem}")


def schedule(url: str, *, project: str, site: str, settings: dict[str, str] | None = None,
             args: dict[str, str] | None = None, timeout: float = 10) -> str:
    """POST schedule.json (spider "opinion", spider arg site=..., each setting as
    setting=NAME=VALUE, extra spider args) and return the job id.

    Scrapyd runs ``scrapy list`` for a project the first time it is asked to schedule one of
    its spiders, which can take a few seconds: give a generous ``timeout`` for a fresh server.
    """
    args = dict(args or {})
    clash = sorted((RESERVED_ARGS | {"site"}) & set(args))
    if clash:
        raise ValueError(f"spider arguments {', '.join(clash)} cannot be passed to scrapyd")
    fields: list[tuple[str, str]] = [("project", project), ("spider", SPIDER), ("site", site)]
    for name, value in (settings or {}).items():
        if not name or "=" in name:
            raise ValueError(f"invalid Scrapy setting name {name!r}")
        fields.append(("setting", f"{name}={value}"))
    fields.extend((name, str(value)) for name, value in args.items())
    reply = _call(url, "schedule.json", form=fields, timeout=timeout)
    job_id = reply.get("jobid")
    if not isinstance(job_id, str) or not job_id:
        raise ScrapydError(_shown(url), "schedule.json answered without a job id")
    return job_id


def job_state(url: str, project: str, job_id: str, timeout: float = 10) -> str | None:
    """'pending', 'running', 'finished' or None if unknown (listjobs.json).

    Scrapyd keeps only its last ``finished_to_keep`` finished jobs (100 by default) and forgets
    all of them when it restarts, so None may also mean "finished long ago".
    """
    reply = _call(url, "listjobs.json", query={"project": project}, timeout=timeout)
    for state in JOB_STATES:
        jobs = reply.get(state) or []
        if any(isinstance(job, dict) and job.get("id") == job_id for job in jobs):
            return state
    return None


def daemon_status(url: str, timeout: float = 5) -> dict:
    """daemonstatus.json: ``{"status": "ok", "pending": N, "running": N, "finished": N,
    "node_name": ...}``."""
    return _call(url, "daemonstatus.json", timeout=timeout)


# -- plumbing -----------------------------------------------------------------------------------


def _shown(url: str) -> str:
    """The URL without credentials, for messages."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.username is None and parts.password is None:
        return url
    netloc = parts.hostname or ""
    if ":" in netloc:  # IPv6 literal
        netloc = f"[{netloc}]"
    if parts.port is not None:
        netloc = f"{netloc}:{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))


def _one_line(text: object) -> str:
    """The last non-blank line of a (possibly multi-line, e.g. traceback) message, shortened."""
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    line = lines[-1] if lines else "(no message)"
    return line if len(line) <= MAX_MESSAGE else line[: MAX_MESSAGE - 3] + "..."


def _call(url: str, endpoint: str, *, query: dict[str, str] | None = None,
          form: list[tuple[str, str]] | None = None, timeout: float) -> dict[str, Any]:
    shown = _shown(url)

    def fail(problem: str) -> ScrapydError:
        return ScrapydError(shown, problem)

    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError for a bad port
    except ValueError as e:
        raise fail(f"not a valid URL ({e})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise fail("not an http:// or https:// URL")
    netloc = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    if port is not None:
        netloc = f"{netloc}:{port}"
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    target = urlunsplit((parts.scheme, netloc, path + endpoint,
                         urlencode(query) if query else "", ""))

    headers = {"Accept": "application/json"}
    if parts.username is not None or parts.password is not None:
        userpass = f"{unquote(parts.username or '')}:{unquote(parts.password or '')}"
        headers["Authorization"] = "Basic " + base64.b64encode(userpass.encode()).decode()
    data = None
    if form is not None:
        data = urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    request = Request(target, data=data, headers=headers, method="POST" if form is not None
                      else "GET")

    try:
        with urlopen(request, timeout=timeout) as response:
            body = response.read()
    except HTTPError as e:
        message = _error_message(e)
        problem = f"{endpoint} failed with HTTP {e.code} {e.reason}"
        if e.code == 401:
            problem += " (wrong or missing username/password in the URL)"
        raise fail(f"{problem}: {message}" if message else problem) from None
    except URLError as e:
        reason = e.reason
        if isinstance(reason, ConnectionRefusedError):
            raise fail("connection refused (is scrapyd running?)") from None
        if isinstance(reason, TimeoutError):
            raise fail(f"no answer within {timeout:g} s") from None
        if isinstance(reason, socket.gaierror):
            raise fail(f"unknown host {parts.hostname!r}") from None
        raise fail(_one_line(getattr(reason, "strerror", None) or reason)) from None
    except TimeoutError:
        raise fail(f"no answer within {timeout:g} s") from None
    except http.client.HTTPException as e:
        raise fail(f"not an HTTP answer ({type(e).__name__})") from None
    except OSError as e:
        raise fail(_one_line(e.strerror or e)) from None

    try:
        reply = json.loads(body)
    except ValueError:
        raise fail(f"{endpoint} did not answer JSON (is this a Scrapyd server?)") from None
    if not isinstance(reply, dict):
        raise fail(f"{endpoint} did not answer a JSON object")
    status = reply.get("status")
    if status == "error":
        raise fail(_one_line(reply.get("message") or "error without a message"))
    if status != "ok":
        raise fail(f"{endpoint} answered status {status!r}")
    return reply


def _error_message(error: HTTPError) -> str:
    """Scrapyd's own message from an HTTP error reply, if it sent JSON with one."""
    try:
        reply = json.loads(error.read())
    except (ValueError, OSError, http.client.HTTPException):
        return ""
    if isinstance(reply, dict) and reply.get("message"):
        return _one_line(reply["message"])
    return ""
