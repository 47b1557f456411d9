// mailbook theme script: "copy reply for a ticket" buttons. Each button sits next to a
// <template class="ticket-reply"> holding a plain-text reply made at build time; the button
// is `hidden` until this file runs, so without JavaScript nothing offers what cannot work.
(function () {
  "use strict";
  // Every word this script shows, in one place: the page's message catalogue
  // (templates/locales/LANG.ftl, `js-ticket-*`), these English words when a page has none.
  var WORDS = {
    copied: "Reply copied",
    announceCopied: "Reply for a ticket copied to the clipboard",
    copyByHand: "Copy the reply below by hand",
    textareaLabel: "Reply for a ticket"
  };
  if (window.mailbook && window.mailbook.words) { WORDS = window.mailbook.words("ticket", WORDS); }
  var announcer = document.getElementById("announcer");
  function announce(text) {
    if (announcer) { announcer.textContent = ""; announcer.textContent = text; }
  }

  // The reply as plain text: the template's text, without the blank lines templates leave.
  function replyText(template) {
    return template.content.textContent
      .split("\n").map(function (line) { return line.trim(); }).join("\n")
      .replace(/\n{3,}/g, "\n\n").trim();
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return Promise.reject(new Error("no clipboard"));
  }

  // When the clipboard refuses, the reply is shown selected in a read-only box instead.
  function showByHand(box, text) {
    var area = box.querySelector("textarea.ticket-text");
    if (!area) {
      area = document.createElement("textarea");
      area.className = "ticket-text";
      area.readOnly = true;
      area.rows = 8;
      area.setAttribute("aria-label", WORDS.textareaLabel);
      box.appendChild(area);
    }
    area.value = text;
    area.focus();
    area.select();
  }

  Array.prototype.forEach.call(document.querySelectorAll(".ticket"), function (box) {
    var button = box.querySelector("button.ticket-copy");
    var template = box.querySelector("template.ticket-reply");
    if (!button || !template) return;
    var label = button.innerHTML;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = replyText(template);
      box.setAttribute("data-ticket-copied", text);
      copy(text).then(function () {
        button.textContent = WORDS.copied;
        announce(WORDS.announceCopied);
      }, function () {
        button.textContent = WORDS.copyByHand;
        showByHand(box, text);
      });
      setTimeout(function () { button.innerHTML = label; }, 2500);
    });
  });
})();
