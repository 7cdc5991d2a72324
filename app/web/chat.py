"""The chat: the young person's page at `/` (works without JavaScript) and `/api/chat`.

Both renderers call the same `handle_turn`. State travels in a signed token held by the
page; nothing anyone types is stored or logged here.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from flask import Blueprint, current_app, jsonify, render_template, request

from app import limits, runtime
from app.chat import state as chat_state
from app.chat.turn import handle_turn
from app.directory import store
from app.search.query import postcode_terms

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
    return reply, chat_state.dump(reply.state, _secret())


def reply_json(reply, token: str) -> dict:
    """The /api/chat response body."""
    text = reply.reply
    if reply.escalation is not None:
        text = reply.escalation.message + "\n\n" + reply.reply
    return {
        "reply": text,
        "topics": list(reply.topics),
        "escalation": reply.escalation.to_json() if reply.escalation else None,
        "resources": [r.to_json() for r in reply.resources],
        "quick_replies": list(reply.quick_replies),
        "state": token,
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
    return jsonify({"ok": True, "message": runtime.current().assistant().replies.text("helpful.thanks")})


def same_origin() -> bool:
    """False when the browser says the request came from another site (Fetch metadata, Origin)."""
    site = request.headers.get("Sec-Fetch-Site")
    if site and site not in ("same-origin", "none"):
        return False
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
@bp.get("/")
def page():
    """The chat page with its greeting."""
    return _render()


@bp.post("/")
def page_post():
    """A chat turn posted by the form (the no-JavaScript path)."""
    message = request.form.get("message", "")
    if len(message) > MAX_MESSAGE:
        return _render(error=f"Please keep your message under {MAX_MESSAGE} characters."), 400
    if not message.strip():
        return _render(error="Type a message first.", token=request.form.get("state")), 400
    reply, token = run_turn(message, request.form.get("state") or None, None, None)
    return _render(message=message, reply=reply, token=token)


@bp.post("/helpful")
def page_helpful():
    """A 'did this help?' answer from the form."""
    topics = [t for t in request.form.get("topics", "").split(",") if t]
    _record_helpful(request.form.get("answer"), topics)
    return _render(thanks=True, token=request.form.get("state"))


def _render(**context):
    rt = runtime.current()
    assistant = rt.assistant()
    return render_template(
        "chat.html",
        greeting=assistant.replies.text("greeting"),
        topic_buttons=[t.quick_reply for t in rt.taxonomy.topics if getattr(t, "quick_reply", None)],
        thanks_text=assistant.replies.text("helpful.thanks"),
        helpful_question=assistant.replies.text("helpful.question"),
        urgent=assistant.urgent.everyone(),
        **context,
    )
