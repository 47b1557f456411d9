// mailbook theme script: copy buttons, and the search index for the scripts below.
// The search box and the error lookup are in static/search.js and static/lookup.js, which
// share the search index loaded here (window.mailbook).
// Reading never depends on it: every control it drives is `hidden` until this file runs.
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";
  var announcer = document.getElementById("announcer");

  function announce(text) {
    if (announcer) { announcer.textContent = ""; announcer.textContent = text; }
  }

  // ---- copy buttons ----------------------------------------------------------------
  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }
  Array.prototype.forEach.call(document.querySelectorAll("button.copy[data-copy]"), function (button) {
    var label = button.innerHTML;
    button.hidden = false;
    button.addEventListener("click", function () {
      var value = button.getAttribute("data-copy");
      copy(value).then(function () {
        button.textContent = "Copied";
        announce("Copied " + value);
      }, function () {
        button.textContent = "Select and copy by hand";
      });
      setTimeout(function () { button.innerHTML = label; }, 2500);
    });
  });

  // ---- shared with search.js and lookup.js: the search index ------------------------
  var indexPromise = null;
  function loadIndex() {
    if (!indexPromise) {
      indexPromise = fetch(root + "search-index.json").then(function (r) {
        if (!r.ok) { throw new Error("search-index.json: HTTP " + r.status); }
        return r.json();
      });
    }
    return indexPromise;
  }
  window.mailbook = { root: root, loadIndex: loadIndex, announce: announce };

  // The index's search box: static/search.js; the errors page's lookup: static/lookup.js.
  // The index's address box and the provider page's own values: static/values.js.
})();
