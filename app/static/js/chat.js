/* Chat enhancement: send messages to /api/chat and add replies to the transcript.
   Without this file the page works as a plain form. Nothing typed is stored anywhere:
   the transcript lives only in this page, and quick exit removes it. */
(function () {
  "use strict";
  var root = document.querySelector("[data-chat]");
  if (!root || !window.fetch) { return; }
  var form = root.querySelector("[data-chat-form]");
  var box = form.querySelector("textarea");
  var stateField = form.querySelector("[data-state]");
  var transcript = root.querySelector("[data-transcript]");
  var quickForm = root.querySelector("[data-quick]");
  var busy = false;

  var LABELS = {"phone": "Phone", "text": "Text", "web-chat": "Web chat", "email": "Email",
                "app": "App", "in-person": "In person", "online": "Online"};

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function hrefFor(c) {
    var v = (c.value || "").trim();
    var digits = v.replace(/[\s-]/g, "");
    if ((c.method === "phone" || c.method === "text") && /^\+?\d+$/.test(digits)) {
      return (c.method === "phone" ? "tel:" : "sms:") + digits;
    }
    if (c.method === "email" && v.indexOf("@") > 0 && v.indexOf(" ") < 0) { return "mailto:" + v; }
    if (/^https?:\/\//.test(v)) { return v; }
    return null;
  }

  function resourceItem(r, linkName) {
    var li = el("li", "sp-resource");
    var h = el("h3", "sp-resource__name");
    if (linkName) {
      var a = el("a", null, r.name);
      a.href = "/directory/" + encodeURIComponent(r.id);
      h.appendChild(a);
    } else {
      h.textContent = r.name;
    }
    li.appendChild(h);
    var g = el("p", "sp-resource__grouping", r.grouping_label || "");
    if (r.example) { g.appendChild(document.createTextNode(" ")); g.appendChild(el("strong", "nhsuk-tag nhsuk-tag--purple sp-tag", "Example data")); }
    li.appendChild(g);
    li.appendChild(el("p", "sp-resource__summary", r.summary));
    if (r.why) {
      var why = el("p", "sp-resource__why");
      why.appendChild(el("strong", null, "Why this: "));
      why.appendChild(document.createTextNode(r.why));
      li.appendChild(why);
    }
    var ul = el("ul", "nhsuk-list sp-contacts");
    (r.contacts || []).forEach(function (c) {
      var item = el("li", "sp-contacts__item");
      item.appendChild(el("span", "sp-contacts__method", (LABELS[c.method] || c.method) + ": "));
      var href = hrefFor(c);
      if (href) { var link = el("a", null, c.value); link.href = href; item.appendChild(link); }
      else { item.appendChild(document.createTextNode(c.value)); }
      if (c.note) { item.appendChild(el("span", "sp-contacts__note", " " + c.note)); }
      ul.appendChild(item);
    });
    if (r.url) {
      var w = el("li", "sp-contacts__item");
      w.appendChild(el("span", "sp-contacts__method", "Website: "));
      var wl = el("a", null, r.url); wl.href = r.url; w.appendChild(wl);
      ul.appendChild(w);
    }
    li.appendChild(ul);
    var meta = el("p", "sp-resource__meta");
    if (r.hours) { meta.appendChild(el("span", null, "When: " + r.hours + " ")); }
    if (r.who_for) { meta.appendChild(el("span", null, "Who for: " + r.who_for)); }
    li.appendChild(meta);
    return li;
  }

  function showTurn(message, data) {
    var you = el("div", "sp-turn sp-turn--you");
    you.appendChild(el("h2", "nhsuk-u-visually-hidden", "You said"));
    you.appendChild(el("p", "sp-turn__text", message));
    transcript.appendChild(you);
    var guide = el("div", "sp-turn sp-turn--guide");
    if (data.escalation) {
      var sec = el("section", "sp-escalation");
      sec.setAttribute("data-escalation", "");
      sec.appendChild(el("h2", "sp-escalation__title", "Get help now"));
      sec.appendChild(el("p", "sp-escalation__message", data.escalation.message));
      var eul = el("ul", "nhsuk-list sp-resources");
      data.escalation.resources.forEach(function (r) { eul.appendChild(resourceItem(r, false)); });
      sec.appendChild(eul);
      guide.appendChild(sec);
    }
    guide.appendChild(el("h2", "nhsuk-u-visually-hidden", "Signpost said"));
    var text = data.escalation ? data.reply.replace(data.escalation.message, "").trim() : data.reply;
    var p = el("p", "sp-turn__text", text);
    p.setAttribute("data-reply", "");
    guide.appendChild(p);
    if (data.resources && data.resources.length) {
      var rul = el("ul", "nhsuk-list sp-resources");
      rul.setAttribute("data-resources", "");
      data.resources.forEach(function (r) { rul.appendChild(resourceItem(r, true)); });
      guide.appendChild(rul);
      guide.appendChild(helpfulForm(data));
    }
    transcript.appendChild(guide);
    showQuickReplies(data.quick_replies || []);
  }

  function helpfulForm(data) {
    var wrap = el("div", "sp-helpful");
    var q = el("p", "sp-helpful__legend", "Did this help?");
    wrap.appendChild(q);
    ["yes", "no"].forEach(function (answer) {
      var b = el("button", "nhsuk-button nhsuk-button--secondary sp-small-button", answer === "yes" ? "Yes" : "No");
      b.type = "button";
      b.addEventListener("click", function () {
        fetch("/api/chat/helpful", {method: "POST", headers: {"Content-Type": "application/json"},
          body: JSON.stringify({answer: answer, topics: data.topics || []})})
          .then(function (r) { return r.json(); })
          .then(function (body) { wrap.textContent = ""; wrap.appendChild(el("p", null, body.message)); })
          .catch(function () { wrap.textContent = ""; });
      });
      wrap.appendChild(b);
    });
    return wrap;
  }

  function showQuickReplies(labels) {
    if (!quickForm) { return; }
    var holder = quickForm.querySelector(".sp-quick__buttons");
    holder.textContent = "";
    labels.forEach(function (label) {
      var b = el("button", "sp-quick__button", label);
      b.name = "message"; b.value = label;
      holder.appendChild(b);
    });
    quickForm.hidden = labels.length === 0;
  }

  function send(message) {
    if (busy || !message.trim()) { return; }
    busy = true;
    fetch("/api/chat", {
      method: "POST",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify({message: message, state: stateField.value || null, age: null, postcode: null})
    }).then(function (response) {
      if (!response.ok) { throw new Error("chat failed"); }
      return response.json();
    }).then(function (data) {
      stateField.value = data.state;
      if (quickForm) { quickForm.querySelector("input[name=state]").value = data.state; }
      showTurn(message, data);
      box.value = "";
      box.focus();
    }).catch(function () {
      // Fall back to the plain form so the person still gets an answer.
      box.value = message;
      form.submit();
    }).then(function () { busy = false; });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    send(box.value);
  });
  if (quickForm) {
    quickForm.addEventListener("click", function (event) {
      var target = event.target;
      if (target && target.name === "message") {
        event.preventDefault();
        send(target.value);
      }
    });
  }
}());
