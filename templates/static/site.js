// mailbook theme script: copy buttons, provider search (MiniSearch) and the error lookup.
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

  // ---- shared: the search index ------------------------------------------------------
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

  // Keeps dotted and dashed tokens whole ("5.7.8", "smtp.office365.com") and also indexes
  // their parts, so "office365" and "535" find them too.
  function tokenize(text) {
    var out = [];
    String(text || "").toLowerCase().split(/[\s,;:()\[\]{}"'!?<>|\/·]+/).forEach(function (word) {
      word = word.replace(/^[.\-_]+|[.\-_]+$/g, "");
      if (!word) { return; }
      out.push(word);
      if (/[.\-_@]/.test(word)) {
        word.split(/[\-@]/).forEach(function (p) { if (p && p !== word) { out.push(p); } });
        word.split(/[.\-_@]/).forEach(function (p) { if (p && p !== word) { out.push(p); } });
      }
    });
    return out;
  }

  function resultItem(doc, meta) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = root + doc.url;
    a.textContent = doc.title;
    li.appendChild(a);
    if (meta) {
      var span = document.createElement("span");
      span.className = "result-meta";
      span.textContent = meta;
      li.appendChild(span);
    }
    return li;
  }

  // ---- provider search ----------------------------------------------------------------
  var search = document.getElementById("search");
  if (search && window.MiniSearch) {
    search.hidden = false;
    var input = search.querySelector("[data-search-input]");
    var status = search.querySelector("[data-search-status]");
    var results = search.querySelector("[data-search-results]");
    var engine = null;
    var ready = null;
    // The index is fetched on first use, not on every page view.
    var prepare = function () {
      if (!ready) { ready = loadIndex().then(build); }
      return ready;
    };
    var build = function (index) {
      engine = new window.MiniSearch({
        fields: index.fields,
        storeFields: ["title", "url", "kind", "provider", "summary"],
        tokenize: tokenize,
        searchOptions: {
          boost: { title: 3, aliases: 3, domains: 2, hosts: 2, codes: 2 },
          prefix: function (term) { return term.length > 2; },
          fuzzy: function (term) { return term.length > 4 ? 0.2 : false; }
        }
      });
      engine.addAll(index.documents);
    };
    var run = function () {
      var q = input.value.trim();
      results.innerHTML = "";
      if (!q) { status.textContent = ""; return; }
      prepare().then(function () {
        if (input.value.trim() !== q) { return; } // a newer query is running
        results.innerHTML = "";
        var hits = engine.search(q).slice(0, 20);
        status.textContent = hits.length ? hits.length + (hits.length === 1 ? " result" : " results") : "Nothing found for “" + q + "”.";
        hits.forEach(function (hit) {
          var meta = hit.kind === "error" ? "Troubleshooting · " + hit.provider : (hit.summary || "");
          results.appendChild(resultItem(hit, meta));
        });
      }, function (e) { status.textContent = "Search is unavailable (" + e.message + ")."; });
    };
    input.addEventListener("focus", prepare);
    input.addEventListener("input", run);
    search.querySelector("[data-search-form]").addEventListener("submit", function (e) {
      e.preventDefault();
      run();
      var first = results.querySelector("a");
      if (first) { first.focus(); }
    });
  }

  // ---- error lookup -------------------------------------------------------------------
  // The algorithm of `mailbook verify` (src/verify/troubleshoot.rs), run on what the build
  // wrote into search-index.json: `index.matcher` holds its weights and the patterns that read
  // the codes out of a message, each error document its entry's criteria and recipe. A pasted
  // message has no phase, so an entry's phase is ignored. A criterion the message contradicts
  // rules an entry out; one it cannot confirm (a code not shown, a fragment not there) makes
  // the entry a partial match; a partial match counts only if part of the reply matched.
  // `?provider=ID` names the merchant's provider, whose entries come first; `?q=` fills the box.
  var observe = function (matcher, text) {
    var code = new RegExp(matcher.code_pattern).exec(text);
    var enhanced = new RegExp(matcher.enhanced_pattern).exec(text);
    return { code: code ? parseInt(code[1], 10) : null, enhanced: enhanced ? enhanced[1] : null, text: text.toLowerCase() };
  };
  var fit = function (w, m, seen) {
    var weight = 0, exact = true, replyMatched = false;
    var criterion = function (named, known, add) {
      if (!named) { return true; }
      if (known === false) { return false; }
      if (known === true) { weight += add; replyMatched = true; } else { exact = false; }
      return true;
    };
    if (!criterion(m.code != null, seen.code == null ? null : seen.code === m.code, w.code)) { return null; }
    if (!criterion(m.enhanced != null, seen.enhanced == null ? null : seen.enhanced === m.enhanced, w.enhanced)) { return null; }
    criterion(m.text != null, m.text != null && seen.text.indexOf(m.text.toLowerCase()) >= 0 ? true : null, w.text);
    return weight > 0 && (exact || replyMatched) ? { exact: exact, weight: weight } : null;
  };
  var rankEntries = function (index, provider, text) {
    var seen = observe(index.matcher, text);
    var found = [];
    index.documents.forEach(function (doc) {
      if (doc.kind !== "error" || !doc.match) { return; }
      var f = fit(index.matcher.weights, doc.match, seen);
      if (f) { found.push({ doc: doc, own: doc.match.recipe === provider, exact: f.exact, weight: f.weight }); }
    });
    var cmp = function (a, b) { return a < b ? -1 : a > b ? 1 : 0; };
    found.sort(function (a, b) {
      return (b.own - a.own) || (b.weight - a.weight) || (b.exact - a.exact) ||
        cmp(a.doc.match.recipe, b.doc.match.recipe) || (a.doc.id - b.doc.id);
    });
    return found;
  };
  var lookup = document.getElementById("lookup");
  if (lookup) {
    lookup.hidden = false;
    var form = lookup.querySelector("[data-lookup-form]");
    var box = lookup.querySelector("[data-lookup-input]");
    var lstatus = lookup.querySelector("[data-lookup-status]");
    var list = lookup.querySelector("[data-lookup-results]");
    var params = new URLSearchParams(location.search);
    var provider = params.get("provider");
    var runLookup = function () {
      var text = box.value.trim();
      list.innerHTML = "";
      if (!text) { lstatus.textContent = "Paste an error message first."; return; }
      loadIndex().then(function (index) {
        var found = rankEntries(index, provider, text);
        list.innerHTML = "";
        lstatus.textContent = found.length ? found.length + (found.length === 1 ? " matching entry" : " matching entries") : "No known fix matches this message. Check the settings on your provider's page.";
        found.slice(0, 50).forEach(function (f) {
          list.appendChild(resultItem(f.doc, f.doc.provider + (f.exact ? " · exact match" : " · partial match")));
        });
      }, function (e) { lstatus.textContent = "The lookup is unavailable (" + e.message + ")."; });
    };
    form.addEventListener("submit", function (e) { e.preventDefault(); runLookup(); });
    if (params.get("q")) { box.value = params.get("q"); runLookup(); }
  }
  // The index's address box and the provider page's own values: static/values.js.
})();
