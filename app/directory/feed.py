"""Reading an Open Referral UK API: every service, page by page, within fixed limits.

Owns paging through `/services` (the ORUK 3.0 `page`/`per_page` parameters and paged shape),
fetching a service's full record when the listing carries only its summary, and telling a
broken or hostile feed from a working one. It returns plain service objects and writes nothing.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

from .fetch import DEFAULT_LIMITS, FetchError, Limits, get

PURPOSE = "openreferral-sync"
PER_PAGE = 100
MAX_PAGES = 1000
MAX_SERVICES = 50_000
# Any of these in a listed service means the listing carries full records.
DETAIL_KEYS = ("attributes", "schedules", "service_areas", "phones", "cost_options", "languages")

Progress = Callable[[str], None]


class FeedError(Exception):
    """The feed cannot be used; the message says why in plain words. Nothing was changed."""


@dataclass(frozen=True)
class Feed:
    url: str                 # the /services address read
    services: tuple[dict, ...]
    pages: int
    details_fetched: int


def services_url(url: str) -> str:
    """The `/services` address of an API given by its base or its services address."""
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FeedError(f"'{url}' is not a web address starting http:// or https://")
    path = parts.path.rstrip("/")
    if not path.endswith("/services"):
        path += "/services"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def read_feed(url: str, *, limits: Limits = DEFAULT_LIMITS, per_page: int = PER_PAGE,
              max_pages: int = MAX_PAGES, max_services: int = MAX_SERVICES,
              progress: Progress | None = None) -> Feed:
    """Every service the feed lists, with full records; FeedError if the feed is unusable."""
    base = services_url(url)
    services: dict[str, dict] = {}
    page_number = 0
    while True:
        page_number += 1
        if page_number > max_pages:
            raise FeedError(f"The feed has more than {max_pages} pages: stopped, nothing changed.")
        data = _json(f"{base}?page={page_number}&per_page={per_page}", limits)
        items, last = _page(data, page_number)
        new = 0
        for item in items:
            sid = item["id"]
            if sid not in services:
                new += 1
            services[sid] = item
        if len(services) > max_services:
            raise FeedError(f"The feed lists more than {max_services:,} services: stopped.")
        if progress:
            progress(f"page {page_number}: {len(items)} services ({len(services):,} so far)")
        if last or not items or new == 0:
            break  # new == 0: a feed that ignores `page` sends the same page again
    details = 0
    for sid, item in services.items():
        if not any(key in item for key in DETAIL_KEYS):
            full = _json(f"{base}/{urllib.parse.quote(sid, safe='')}", limits)
            if not isinstance(full, dict) or full.get("id") != sid:
                raise FeedError(f"The feed's record for service {sid} is not that service.")
            services[sid] = full
            details += 1
            if progress and details % 100 == 0:
                progress(f"full records: {details:,}")
    return Feed(base, tuple(services.values()), page_number, details)


def _json(url: str, limits: Limits):
    """One JSON document from the feed, or FeedError saying what came back instead."""
    try:
        response = get(url, purpose=PURPOSE, limits=limits, accept="application/json")
    except FetchError as exc:
        raise FeedError(f"The feed could not be read: {exc}.") from exc
    if response.status != 200:
        raise FeedError(f"The feed answered {url} with HTTP {response.status}, not the services.")
    head = response.body.lstrip()[:1]
    if "html" in response.content_type.lower() or head == b"<":
        raise FeedError(f"The feed sent a web page, not JSON, for {url}. Check the address.")
    try:
        return json.loads(response.body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FeedError(f"The feed sent something that is not valid JSON for {url}: {exc}.") from exc


def _page(data, number: int) -> tuple[list[dict], bool]:
    """A page's services and whether it is the last; tolerant of what real feeds leave out."""
    if isinstance(data, list):
        return _services(data, number), True   # a plain list: the whole feed at once
    if not isinstance(data, dict) or not isinstance(data.get("contents"), list):
        raise FeedError(f"Page {number} of the feed is not an Open Referral UK page of services "
                        "(no 'contents' list).")
    items = _services(data["contents"], number)
    if data.get("last_page") is True:
        return items, True
    pages = data.get("total_pages")
    if isinstance(pages, int) and not isinstance(pages, bool):
        return items, number >= pages
    if pages is not None and not isinstance(pages, str | float):
        raise FeedError(f"Page {number} of the feed has a total_pages that is not a number.")
    # No usable totals (servers may also cap per_page): read on until an empty or repeated page.
    return items, False


def _services(items: list, number: int) -> list[dict]:
    found = []
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise FeedError(f"Item {i} on page {number} of the feed is not a service object.")
        sid = item.get("id")
        if not isinstance(sid, str) or not sid.strip():
            raise FeedError(f"Item {i} on page {number} of the feed has no service id.")
        found.append(item)
    return found
