"""Composing a signposting reply from reviewed templates: say the intro once, then keep it short.

Owns the words around the offered services: the intro (once per conversation), the filters
used, the honest line for a place with no local entries, the routes for staff and parents, the
fallbacks when nothing fits (app.chat.nextstep), and the quick replies. It never quotes what
the person typed. Pure: no Flask.
"""

from __future__ import annotations

import re

from . import nextstep
from .ranking import RISK_TOPICS
from .reply import Reply, Resource

CONTACT_BUTTONS = {"I want to text": ("contact", "text"), "I want to chat online": ("contact", "web-chat"),
                   "Not on the phone": ("avoid", "phone")}


def signpost(resources, concerns, state, change, assistant, new_topics, *, adult: bool,
             now=None) -> Reply:
    """The reply for a turn that searched: services with an intro, or a next step if none."""
    replies = assistant.replies
    if not resources:
        return dead_end(state, change, assistant, new_topics, now=now)
    parts, state = intro(concerns, state, change, assistant)
    if change.place:
        parts.append(replies.text("next.no_local", place=change.place))
    helped_before = "adults" in state.said
    if adult or (helped_before and (change.area or change.postcode)):
        # Staff and parents: how to reach more help, said once; local routes once we know where.
        found = nextstep.routes(assistant, state, exclude={r.id for r in resources}, now=now)
        if not helped_before:
            parts.append(replies.text("next.adults"))
        why = replies.text("next.route_why")
        resources = (*resources, *(Resource.of(e, why) for e in found))
        state = _seen(state, resources).with_(said=tuple(dict.fromkeys((*state.said, "adults"))))
    return Reply("signpost", " ".join(parts), new_topics, None, tuple(resources),
                 buttons(resources, state, assistant), state, True)


def named_only(resources, state, assistant) -> Reply:
    """The services a message asked about by name, when it named no worry ("what is CAMHS")."""
    state = _seen(state, resources)
    key = "signpost.named_one" if len(resources) == 1 else "signpost.named_many"
    return Reply("signpost", assistant.replies.text(key), (), None, tuple(resources),
                 buttons(resources, state, assistant), state, True)


def intro(concerns, state, change, assistant) -> tuple[list[str], object]:
    """The opening words: in full the first time, a short line after that."""
    replies = assistant.replies
    first = "intro" not in state.said
    labels = nextstep.join([c.label.lower() for c in concerns])
    if concerns:
        parts = [replies.text("signpost.intro" if first else "signpost.intro_again", topics=labels)]
    elif not change.more and state.topics:
        parts = [replies.text("signpost.intro_again", topics=topic_labels(state.topics, assistant))]
    else:
        parts = [replies.text("signpost.intro_more" if first else "signpost.intro_more_again")]
    refined = bool(change.age is not None or change.postcode or change.area or change.contact
                   or change.avoid)
    described = describe_filters(state, replies)
    if described and (refined or first):
        parts.append(replies.text("signpost.narrowed", filters=described))
    said = {"intro"}
    if "narrow" not in state.said and (state.age is None or not (state.contact or state.avoid)):
        parts.append(replies.text("signpost.narrow"))
        said.add("narrow")
    return parts, state.with_(said=tuple(dict.fromkeys((*state.said, *sorted(said)))))


def dead_end(state, change, assistant, new_topics, *, now=None) -> Reply:
    """Nothing left for their topics: say why, and offer services that work anywhere instead."""
    replies = assistant.replies
    labels = topic_labels(state.topics, assistant)
    culprit = None if change.more else nextstep.emptied_by(assistant, state, state.topics, now=now)
    everyday = not (RISK_TOPICS & set(state.topics))
    # A refinement is a fresh list: what was shown before may be shown again; "more" never repeats.
    shown = set(state.shown) if change.more else set()
    offered = nextstep.fallback(assistant, state, exclude=shown, now=now, everyday=everyday)
    if culprit == "contact" and offered:
        ways = nextstep.join([nextstep.ways(m, replies) for m in state.contact], "or")
        message = replies.text("next.by_contact_none", topics=labels, ways=ways)
    elif culprit == "age" and offered:
        # An age is a fact, not a choice to drop: offer general services that fit it.
        message = replies.text("next.by_age_none", topics=labels, age=state.age)
    elif culprit:
        message = replies.text("next.emptied", topics=labels,
                               filter=nextstep.describe_filter(culprit, state, replies))
        offered = []
    elif offered:
        message = replies.text("next.no_more", topics=labels)
    else:
        message = replies.text("next.no_more_none", topics=labels)
    if change.place:
        message = replies.text("next.no_local_brief", place=change.place) + " " + message
    why = replies.text("signpost.why_general")
    resources = tuple(Resource.of(e, why) for e in offered)
    state = _seen(state.with_(said=tuple(dict.fromkeys((*state.said, "intro")))), resources)
    return Reply("signpost", message, new_topics, None, resources,
                 buttons(resources, state, assistant, emptied=bool(culprit)), state, bool(resources))


def by_contact(state, assistant, *, now=None) -> Reply:
    """'I want to text' with no worry named yet: services you can reach that way, about anything."""
    replies = assistant.replies
    offered = nextstep.fallback(assistant, state, now=now)
    if not offered:
        return Reply("refined", replies.text("refined") + " " + replies.text("unclear"), (), None,
                     (), topic_buttons(assistant), state)
    ways = nextstep.join([nextstep.ways(m, replies) for m in state.contact], "or")
    why = replies.text("signpost.why_general")
    resources = tuple(Resource.of(e, why) for e in offered)
    return Reply("signpost", replies.text("next.by_contact", ways=ways), (), None, resources,
                 buttons(resources, state, assistant), _seen(state, resources), True)


def information(state, assistant, *, topics=(), now=None) -> Reply | None:
    """A lesson, project, poster or training about a risk topic: the services that specialise in
    it (else general ones), with good information, not a dead end. It names no risk topic,
    because only an escalation may (issue 8)."""
    offered = (nextstep.specialists(assistant, state, topics, now=now)
               or nextstep.fallback(assistant, state, now=now, everyday=True))
    if not offered:
        return None
    replies = assistant.replies
    why = replies.text("signpost.why_general")
    resources = tuple(Resource.of(e, why) for e in offered)
    return Reply("signpost", replies.text("next.information"), (), None, resources,
                 buttons(resources, state, assistant), _seen(state, resources), True)


def no_topics(kind: str, state, change, assistant) -> Reply:
    """A turn with no worry named: a place with no local entries, 'something else', or the rest."""
    replies = assistant.replies
    if change.other:
        return Reply("other", replies.text("next.other"), (), None, (), topic_buttons(assistant), state)
    if change.place:
        return Reply("refined", replies.text("next.no_local_ask", place=change.place), (), None, (),
                     topic_buttons(assistant), state)
    messages = {"refined": replies.text("refined") + " " + replies.text("unclear"),
                "greeting": replies.text("greeting_reply"), "off-topic": replies.text("off_topic"),
                "unclear": replies.text("unclear")}
    return Reply(kind, messages[kind], (), None, (), topic_buttons(assistant), state)


def buttons(resources, state, assistant, *, emptied: bool = False) -> tuple[str, ...]:
    """Quick replies after services: ways to narrow not yet chosen, more, drop, start again."""
    quick = assistant.replies.data["quick_replies"]
    chosen = {"contact": state.contact, "avoid": state.avoid}
    narrow = [b for b in quick["narrow"]
              if not (b in CONTACT_BUTTONS and CONTACT_BUTTONS[b][1] in chosen[CONTACT_BUTTONS[b][0]])]
    out = narrow if resources else []
    if emptied or (not resources and (state.contact or state.avoid or state.area or state.postcode)):
        out = [quick["drop"], *out]
    more = [quick["more"]] if resources else [quick["not_helped"][2]]
    return tuple([*out, *more, quick["restart"]])


def topic_buttons(assistant) -> tuple[str, ...]:
    """One quick reply per topic that has one."""
    return tuple(t.quick_reply for t in assistant.taxonomy.topics if getattr(t, "quick_reply", None))


def topic_labels(topics, assistant) -> str:
    """Topic slugs as their labels, joined in plain words."""
    found = [assistant.taxonomy.by_slug(t) for t in topics]
    return nextstep.join([t.label.lower() for t in found if t is not None])


def describe_filters(state, replies) -> str:
    """Every filter in use, in plain words."""
    bits = []
    if state.age is not None:
        bits.append(f"age {state.age}")
    if state.postcode:
        bits.append(f"postcode {state.postcode}")
    if state.area:
        bits.append(state.area)
    if state.contact:
        ways = [nextstep.ways(m, replies) for m in state.contact]
        bits.append("places you can " + nextstep.join(ways, "or"))
    if state.avoid:
        bits.append("not by " + nextstep.join([m.replace("-", " ") for m in state.avoid]))
    return nextstep.join(bits)


def _seen(state, resources):
    return state.with_(shown=tuple(dict.fromkeys((*state.shown, *(r.id for r in resources)))))


def clean_words(normalised: str) -> str:
    """Letters and spaces only, for matching greetings and off-topic words."""
    return re.sub(r"[^a-z ]+", " ", normalised).strip()
