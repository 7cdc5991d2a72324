"""Escalation: the urgent block or check-in question that comes first in a reply.

Owns choosing the reviewed escalation text for the most urgent match (about the writer or
someone else, staff, bereaved by suicide, still urgent from an earlier turn), the 24/7 options
and specialist entries shown with it, and the state it leaves behind. Pure: no Flask, no storage.
"""

from __future__ import annotations

import re

from app.chat import checkin, risk
from app.chat.reply import NO_ANSWER, Escalation, Reply, Resource
from app.chat.state import State

BEREAVED = "bereaved-by-suicide"  # a rule whose reply speaks to grief, not present danger
STAFF = re.compile(r"\b(pupil|pupils|student|students|my class|year \d+ (boy|girl|pupil|student)|"
                   r"safeguarding|as a teacher|i am a teacher|i'm a teacher|im a teacher|"
                   r"teaching assistant|form tutor|my tutor group|our year \d+s?|one of our year \d+s?|"
                   r"(?:senco|dsl|nqt|ect|head of year|pastoral lead|youth worker|school nurse) here)\b|"
                   # A message that opens with the writer's school or youth-work role: "SENCO here",
                   # "Head of Year 9 -", "College pastoral tutor:", "Youth worker:".
                   r"^(?!my |our |his |her )(?:i am |im )?(?:a |an |the )?(?:\w+ ){0,2}?"
                   r"(?:teacher|ta|tutor|dsl|head of year|school nurse|youth worker|senco|nqt|ect|pastoral|"
                   r"pshe lead|family support worker|librarian|lunchtime supervisor|midday supervisor|"
                   r"dinner lady|attendance officer|counsellor|designated teacher|scout leader|guide leader|"
                   r"learning mentor|headteacher|head teacher|deputy head|lecturer|support worker|"
                   r"key worker|learning coach)\b|"
                   # "I run a youth club", "I help out at a Brownies group".
                   r"^(?:i|we) (?:run|lead|help (?:out )?(?:at|with)) (?:a|an|the|our) (?:\w+ )?"
                   r"(?:youth club|club|group|unit|pack|troop)\b")


def is_immediate(escalation: Escalation | None) -> bool:
    """Whether an urgent immediate-danger block is already shown."""
    return bool(escalation and escalation.level == "urgent"
                and escalation.category == "immediate-danger")


def answered(said: str, state: State, reply: Reply, assistant) -> Reply:
    """The reply to a yes or no after a check-in question."""
    replies = assistant.replies
    kept = reply.state.with_(topics=state.topics, shown=state.shown)
    text = replies.text(f"escalation.checkin.answered_{'no' if said == 'no' else 'yes'}")
    quick = assistant.replies.data["quick_replies"]
    return Reply("checked-in", text, (), None, (), (quick["more"], quick["restart"]), kept)


def attach(reply: Reply, escalation: Escalation, assistant) -> Reply:
    """Put the escalation first, remember it, and ask the check-in question's quick replies."""
    state = reply.state.with_(escalated=tuple(dict.fromkeys((*reply.state.escalated, escalation.category))))
    quick = reply.quick_replies
    if escalation.level == "check-in":
        state = state.with_(checkin=(escalation.category, escalation.about))
        quick = (*assistant.replies.data["checkin_answers"], *quick)
    elif escalation.category == "immediate-danger" and reply.kind != "restart":
        state = state.with_(urgent=escalation.about)
    text = reply.reply
    if reply.kind in NO_ANSWER and not reply.resources:
        # "I am not sure I understood" after an urgent reply or a check-in reads as if the
        # person had not been heard: invite them to say more instead.
        text = assistant.replies.text("escalation.tell_more")
    return Reply("escalation", text, reply.topics, escalation, reply.resources,
                 quick, state, reply.ask_helpful)


def escalation(matches, text: str, understanding,
                assistant) -> Escalation | None:
    top = risk.primary(matches)
    if top is None:
        return None
    replies = assistant.replies
    if top.level == "check-in":
        who = "someone_else" if top.about == "someone-else" else "self"
        message = replies.text(f"escalation.checkin.ask.{who}.{top.category}")
        return Escalation(top.category, top.about, message, urgent(top.category, assistant), "check-in")
    lines = [replies.text("escalation.opening"), replies.text("escalation.automated")]
    bereaved = any(m.rule_id == BEREAVED for m in matches) and top.about == "someone-else"
    if top.rule_id == checkin.STILL_RULE:
        lines = [replies.text("escalation.still_urgent")]
    elif bereaved:
        lines = [replies.text("escalation.bereaved"), replies.text("escalation.trusted_adult")]
    elif top.about == "someone-else":
        lines = [replies.text("escalation.someone_else"), replies.text("escalation.friend_tips")]
        normalised = understanding.normalised if understanding else text.lower()
        if STAFF.search(normalised):
            lines.append(replies.text("escalation.staff"))
    else:
        lines.insert(1, replies.text(f"escalation.categories.{top.category}"))
        if top.category != "immediate-danger":
            lines.append(replies.text("escalation.danger_first"))
        lines.append(replies.text("escalation.trusted_adult"))
    lines.append(replies.text("escalation.more_below"))
    plan = BEREAVED if bereaved else top.category
    return Escalation(top.category, top.about, " ".join(lines), urgent(plan, assistant))


def urgent(plan: str, assistant) -> tuple[Resource, ...]:
    """The 24/7 options for a category (or rule), then specialist entries for it from the directory."""
    first = assistant.urgent.resources(plan)
    ids = list(assistant.urgent.extras.get(plan, ()))
    try:
        entries = assistant.fetch(ids) if ids else {}
    except Exception:  # noqa: BLE001 - directory down: the 24/7 options still show
        return first
    extra = tuple(Resource.of(entries[i], assistant.replies.text("signpost.why_urgent"))
                  for i in ids if i in entries and entries[i].status == "active")
    return first + extra
