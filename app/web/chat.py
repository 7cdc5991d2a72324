"""The chat: the young person's page at `/` (works without JavaScript) and `/api/chat`.

Both renderers call the same `handle_turn`. State travels in a signed token held by the
page; nothing anyone types is stored or logged here.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, url_for

from app import limits, runtime
from app.chat import compose, recap, repeats
from app.chat import state as chat_state
from app.chat.turn import handle_turn
from app.directory import facts, store
from app.search.found import postcode_terms

from . import chat_view
from .errors import BadRequest

bp = Blueprint("chat", __name__)
MAX_MESSAGE = 2000
ANSWERS = ("yes", "no")
HELPFUL_LIMIT = limits.Limit("helpful", 30, 3600)  # answers per address per hour


def _secret() -> str:
    return current_app.config["SECRET_KEY"]


def run_turn(message: str, token: str | None, age: int | None, postcode: str | None):
    """One turn from already-checked input; returns the reply and the new state token."""
    rt = runtime.current()
    try:
        state = chat_state.load(token, _secret())
    except chat_state.BadState as exc:
        raise BadRequest("The conversation state is not valid. Start again.",
                         [{"field": "state", "message": str(exc)}]) from exc
    reply = handle_turn(message, state, rt.assistant(), age=age, postcode=postcode)
    reply = repeats.without_repeats(reply, repeats.load_links(rt.directory_data / "crisis_contacts.yaml"))
    return reply, chat_state.dump(reply.state, _secret())


def offers() -> dict[str, str]:
    """What each kind of service offers, in plain words (reviewed templates)."""
    return runtime.current().assistant().replies.data["signpost"]["offers"]


def resource_json(resource, described: dict[str, str]) -> dict:
    """A resource as /api/chat gives it, with what it offers in words."""
    data = resource.to_json()
    data["offer"] = described.get(resource.offer, "")
    return data


def reply_json(reply, token: str) -> dict:
    """The /api/chat response body."""
    text = reply.reply
    if reply.escalation is not None:
        text = reply.escalation.message + "\n\n" + reply.reply
    described = offers()
    escalation = reply.escalation.to_json() if reply.escalation else None
    if escalation:
        escalation["resources"] = [resource_json(r, described) for r in reply.escalation.resources]
    return {
        "reply": text,
        "topics": list(reply.topics),
        "escalation": escalation,
        "resources": [resource_json(r, described) for r in reply.resources],
        "quick_replies": list(reply.quick_replies),
        "state": token,
        "kind": reply.kind,
    }


@bp.post("/api/chat")
def api_chat():
    """A chat turn as JSON (the fixed contract in the README)."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest("Send a JSON object with a 'message'.")
    message, age, postcode, problems = _check(body)
    token = body.get("state")
    if token is not None and not isinstance(token, str):
        problems.append({"field": "state", "message": "must be a string or null"})
    if problems:
        raise BadRequest("The chat request is not valid.", problems)
    reply, new_token = run_turn(message, token, age, postcode)
    return jsonify(reply_json(reply, new_token))


def _check(body: dict) -> tuple[str, int | None, str | None, list[dict]]:
    problems: list[dict] = []
    message = body.get("message")
    if not isinstance(message, str):
        problems.append({"field": "message", "message": "is required and must be a string"})
        message = ""
    elif len(message) > MAX_MESSAGE:
        problems.append({"field": "message", "message": f"must be at most {MAX_MESSAGE} characters"})
    age = body.get("age")
    if age is not None and (isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= 120):
        problems.append({"field": "age", "message": "must be a whole number from 0 to 120, or null"})
        age = None
    postcode = body.get("postcode")
    if postcode is not None and (not isinstance(postcode, str) or not postcode_terms(postcode)):
        problems.append({"field": "postcode",
                         "message": "must be a UK postcode or district like ZZ1 4AB or ZZ1, or null"})
        postcode = None
    return message, age, postcode, problems


@bp.post("/api/chat/helpful")
def api_helpful():
    """Count one anonymous 'did this help?' answer per topic for today."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest("Send a JSON object with 'answer' and 'topics'.")
    answer, topics = body.get("answer"), body.get("topics") or []
    _record_helpful(answer, topics)
    assistant = runtime.current().assistant()
    step = _next_step(answer, assistant)
    after = {"reply": step["next_text"], "quick_replies": step["next_buttons"]} if step else None
    return jsonify({"ok": True, "message": assistant.replies.text("helpful.thanks"), "next": after})


def same_origin() -> bool:
    """False when the browser says the request came from another site (Fetch metadata, Origin)."""
    site = request.headers.get("Sec-Fetch-Site")
    if site:  # Fetch metadata is the browser's own word; Origin is "null" under no-referrer
        return site in ("same-origin", "none")
    for header in ("Origin", "Referer"):
        value = request.headers.get(header)
        if value and (value == "null" or urlsplit(value).netloc != request.host):
            return False
    return True


def _record_helpful(answer, topics) -> None:
    rt = runtime.current()
    if not same_origin():
        raise BadRequest("Answers can only be sent from this site.", status=403)
    problems = []
    if answer not in ANSWERS:
        problems.append({"field": "answer", "message": "must be 'yes' or 'no'"})
    if not isinstance(topics, list) or not all(t in rt.taxonomy.slugs for t in topics):
        problems.append({"field": "topics", "message": "must be a list of topic slugs"})
    if problems:
        raise BadRequest("The answer is not valid.", problems)
    if limits.take(rt.db(), [(HELPFUL_LIMIT, request.remote_addr or "(unknown)")]) is None:
        raise BadRequest("Thank you: we have had a lot of answers from your connection. "
                         "Try again in an hour.", status=429)
    store.record_helpful(rt.db(), day=dt.date.today().isoformat(), topics=topics, answer=answer)


# -- the page, without JavaScript ------------------------------------------------------
# A post answers with a redirect to a sealed address (post/redirect/get), so Back and reload
# never resend the form. The address holds template keys and ids, never the typed message.
@bp.get("/")
def page():
    """The chat page: the greeting, or the last reply from a sealed address."""
    sealed = request.args.get("s")
    if not sealed:
        return _render()
    opened = chat_view.unseal(sealed, _secret())
    if not _valid(opened):
        return _render(expired=True)
    assistant = runtime.current().assistant()
    token = opened["s"]
    try:
        state = chat_state.load(token, _secret())
    except chat_state.BadState:
        return _render(expired=True)
    if opened.get("a"):
        return _render(thanks=opened["a"], token=token, topics=state.topics,
                       **_next_step(opened["a"], assistant))
    reply = recap.thaw(opened["v"], state, assistant)
    return _render(you=opened.get("y"), reply=reply, token=token)


def _valid(opened) -> bool:
    """Whether an unsealed address has the shape this page wrote."""
    return (isinstance(opened, dict) and isinstance(opened.get("s"), str)
            and (isinstance(opened.get("v"), dict) or opened.get("a") in ANSWERS))


@bp.post("/")
def page_post():
    """A chat turn posted by the form (the no-JavaScript path), then a redirect to see it."""
    message = request.form.get("message", "")
    if len(message) > MAX_MESSAGE:
        return _render(error=f"Please keep your message under {MAX_MESSAGE} characters."), 400
    if not message.strip():
        return _render(error="Type a message first.", token=request.form.get("state")), 400
    reply, token = run_turn(message, request.form.get("state") or None, None, None)
    assistant = runtime.current().assistant()
    view = recap.freeze(reply, assistant)
    if view is None:  # not all from templates (never expected): show it now rather than lose it
        return _render(you=None, reply=reply, token=token)
    # Only a button's own label is shown again; what someone typed is never put in the address.
    you = message if message in _button_labels(assistant) else None
    return _see({"s": token, "v": view, "y": you})


@bp.post("/helpful")
def page_helpful():
    """A 'did this help?' answer from the form, then a redirect to the thanks."""
    topics = [t for t in request.form.get("topics", "").split(",") if t]
    answer = request.form.get("answer")
    _record_helpful(answer, topics)
    token = request.form.get("state") or ""
    try:
        chat_state.load(token, _secret())
    except chat_state.BadState:
        token = ""
    return _see({"s": token, "a": answer})


def _see(payload: dict):
    """Redirect (303) to the page at a sealed address."""
    url = url_for("chat.page", s=chat_view.seal(payload, _secret())) + "#latest"
    return redirect(url, code=303)


def _next_step(answer: str, assistant) -> dict:
    """After 'No, it did not help': a short choice of what to try next."""
    if answer != "no":
        return {}
    quick = assistant.replies.data["quick_replies"]
    return {"next_text": assistant.replies.text("next.not_helped"),
            "next_buttons": list(quick["not_helped"])}


def _button_labels(assistant) -> set[str]:
    """Every quick-reply label the chat offers: fixed words, safe to show again."""
    quick = assistant.replies.data["quick_replies"]
    labels = {quick["more"], quick["restart"], quick["drop"], *quick["narrow"], *quick["not_helped"],
              *assistant.replies.data.get("checkin_answers", ())}
    return labels | set(compose.topic_buttons(assistant))


def _render(**context):
    rt = runtime.current()
    assistant = rt.assistant()
    return render_template(
        "chat.html",
        greeting=assistant.replies.text("greeting"),
        topic_buttons=compose.topic_buttons(assistant),
        thanks_text=assistant.replies.text("helpful.thanks"),
        helpful_question=assistant.replies.text("helpful.question"),
        you_sent=assistant.replies.text("next.you_sent"),
        expired_text=assistant.replies.text("next.expired"),
        offers=offers(),
        urgent=assistant.urgent.everyone(),
        urgent_free=_all_free(rt),
        **context,
    )


def _all_free(rt) -> bool:
    """Whether the directory's facts say every 24/7 option is free (the help box says so only then)."""
    links = repeats.load_links(rt.directory_data / "crisis_contacts.yaml")
    try:
        entries = rt.fetch(list(links.values()))
    except Exception:  # noqa: BLE001 - the directory is down: claim nothing, show the options
        return False
    return bool(links) and all(i in entries and facts.is_free(entries[i]) for i in links.values())
