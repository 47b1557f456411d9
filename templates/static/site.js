// mailbook theme script: copy buttons and the address lookup; it shares the search index
// with search.js (provider search, index page) and lookup.js (error lookup, errors page).
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

  // ---- shared with search.js and lookup.js: the search index, a result line ---------
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

  // ---- index: email address → its provider's page, from providers.json (no other request)
  var lookup = document.getElementById("address-lookup");
  if (lookup) {
    lookup.hidden = false;
    var addressInput = lookup.querySelector("[data-address-input]");
    var addressStatus = lookup.querySelector("[data-address-status]");
    var providers = null;
    lookup.querySelector("[data-address-form]").addEventListener("submit", function (e) {
      e.preventDefault();
      var value = addressInput.value.trim().toLowerCase();
      var domain = value.slice(value.lastIndexOf("@") + 1).replace(/\.$/, "");
      if (!domain || domain.indexOf(".") < 0) {
        addressStatus.textContent = "Type a whole email address, e.g. shop@gmail.com.";
        return;
      }
      if (!providers) {
        providers = fetch(root + "providers.json").then(function (r) {
          if (!r.ok) { throw new Error("providers.json: HTTP " + r.status); }
          return r.json();
        });
      }
      providers.then(function (data) {
        var entry = data.domains[domain];
        // A subdomain of a listed suffix (contoso.onmicrosoft.com): the nearest parent wins,
        // as docs/providers-json.md says.
        for (var parent = domain; !entry && parent.indexOf(".") >= 0;) {
          parent = parent.slice(parent.indexOf(".") + 1);
          entry = (data.domain_suffixes || {})[parent];
        }
        if (entry && data.providers[entry.provider]) {
          window.location.href = root + data.providers[entry.provider].page;
          return;
        }
        addressStatus.textContent = "";
        addressStatus.appendChild(document.createTextNode("No guide lists " + domain + ". It may be your own domain hosted by a mail provider: ask your help desk to look up its MX records (they name the provider), then pick that provider below. Until then, read the "));
        var general = document.createElement("a");
        general.href = root + "requirements/";
        general.textContent = "general requirements";
        addressStatus.appendChild(general);
        addressStatus.appendChild(document.createTextNode("."));
      }, function (err) { addressStatus.textContent = "The address lookup is unavailable (" + err.message + ")."; });
    });
  }
})();
