/*
 * Signpost's small enhancements. Every page works without them.
 * - Quick exit: leave with location.replace so Back does not return here, after clearing
 *   what is on the page (form fields, anything marked data-clear-on-exit such as the chat
 *   transcript, this site's storage).
 * - Print buttons on the signposting sheet.
 * - Focus on the error summary when a form comes back with problems.
 * - The directory's "Selected (n)" count, kept up to date as boxes are ticked.
 * Kept in a static file: no inline scripts, so a strict Content-Security-Policy can apply.
 */
(function () {
  "use strict";

  document.documentElement.classList.add("sp-js");

  function clearPageState() {
    var forms = document.querySelectorAll("form");
    for (var i = 0; i < forms.length; i += 1) {
      forms[i].reset();
    }
    // What a page marks for clearing (the chat transcript, its state fields) goes too:
    // reset() would put server-rendered values back.
    var marked = document.querySelectorAll("[data-clear-on-exit]");
    for (var m = 0; m < marked.length; m += 1) {
      if (marked[m].tagName === "INPUT" || marked[m].tagName === "TEXTAREA") {
        marked[m].value = "";
      } else {
        marked[m].textContent = "";
      }
    }
    try {
      window.sessionStorage.clear();
      window.localStorage.clear();
    } catch (ignored) {
      // Storage can be blocked; leaving matters more than clearing.
    }
  }

  function quickExit(event) {
    var href = event.currentTarget.getAttribute("href");
    if (event.defaultPrevented || event.button > 0 || event.metaKey || event.ctrlKey) {
      return;
    }
    event.preventDefault();
    document.body.classList.add("sp-exiting");
    document.title = "";
    clearPageState();
    window.location.replace(href);
  }

  var exits = document.querySelectorAll("[data-quick-exit]");
  for (var i = 0; i < exits.length; i += 1) {
    exits[i].addEventListener("click", quickExit);
  }

  var printButtons = document.querySelectorAll("[data-print]");
  for (var j = 0; j < printButtons.length; j += 1) {
    printButtons[j].hidden = false;
    printButtons[j].addEventListener("click", function () {
      window.print();
    });
  }
  var printHints = document.querySelectorAll("[data-print-hint]");
  for (var k = 0; k < printHints.length; k += 1) {
    printHints[k].hidden = printButtons.length > 0;
  }

  // The "Selected (n)" count on the directory follows the ticks on this page as they change.
  var count = document.querySelector("[data-selected-count]");
  var ticks = document.querySelectorAll("[data-tick]");
  function recount() {
    var n = parseInt(count.getAttribute("data-elsewhere"), 10) || 0;
    for (var t = 0; t < ticks.length; t += 1) {
      n += ticks[t].checked ? 1 : 0;
    }
    count.textContent = String(n);
  }
  if (count) {
    for (var c = 0; c < ticks.length; c += 1) {
      ticks[c].addEventListener("change", recount);
    }
    recount();
  }

  // Move focus to the error summary, so screen reader and keyboard users hear it first.
  var summary = document.querySelector(".nhsuk-error-summary");
  if (summary) {
    summary.focus();
  }

  // If a page comes back from the back-forward cache after a quick exit, leave again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && document.body.classList.contains("sp-exiting")) {
      var exit = document.querySelector("[data-quick-exit]");
      if (exit) {
        window.location.replace(exit.getAttribute("href"));
      }
    }
  });
})();
