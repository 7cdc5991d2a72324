/*
 * Chat enhancement: send messages to /api/chat and add each turn to the transcript, built with
 * the same markup as templates/chat.html (keep the two in step). Without this file the page
 * works as a plain form post.
 * - Focus stays in the message box; a short summary of each reply is announced politely, and
 *   an escalation ("Get help now") is announced at once through a role="alert" region.
 * - Nothing typed is stored on the server. The transcript is kept in this tab only
 *   (sessionStorage), so Back from a service's page finds the conversation again; quick exit
 *   (signpost.js) and "Start again" empty it.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-chat]");
  if (!root || !window.fetch || !window.JSON) {
    return;
  }
  var form = root.querySelector("[data-chat-form]");
  var box = form.querySelector("textarea");
  var group = form.querySelector("[data-message-group]");
  var transcript = root.querySelector("[data-transcript]");
  var quickForm = root.querySelector("[data-quick]");
  var politeRegion = root.querySelector("[data-announce]");
  var alertRegion = root.querySelector("[data-alert]");
  var urgentIds = (root.getAttribute("data-urgent-ids") || "").split(" ");
  var entryUrl = root.getAttribute("data-entry-url") || "/directory/ENTRY_ID";
  var helpfulUrl = root.getAttribute("data-helpful-url") || "/helpful";
  var question = root.getAttribute("data-helpful-question") || "Did this help?";
  var contactLabels = readJson("data-contact-labels");
  var STORE = "signpost-chat";
  var busy = false;
  var lastTopics = [];

  function readJson(name) {
    try {
      return JSON.parse(root.getAttribute(name) || "{}");
    } catch (ignored) {
      return {};
    }
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    return node;
  }

  function exiting() {
    return document.body.classList.contains("sp-exiting");
  }

  // The same rules as the contact_href template filter (app/web/pages.py).
  function hrefFor(c) {
    var value = (c.value || "").trim();
    var digits = value.replace(/[ -]/g, "");
    if ((c.method === "phone" || c.method === "text") && /^\+?\d+$/.test(digits)) {
      return (c.method === "phone" ? "tel:" : "sms:") + digits;
    }
    if (c.method === "email" && value.indexOf("@") > -1 && value.indexOf(" ") < 0) {
      return "mailto:" + value;
    }
    if (/^https?:\/\//.test(value)) {
      return value;
    }
    return null;
  }

  function linkOrText(href, text, className) {
    var node = el(href ? "a" : "span", className, text);
    if (href) {
      node.href = href;
    }
    return node;
  }

  function contactList(r) {
    var ul = el("ul", "nhsuk-list sp-contacts");
    var contacts = r.contacts || [];
    contacts.forEach(function (c) {
      var li = el("li", "sp-contacts__item");
      li.appendChild(el("span", "sp-contacts__method", (contactLabels[c.method] || c.method) + ":"));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(linkOrText(hrefFor(c), c.value, "sp-contacts__value"));
      if (c.note) {
        li.appendChild(el("span", "sp-contacts__note", c.note));
      }
      ul.appendChild(li);
    });
    var listed = contacts.some(function (c) { return c.value === r.url; });
    if (r.url && !listed) {
      var web = el("li", "sp-contacts__item");
      web.appendChild(el("span", "sp-contacts__method", "Website:"));
      web.appendChild(document.createTextNode(" "));
      web.appendChild(linkOrText(r.url, r.url, "sp-contacts__value"));
      ul.appendChild(web);
    }
    if (!contacts.length && !r.url) {
      ul.appendChild(el("li", "sp-contacts__item", "We do not have confirmed contact details yet."));
    }
    return ul;
  }

  function fact(dl, term, detail) {
    var row = el("div", "sp-facts__row");
    row.appendChild(el("dt", null, term));
    var dd = el("dd");
    if (typeof detail === "string") {
      dd.textContent = detail;
    } else {
      dd.appendChild(detail);
    }
    row.appendChild(dd);
    dl.appendChild(row);
  }

  function resourceCard(r) {
    var li = el("li", "sp-result sp-resource");
    li.setAttribute("data-resource", "");
    var h = el("h3", "sp-result__name");
    var a = el("a", null, r.name);
    a.href = entryUrl.replace("ENTRY_ID", encodeURIComponent(r.id));
    h.appendChild(a);
    li.appendChild(h);
    if (r.example) {
      var labels = el("p", "sp-labels");
      labels.appendChild(el("strong", "nhsuk-tag nhsuk-tag--purple sp-tag", "Example data"));
      li.appendChild(labels);
    }
    li.appendChild(el("p", "sp-result__summary", r.summary));
    if (r.why) {
      var why = el("p", "sp-why");
      why.appendChild(el("span", "sp-why__label", "Why this:"));
      why.appendChild(document.createTextNode(" " + r.why));
      li.appendChild(why);
    }
    var dl = el("dl", "sp-facts");
    fact(dl, "How to get in touch", contactList(r));
    fact(dl, "When", r.hours || "Check the service’s website for opening times.");
    fact(dl, "Who it’s for", r.who_for || "Anyone");
    if (r.offer) {
      fact(dl, "What it offers", r.offer);
    }
    li.appendChild(dl);
    return li;
  }

  function urgentCard(r) {
    var li = el("li", "sp-crisis__item sp-urgent-option");
    li.setAttribute("data-urgent-option", "");
    li.appendChild(el("h3", "sp-crisis__name", r.name));
    (r.contacts || []).forEach(function (c) {
      var p = el("p", "sp-crisis__action");
      var href = hrefFor(c);
      if (href) {
        p.appendChild(linkOrText(href, c.note || c.value));
      } else {
        p.textContent = c.note || c.value;
      }
      li.appendChild(p);
    });
    li.appendChild(el("p", "sp-crisis__note", r.summary));
    li.appendChild(el("p", "sp-crisis__meta", r.hours + ". For: " + r.who_for + "."));
    return li;
  }

  function isUrgent(r) {
    return urgentIds.indexOf(r.id) > -1;
  }

  function escalationBlock(escalation) {
    var block = el("div", "sp-escalation");
    block.setAttribute("data-escalation", "");
    block.appendChild(el("h2", "sp-escalation__title", "Get help now"));
    block.appendChild(el("p", "sp-escalation__message", escalation.message));
    var options = el("ul", "nhsuk-list sp-crisis sp-escalation__options");
    var extras = el("ul", "nhsuk-list sp-results sp-escalation__extras");
    escalation.resources.forEach(function (r) {
      if (isUrgent(r)) {
        options.appendChild(urgentCard(r));
      } else {
        extras.appendChild(resourceCard(r));
      }
    });
    block.appendChild(options);
    if (extras.children.length) {
      block.appendChild(extras);
    }
    return block;
  }

  function helpfulForm(topics) {
    var f = el("form", "sp-helpful");
    f.method = "post";
    f.action = helpfulUrl + "#latest";
    f.setAttribute("data-helpful", "");
    var hidden = el("input");
    hidden.type = "hidden";
    hidden.name = "topics";
    hidden.value = topics.join(",");
    f.appendChild(hidden);
    var set = el("fieldset", "nhsuk-fieldset sp-helpful__fieldset");
    set.appendChild(el("legend", "sp-helpful__legend", question));
    var buttons = el("div", "sp-helpful__buttons");
    [["yes", "Yes"], ["no", "No"]].forEach(function (pair) {
      var b = el("button", "sp-choice", pair[1]);
      b.type = "submit";
      b.name = "answer";
      b.value = pair[0];
      buttons.appendChild(b);
    });
    set.appendChild(buttons);
    f.appendChild(set);
    return f;
  }

  function replyText(data) {
    if (!data.escalation) {
      return data.reply;
    }
    var message = data.escalation.message;
    return data.reply.indexOf(message) === 0 ? data.reply.slice(message.length).trim() : data.reply;
  }

  function showTurn(message, data) {
    var you = el("div", "sp-turn sp-turn--you");
    you.appendChild(el("h2", "sp-turn__who", "You said"));
    you.appendChild(el("p", "sp-turn__text", message));
    transcript.appendChild(you);

    var guide = el("div", "sp-turn sp-turn--guide");
    if (data.escalation) {
      guide.appendChild(escalationBlock(data.escalation));
    }
    guide.appendChild(el("h2", "sp-turn__who", "Signpost said"));
    var text = replyText(data);
    var p = el("p", "sp-turn__text", text);
    p.setAttribute("data-reply", "");
    guide.appendChild(p);
    var resources = data.resources || [];
    if (resources.length) {
      var ul = el("ul", "nhsuk-list sp-results");
      ul.setAttribute("data-resources", "");
      resources.forEach(function (r) { ul.appendChild(resourceCard(r)); });
      guide.appendChild(ul);
      guide.appendChild(helpfulForm(lastTopics));
    }
    transcript.appendChild(guide);
    showQuickReplies(data.quick_replies || []);
    return you;
  }

  function showQuickReplies(labels) {
    if (!quickForm) {
      return;
    }
    var holder = quickForm.querySelector(".sp-quick__buttons");
    holder.textContent = "";
    labels.forEach(function (label) {
      var b = el("button", "sp-choice sp-quick__button", label);
      b.type = "submit";
      b.name = "message";
      b.value = label;
      holder.appendChild(b);
    });
    quickForm.hidden = labels.length === 0;
  }

  // Empty the region first, so the same words said twice are announced twice.
  function announce(region, text) {
    if (!region) {
      return;
    }
    region.textContent = "";
    window.setTimeout(function () {
      if (!exiting()) {
        region.textContent = text;
      }
    }, 150);
  }

  function announceTurn(data) {
    if (data.escalation) {
      var options = data.escalation.resources.filter(isUrgent).map(function (r) {
        var c = (r.contacts || [])[0];
        return r.name + ": " + (c ? (c.note || c.value) : "") + ".";
      });
      announce(alertRegion, "Get help now. " + data.escalation.message + " " + options.join(" "));
    }
    var count = (data.resources || []).length;
    var more = count === 1 ? " There is 1 place listed below it." :
      count > 1 ? " There are " + count + " places listed below it." : "";
    announce(politeRegion, "Signpost said: " + replyText(data) + more);
  }

  function textOf(node) {
    return node.textContent || "";
  }

  // The conversation, kept in this tab only, so that Back from a service's page finds it.
  function save() {
    if (exiting()) {
      return;
    }
    try {
      window.sessionStorage.setItem(STORE, JSON.stringify({
        transcript: transcript.innerHTML,
        state: form.querySelector("[data-state]").value,
        topics: lastTopics,
        quick: Array.prototype.map.call(quickForm ? quickForm.querySelectorAll("[name=message]") : [],
          function (b) { return b.value; })
      }));
    } catch (ignored) {
      // Storage may be full or blocked: the conversation still works, it just is not kept.
    }
  }

  function forget() {
    try {
      window.sessionStorage.removeItem(STORE);
    } catch (ignored) {
      // Nothing was kept.
    }
  }

  function restore() {
    var saved = null;
    try {
      saved = JSON.parse(window.sessionStorage.getItem(STORE) || "null");
    } catch (ignored) {
      saved = null;
    }
    if (!saved || !saved.transcript) {
      return;
    }
    transcript.innerHTML = saved.transcript;
    setState(saved.state || "");
    lastTopics = saved.topics || [];
    showQuickReplies(saved.quick || []);
  }

  function setState(token) {
    var fields = root.querySelectorAll("input[name=state]");
    for (var i = 0; i < fields.length; i += 1) {
      fields[i].value = token;
    }
  }

  function showError(text) {
    clearError();
    group.classList.add("nhsuk-form-group--error");
    box.classList.add("nhsuk-textarea--error");
    var error = el("span", "nhsuk-error-message");
    error.id = "message-error";
    error.appendChild(el("span", "nhsuk-u-visually-hidden", "Error:"));
    error.appendChild(document.createTextNode(" " + text));
    group.insertBefore(error, box);
    box.setAttribute("aria-describedby", "message-hint message-error");
    box.focus();
  }

  function clearError() {
    var old = group.querySelector(".nhsuk-error-message");
    if (old) {
      old.parentNode.removeChild(old);
    }
    group.classList.remove("nhsuk-form-group--error");
    box.classList.remove("nhsuk-textarea--error");
    box.setAttribute("aria-describedby", "message-hint");
    var summary = document.querySelector(".nhsuk-error-summary");
    if (summary) {
      summary.parentNode.removeChild(summary);
      document.title = document.title.replace(/^Error: /, "");
    }
  }

  function send(message) {
    if (busy) {
      return;
    }
    if (!message.trim()) {
      showError("Type a message first.");
      return;
    }
    busy = true;
    transcript.setAttribute("aria-busy", "true");
    var state = form.querySelector("[data-state]").value || null;
    fetch("/api/chat", {
      method: "POST",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify({message: message, state: state, age: null, postcode: null})
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("chat failed");
      }
      return response.json();
    }).then(function (data) {
      if (exiting()) {
        return;
      }
      clearError();
      setState(data.state);
      if (data.topics && data.topics.length) {
        lastTopics = data.topics;
      }
      box.value = "";
      if (data.kind === "restart") {
        // "Start again" empties the conversation here as well as in the state.
        forget();
        transcript.textContent = "";
        lastTopics = [];
      }
      var turn = showTurn(message, data);
      save();
      box.focus({preventScroll: true});
      turn.scrollIntoView({block: "start"});
      announceTurn(data);
    }).catch(function () {
      // Fall back to the plain form so the person still gets an answer.
      if (!exiting()) {
        box.value = message;
        form.submit();
      }
    }).then(function () {
      busy = false;
      transcript.removeAttribute("aria-busy");
    });
  }

  function answerHelpful(helpful, answer) {
    var topics = helpful.querySelector("input[name=topics]").value.split(",").filter(Boolean);
    var done = el("p", "sp-helpful__thanks");
    done.tabIndex = -1;
    fetch("/api/chat/helpful", {
      method: "POST",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify({answer: answer, topics: topics})
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("helpful failed");
      }
      return response.json();
    }).then(function (body) {
      done.textContent = body.message;
      return body.next;
    }).catch(function () {
      done.textContent = "Sorry, we could not save your answer. You can carry on.";
    }).then(function (next) {
      if (exiting()) {
        return;
      }
      helpful.parentNode.replaceChild(done, helpful);
      if (next) {
        var step = el("p", "sp-turn__text", next.reply);
        step.setAttribute("data-reply", "");
        done.parentNode.insertBefore(step, done.nextSibling);
        showQuickReplies(next.quick_replies || []);
        announce(politeRegion, textOf(done) + " " + next.reply);
      }
      done.focus();
      save();
    });
  }

  // A page the server rendered with a reply (the form fallback) starts afresh from it;
  // otherwise the conversation in this tab comes back.
  if (transcript.querySelector(".sp-turn")) {
    save();
  } else {
    restore();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    send(box.value);
  });
  if (quickForm) {
    quickForm.addEventListener("submit", function (event) {
      var button = event.submitter || document.activeElement;
      if (button && button.name === "message") {
        event.preventDefault();
        send(button.value);
      }
    });
  }
  transcript.addEventListener("submit", function (event) {
    var helpful = event.target.closest("[data-helpful]");
    var button = event.submitter || document.activeElement;
    if (helpful && button && button.name === "answer") {
      event.preventDefault();
      answerHelpful(helpful, button.value);
    }
  });
}());
