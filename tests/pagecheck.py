"""Invariants every HTML page must keep, checked by `check_page(html)`.

A <title>, one <h1>, lang, the "Get help now" link, the Quick exit control, a main landmark;
no inline scripts or styles, nothing loaded from another origin, unique ids, a label for
every visible form control, and no nested forms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

QUICK_EXIT_URL = "https://www.bbc.co.uk/weather"
LABELLED = {"input", "select", "textarea"}
UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


@dataclass
class Page:
    lang: str | None = None
    title: str = ""
    h1: list[str] = field(default_factory=list)
    links: list[tuple[str, str, dict]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    label_for: set[str] = field(default_factory=set)
    controls: list[dict] = field(default_factory=list)
    inline_scripts: int = 0
    inline_styles: int = 0
    loaded: list[str] = field(default_factory=list)
    mains: int = 0
    nested_forms: int = 0
    text: str = ""
    description: str | None = None

    def link_texts(self, href: str) -> list[str]:
        """The text of every link to exactly this href."""
        return [text for h, text, _ in self.links if h == href]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._stack: list[str] = []
        self._link: dict | None = None
        self._forms = 0
        self._texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        self._record_resources(tag, a)
        self._record_structure(tag, a)
        if tag == "a":
            self._link = {"href": a.get("href", ""), "attrs": a, "text": []}
        if tag not in ("meta", "link", "input", "br", "img", "hr"):
            self._stack.append(tag)

    def _record_resources(self, tag, a):
        p = self.page
        p.inline_styles += ("style" in a) + (tag == "style")
        if tag == "script" and not a.get("src"):
            p.inline_scripts += 1
        if tag in ("script", "img", "iframe") and a.get("src"):
            p.loaded.append(a["src"])
        if tag == "link" and a.get("href"):
            p.loaded.append(a["href"])
        if tag == "meta" and a.get("name") == "description":
            p.description = a.get("content", "")

    def _record_structure(self, tag, a):
        p = self.page
        if tag == "html":
            p.lang = a.get("lang")
        if "id" in a:
            p.ids.append(a["id"])
        p.mains += tag == "main"
        if tag == "h1":
            p.h1.append("")
        if tag == "form":
            p.nested_forms += self._forms > 0
            self._forms += 1
        if tag == "label" and a.get("for"):
            p.label_for.add(a["for"])
        if tag in LABELLED and a.get("type", "text") not in UNLABELLED_TYPES:
            p.controls.append(a)

    def handle_endtag(self, tag):
        if tag == "form":
            self._forms -= 1
        if tag == "a" and self._link is not None:
            text = " ".join("".join(self._link["text"]).split())
            self.page.links.append((self._link["href"], text, self._link["attrs"]))
            self._link = None
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass

    def handle_data(self, data):
        if "title" in self._stack and "svg" not in self._stack:
            self.page.title += data
        if "h1" in self._stack:
            self.page.h1[-1] += data
        if self._link is not None:
            self._link["text"].append(data)
        if "script" not in self._stack and "style" not in self._stack:
            self._texts.append(data)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in self._stack:
            self._stack.remove(tag)


def parse(html: str) -> Page:
    """What check_page looks at, for tests that want more."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    page = parser.page
    page.title = " ".join(page.title.split())
    page.h1 = [" ".join(h.split()) for h in page.h1]
    page.text = " ".join(" ".join(parser._texts).split())
    return page


def check_page(html: str) -> Page:
    """Assert the invariants every page keeps; returns the parsed page."""
    page = parse(html)
    assert page.lang == "en-GB", f"<html lang> is {page.lang!r}"
    assert page.title.strip(), "the page has no <title>"
    assert page.description and len(page.description) > 20, "no meta description"
    assert len(page.h1) == 1 and page.h1[0], f"expected one <h1> with text, found {page.h1}"
    assert page.mains == 1, "expected one <main>"
    assert "Get help now" in page.link_texts("/help-now"), "no 'Get help now' link to /help-now"
    exits = [attrs for href, _, attrs in page.links
             if href == QUICK_EXIT_URL and "data-quick-exit" in attrs]
    assert exits, "no quick-exit control"
    assert any("Quick exit" in text for href, text, _ in page.links if href == QUICK_EXIT_URL)
    assert page.inline_scripts == 0, "inline <script> found (a strict CSP will block it)"
    assert page.inline_styles == 0, "inline style found (a strict CSP will block it)"
    outside = [u for u in page.loaded if u.startswith(("http:", "https:", "//"))]
    assert not outside, f"loads from another origin: {outside}"
    dupes = sorted({i for i in page.ids if page.ids.count(i) > 1})
    assert not dupes, f"duplicate ids: {dupes}"
    unlabelled = [c.get("name") or c.get("id") for c in page.controls
                  if c.get("id") not in page.label_for and "aria-label" not in c]
    assert not unlabelled, f"form controls without a label: {unlabelled}"
    assert page.nested_forms == 0, "a form is nested inside another form"
    return page
