"""The development server `make run` starts: Werkzeug's, logging like production.

Each request is logged as its time, method, path (never the query string: directory searches
are GET ?q=), status and size, with no client address, as gunicorn.conf.py does for
`make serve`. It must not be used in production.
"""

from __future__ import annotations

import argparse
import logging
import re
from urllib.parse import urlsplit

from werkzeug.serving import WSGIRequestHandler, run_simple

QUERY = re.compile(r"\?[^\s'\"]*")
log = logging.getLogger("werkzeug")  # run_simple gives it a handler, as for `flask run`


class PathOnlyHandler(WSGIRequestHandler):
    """Werkzeug's request handler without addresses or query strings in its log lines."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """One line per request: method, path alone, status, size."""
        path = urlsplit(getattr(self, "path", "") or "").path or "-"
        self.log("info", '"%s %s" %s %s', getattr(self, "command", "-"), path, code, size)

    def log(self, type: str, message: str, *args) -> None:  # noqa: A002 - Werkzeug's name
        """Like Werkzeug's, without the client address; errors lose any query string."""
        text = QUERY.sub("", message % args if args else message)
        log.log(logging.ERROR if type == "error" else logging.INFO,
                "[%s] %s", self.log_date_time_string(), text)


def main(argv: list[str] | None = None) -> None:
    """Serve the app on 127.0.0.1 until stopped."""
    parser = argparse.ArgumentParser(description="Run Signpost's development server.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    args = parser.parse_args(argv)
    from app import create_app

    run_simple(args.host, args.port, create_app(), threaded=True,
               request_handler=PathOnlyHandler)


if __name__ == "__main__":
    main()
