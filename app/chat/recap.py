"""A chat reply as reviewed-template keys and entry ids, and back: for the no-JavaScript page.

After a form post the page redirects to an address carrying this record (sealed by the web
layer), so Back never asks to resend. The record holds template paths with their filled-in
values (topic labels, filter words, place and service names), entry ids and quick-reply labels;
never the message the person typed. Rebuilding reads the same templates and entries. No Flask.
"""

from __future__ import annotations

import re

from .reply import Escalation, Reply, Resource

NAME = re.compile(r"\{(\w+)\}")


def freeze(reply: Reply, assistant) -> dict | None:
    """The reply as template parts and ids, or None if some text is not from a template."""
    replies = assistant.replies
    message = parts_of(reply.reply, replies)
    resources = _frozen_resources(reply.resources, assistant)
    if message is None or resources is None:
        return None
    view = {"k": reply.kind, "m": message, "r": resources, "q": list(reply.quick_replies),
            "t": list(reply.state.topics), "h": reply.ask_helpful}
    if reply.escalation is not None:
        said = parts_of(reply.escalation.message, replies)
        extras = _frozen_resources(reply.escalation.resources, assistant)
        if said is None or extras is None:
            return None
        view["e"] = [reply.escalation.category, reply.escalation.about, said, extras,
                     reply.escalation.level]
    return view


def thaw(view: dict, state, assistant) -> Reply:
    """The reply a frozen record describes, rebuilt from the templates and the directory."""
    replies = assistant.replies
    resources = _thawed_resources(view.get("r") or [], assistant)
    escalation = None
    if view.get("e"):
        category, about, said, extras, level = view["e"]
        escalation = Escalation(category, about, text_of(said, replies),
                                _thawed_resources(extras, assistant), level)
    return Reply(str(view.get("k") or "signpost"), text_of(view.get("m") or [], replies),
                 tuple(view.get("t") or ()), escalation, resources,
                 tuple(str(q) for q in view.get("q") or ()), state, bool(view.get("h")))


def parts_of(text: str, replies) -> list | None:
    """Split text made of templates joined by spaces into [path, values] pairs; None if not."""
    patterns = _patterns(replies)

    def walk(pos: int) -> list | None:
        if pos >= len(text):
            return []
        for path, pattern, names in patterns:
            match = pattern.match(text, pos)
            if not match:
                continue
            rest = walk(match.end() + 1)
            if rest is not None:
                values = {n: match.group(f"v{i}") for i, n in enumerate(names)}
                return [[path, values], *rest]
        return None

    return walk(0) if text else []


def text_of(parts: list, replies) -> str:
    """The text of [path, values] pairs, filled in from the reviewed templates."""
    return " ".join(replies.text(path, **{k: str(v) for k, v in values.items()})
                    for path, values in parts)


_CACHE: dict[int, tuple] = {}


def _patterns(replies) -> tuple:
    """(path, compiled pattern, placeholder names) per template, longest literal text first."""
    cached = _CACHE.get(id(replies))
    if cached is not None and cached[0] is replies:
        return cached[1]
    out = []
    for path, template in replies.all_templates().items():
        names = NAME.findall(template)
        pieces = NAME.split(template)
        regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<v{i // 2}>.+?)"
                        for i, p in enumerate(pieces))
        out.append((path, re.compile(regex + r"(?= |$)"), names, len(NAME.sub("", template))))
    out.sort(key=lambda item: -item[3])
    patterns = tuple(item[:3] for item in out)
    _CACHE[id(replies)] = (replies, patterns)
    return patterns


def _frozen_resources(resources, assistant) -> list | None:
    out = []
    for r in resources:
        if r.id in assistant.urgent.contacts:  # a 24/7 option: rebuilt whole from its file
            out.append([r.id, []])
            continue
        why = parts_of(r.why, assistant.replies) if r.why else []
        if why is None:
            return None
        out.append([r.id, why])
    return out


def _thawed_resources(frozen: list, assistant) -> tuple[Resource, ...]:
    """Resources by id: the 24/7 options from the reviewed file, the rest from the directory."""
    urgent = assistant.urgent.contacts
    ids = [str(i) for i, _ in frozen if i not in urgent]
    try:
        entries = assistant.fetch(ids) if ids else {}
    except Exception:  # noqa: BLE001 - the directory is down: the 24/7 options still show
        entries = {}
    out = []
    for entry_id, why in frozen:
        if entry_id in urgent:
            out.append(urgent[entry_id])
        elif entry_id in entries:
            out.append(Resource.of(entries[entry_id], text_of(why, assistant.replies)))
    return tuple(out)
