// mailbook theme script: copy buttons, provider search (MiniSearch) and the error lookup.
// Reading never depends on it: every control it drives is `hidden` until this file runs.
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";
  // Static files and providers.json are at the site root, shared by every language.
  var assets = document.body.getAttribute("data-assets") || root;
  var lang = document.body.getAttribute("data-lang") || "en";
  var announcer = document.getElementById("announcer");

  // ---- the page's words: the theme's message catalogue (templates/locales/LANG.ftl) ----
  var messages = {};
  try { messages = JSON.parse(document.getElementById("messages").textContent || "{}"); } catch (e) { messages = {}; }
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  // msg("results", {count: 3}): the message, its plural variant chosen by the browser's CLDR
  // rules (the same rules Fluent applied when it wrote the variants), {name}s filled in.
  function msg(key, args) {
    var m = messages[key];
    args = args || {};
    if (m && typeof m === "object") {
      var n = args.count;
      var category = plural && typeof n === "number" ? plural.select(n) : "other";
      m = m[category] || m.other || m.many || m.one || "";
    }
    if (typeof m !== "string") { return key; }
    return m.replace(/\{(\w+)\}/g, function (all, name) { return name in args ? String(args[name]) : all; });
  }

  // ---- search normalisation, the same for the index and the query ------------------------
  // Case, ё → е, and for Russian a light stemmer that strips inflectional endings, so that
  // "пароль приложения" finds "паролей приложений" and "пароли приложению".
  var RU_ENDINGS = ["иями", "ями", "ами", "ией", "иях", "ого", "его", "ому", "ему", "ыми", "ими",
    "ей", "ой", "ий", "ый", "ая", "яя", "ое", "ее", "ие", "ые", "ую", "юю", "ом", "ем", "ам", "ям",
    "ах", "ях", "ов", "ев", "ью", "ия", "ию", "ии", "а", "я", "о", "е", "ы", "и", "у", "ю", "ь", "й"];
  RU_ENDINGS.sort(function (a, b) { return b.length - a.length; });
  function stemRu(word) {
    if (!/^[а-я]+$/.test(word) || word.length < 4) { return word; }
    for (var i = 0; i < RU_ENDINGS.length; i++) {
      var e = RU_ENDINGS[i];
      if (word.length - e.length >= 3 && word.slice(-e.length) === e) { return word.slice(0, -e.length); }
    }
    return word;
  }
  function normalise(term) {
    var t = String(term || "").toLowerCase().replace(/ё/g, "е");
    return stemRu(t);
  }
  window.mailbookNormalise = normalise;

  // ---- language switcher: stay on the same provider and section -------------------------
  Array.prototype.forEach.call(document.querySelectorAll("a[data-keep-hash]"), function (a) {
    a.addEventListener("click", function () {
      if (location.hash) { a.href = a.href.split("#")[0] + location.hash; }
    });
  });

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
        button.textContent = msg("copied");
        announce(msg("copied-value", { value: value }));
      }, function () {
        button.textContent = msg("copy-by-hand");
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
        processTerm: normalise,
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
        status.textContent = hits.length ? msg("results", { count: hits.length }) : msg("nothing-found", { query: q });
        hits.forEach(function (hit) {
          var meta = hit.kind === "error" ? msg("troubleshooting", { provider: hit.provider }) : (hit.summary || "");
          results.appendChild(resultItem(hit, meta));
        });
      }, function (e) { status.textContent = msg("search-unavailable", { error: e.message }); });
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
      if (!text) { lstatus.textContent = msg("paste-first"); return; }
      loadIndex().then(function (index) {
        var found = rankEntries(index, provider, text);
        list.innerHTML = "";
        lstatus.textContent = found.length ? msg("matching-entries", { count: found.length }) : msg("no-fix");
        found.slice(0, 50).forEach(function (f) {
          list.appendChild(resultItem(f.doc, msg(f.exact ? "exact-match" : "partial-match", { provider: f.doc.provider })));
        });
      }, function (e) { lstatus.textContent = msg("lookup-unavailable", { error: e.message }); });
    };
    form.addEventListener("submit", function (e) { e.preventDefault(); runLookup(); });
    if (params.get("q")) { box.value = params.get("q"); runLookup(); }
  }
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
        addressStatus.textContent = msg("whole-address");
        return;
      }
      if (!providers) {
        providers = fetch(assets + "providers.json").then(function (r) {
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
        addressStatus.appendChild(document.createTextNode(msg("no-guide", { domain: domain }) + " "));
        var general = document.createElement("a");
        general.href = root + "requirements/";
        general.textContent = msg("general-requirements");
        addressStatus.appendChild(general);
        addressStatus.appendChild(document.createTextNode("."));
      }, function (err) { addressStatus.textContent = msg("address-unavailable", { error: err.message }); });
    });
  }
})();
