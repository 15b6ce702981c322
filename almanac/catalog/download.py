"""Downloading GCAT's files over HTTP(S) with urllib: a timeout, a conditional request
(ETag / Last-Modified), a size limit, and a check that every byte the server announced came.

Nothing here writes a file: the bytes are returned whole, to be checked before anything is
installed (almanac.catalog.install).
"""

from __future__ import annotations

import http.client
import socket
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from almanac.catalog.store import MAX_FILE_BYTES
from almanac.errors import DatasetError

DEFAULT_TIMEOUT = 30.0  # seconds without a byte before giving up
_CHUNK = 64 * 1024

Progress = Callable[[int, int | None], None]  # (bytes so far, total if announced)


class DownloadError(DatasetError):
    """A download that failed: nothing was installed."""


@dataclass
class Fetched:
    """A response: the body (None when the server said 304 Not Modified) and its validators."""

    url: str
    body: bytes | None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def unchanged(self) -> bool:
        return self.body is None


def fetch(url: str, *, etag: str | None = None, last_modified: str | None = None,
          timeout: float = DEFAULT_TIMEOUT, progress: Progress | None = None) -> Fetched:
    """GET a URL; with etag/last_modified, a conditional GET that may return no body (304)."""
    from almanac import __version__

    if not url.lower().startswith(("http://", "https://")):
        raise DownloadError(f"{url}: not an http(s) URL")
    request = urllib.request.Request(  # noqa: S310 - http(s) only, checked above
        url, headers={"User-Agent": f"almanac/{__version__}"})
    if etag:
        request.add_header("If-None-Match", etag)
    if last_modified:
        request.add_header("If-Modified-Since", last_modified)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only, checked above
            headers = response.headers
            body = _read_body(url, response, progress)
            return Fetched(url, body, headers.get("ETag"), headers.get("Last-Modified"))
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Fetched(url, None, etag, last_modified)
        raise DownloadError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise DownloadError(f"{url}: no answer within {timeout:g} seconds") from None
        raise DownloadError(f"{url}: cannot connect: {getattr(reason, 'strerror', None) or reason}") from None
    except TimeoutError:
        raise DownloadError(f"{url}: the server stopped sending for {timeout:g} seconds") from None
    except http.client.IncompleteRead as exc:
        raise DownloadError(f"{url}: the connection closed after {len(exc.partial)} bytes, "
                            "before the end of the file") from None
    except (http.client.HTTPException, ConnectionError, OSError) as exc:
        raise DownloadError(f"{url}: the download failed: {exc.__class__.__name__}"
                            f"{': ' + str(exc) if str(exc) else ''}") from None


def _read_body(url: str, response: http.client.HTTPResponse, progress: Progress | None) -> bytes:
    length = response.headers.get("Content-Length")
    total = int(length) if length and length.isdigit() else None
    if total is not None and total > MAX_FILE_BYTES:
        raise DownloadError(f"{url}: {total} bytes is more than a GCAT file ({MAX_FILE_BYTES} at most)")
    pieces: list[bytes] = []
    received = 0
    while piece := response.read(_CHUNK):
        pieces.append(piece)
        received += len(piece)
        if received > MAX_FILE_BYTES:
            raise DownloadError(f"{url}: more than {MAX_FILE_BYTES} bytes: not a GCAT file")
        if progress is not None:
            progress(received, total)
    if total is not None and received != total:
        raise DownloadError(f"{url}: the connection closed after {received} of {total} bytes")
    return b"".join(pieces)
