"""Bounded HTTP GETs with the standard library: timeouts, a size cap, retries with backoff.

Owns the one way Signpost reads other people's web pages and feeds (Open Referral UK syncs,
source checks). Every request names the project in its User-Agent. It never writes anything;
callers decide what a status or an error means.
"""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

USER_AGENT = "Signpost-{purpose}/1.0 (+see the Signpost project README)"
RETRY_STATUSES = {429, 500, 502, 503, 504}
CHUNK = 64 * 1024


class FetchError(Exception):
    """A request that gave no usable answer; `kind` is timeout, dns, connection or too-big."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Response:
    url: str            # asked for
    final_url: str      # after redirects
    status: int
    content_type: str
    body: bytes


@dataclass(frozen=True)
class Limits:
    timeout: float = 10.0          # seconds for each connect or read, and for the whole body
    max_bytes: int = 10 * 1024 * 1024
    retries: int = 2               # further tries after a timeout, a dropped connection or a 5xx
    backoff: float = 1.0           # seconds before the first retry, doubled each time


DEFAULT_LIMITS = Limits()


def get(url: str, *, purpose: str, limits: Limits = DEFAULT_LIMITS, accept: str = "*/*") -> Response:
    """GET a URL, following redirects; 4xx and 5xx come back as responses (5xx after retries)."""
    if not url.startswith(("http://", "https://")):
        raise FetchError(f"{url} is not a web address starting http:// or https://", "bad-url")
    attempt = 0
    while True:
        try:
            response = _once(url, purpose, limits, accept)
        except FetchError as exc:
            if exc.kind not in ("timeout", "connection") or attempt >= limits.retries:
                raise
        else:
            if response.status not in RETRY_STATUSES or attempt >= limits.retries:
                return response
        time.sleep(limits.backoff * 2 ** attempt)
        attempt += 1


def _once(url: str, purpose: str, limits: Limits, accept: str) -> Response:
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked in get()
        url, headers={"User-Agent": USER_AGENT.format(purpose=purpose), "Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=limits.timeout) as reply:  # noqa: S310
            body = _read(reply, limits)
            return Response(url, reply.geturl(), reply.status,
                            reply.headers.get("Content-Type", ""), body)
    except urllib.error.HTTPError as exc:
        with exc:
            body = _read(exc, limits) if exc.fp else b""
        return Response(url, exc.geturl() or url, exc.code,
                        exc.headers.get("Content-Type", "") if exc.headers else "", body)
    except urllib.error.URLError as exc:
        raise _as_error(url, exc.reason) from exc
    except TimeoutError as exc:
        raise FetchError(f"{url} did not answer within {limits.timeout:g} seconds", "timeout") from exc
    except (ConnectionError, OSError) as exc:
        raise FetchError(f"{url} could not be reached: {exc}", "connection") from exc


def _read(reply, limits: Limits) -> bytes:
    """The body, refusing anything over the size cap or slower than the timeout in total."""
    length = reply.headers.get("Content-Length") if reply.headers else None
    if length and length.isdigit() and int(length) > limits.max_bytes:
        raise FetchError(f"the answer is {int(length):,} bytes, over the limit of "
                         f"{limits.max_bytes:,}", "too-big")
    deadline = time.monotonic() + limits.timeout
    parts, size = [], 0
    while chunk := reply.read(CHUNK):
        size += len(chunk)
        if size > limits.max_bytes:
            raise FetchError(f"the answer is over the limit of {limits.max_bytes:,} bytes", "too-big")
        if time.monotonic() > deadline:
            raise FetchError(f"the answer took more than {limits.timeout:g} seconds to arrive",
                             "timeout")
        parts.append(chunk)
    return b"".join(parts)


def _as_error(url: str, reason) -> FetchError:
    if isinstance(reason, socket.gaierror):
        return FetchError(f"{url}: the site's name was not found", "dns")
    if isinstance(reason, TimeoutError):
        return FetchError(f"{url} did not answer in time", "timeout")
    return FetchError(f"{url} could not be reached: {reason}", "connection")
