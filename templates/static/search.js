// mailbook provider search, on the index page: MiniSearch over search-index.json (providers
// with their settings, troubleshooting entries, the general pages). Matched words are marked
// in the results, built from text nodes only; when nothing is found it says what to do next.
(function () {
  "use strict";
  // Every message this script shows ({name} is filled in); translations replace this table.
  var TEXT = {
    results: "{n} results",
    resultOne: "1 result",
    nothing: "Nothing found for “{q}”. ",
    nextGeneral: "If your provider is not listed, the ",
    nextGeneralLink: "general requirements",
    nextAddress: " apply to every mailbox. To find who runs your mailbox, type your email address above; for your own domain, ask your help desk to look up its MX records (they name the provider). Pasting an error message? Use the ",
    nextErrorsLink: "error lookup",
    errorMeta: "Troubleshooting · {provider}",
    unavailable: "Search is unavailable ({error})."
  };
  if (window.mailbook && window.mailbook.words) { TEXT = window.mailbook.words("search", TEXT); }
  function say(key, values) {
    var text = window.mailbook && window.mailbook.pick ? window.mailbook.pick(TEXT[key], values) : TEXT[key];
    return text.replace(/\{(\w+)\}/g, function (_, name) { return values && values[name] != null ? values[name] : ""; });
  }

  var shared = window.mailbook;
  var search = document.getElementById("search");
  if (!search || !shared || !window.MiniSearch) { return; }

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

  // `text` as nodes, each place where one of `terms` begins a word wrapped in <mark>.
  function marked(text, terms) {
    var lower = text.toLowerCase();
    var hits = [];
    terms.forEach(function (term) {
      for (var at = lower.indexOf(term); term && at >= 0; at = lower.indexOf(term, at + 1)) {
        if (at === 0 || !/[a-z0-9]/.test(lower.charAt(at - 1))) { hits.push([at, at + term.length]); }
      }
    });
    hits.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var fragment = document.createDocumentFragment();
    var done = 0;
    hits.forEach(function (h) {
      if (h[0] < done) { return; }
      fragment.appendChild(document.createTextNode(text.slice(done, h[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(h[0], h[1]);
      fragment.appendChild(mark);
      done = h[1];
    });
    fragment.appendChild(document.createTextNode(text.slice(done)));
    return fragment;
  }

  function resultItem(hit) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = shared.root + hit.url;
    a.appendChild(marked(hit.title, hit.terms));
    li.appendChild(a);
    var fields = {};
    Object.keys(hit.match).forEach(function (term) { hit.match[term].forEach(function (f) { fields[f] = true; }); });
    // Found by its settings: show them; else the entry's provider or the page's summary.
    var meta = (fields.settings || fields.hosts) && hit.ports ? hit.ports
      : hit.kind === "error" ? say("errorMeta", { provider: hit.provider }) : (hit.summary || "");
    if (meta) {
      var span = document.createElement("span");
      span.className = "result-meta";
      span.appendChild(marked(meta, hit.terms));
      li.appendChild(span);
    }
    return li;
  }

  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }
  function nothingFound(status, q) {
    status.textContent = say("nothing", { q: q });
    status.appendChild(document.createTextNode(say("nextGeneral")));
    status.appendChild(link(shared.root + "requirements/", say("nextGeneralLink")));
    status.appendChild(document.createTextNode(say("nextAddress")));
    status.appendChild(link(shared.root + "errors/", say("nextErrorsLink")));
    status.appendChild(document.createTextNode("."));
  }

  search.hidden = false;
  var input = search.querySelector("[data-search-input]");
  var status = search.querySelector("[data-search-status]");
  var results = search.querySelector("[data-search-results]");
  var engine = null;
  var ready = null;
  // The index is fetched on first use, not on every page view.
  function prepare() {
    if (!ready) { ready = shared.loadIndex().then(build); }
    return ready;
  }
  function build(index) {
    engine = new window.MiniSearch({
      fields: index.fields,
      storeFields: ["title", "url", "kind", "provider", "summary", "ports"],
      tokenize: tokenize,
      processTerm: shared.normalise,
      searchOptions: {
        boost: { title: 3, aliases: 3, domains: 2, hosts: 2, codes: 2, settings: 2 },
        prefix: function (term) { return term.length > 2; },
        fuzzy: function (term) { return term.length > 4 ? 0.2 : false; }
      }
    });
    engine.addAll(index.documents);
  }
  function run() {
    var q = input.value.trim();
    results.innerHTML = "";
    if (!q) { status.textContent = ""; return; }
    prepare().then(function () {
      if (input.value.trim() !== q) { return; } // a newer query is running
      results.innerHTML = "";
      // Every word must match ("app password"); only when that finds nothing, any word.
      var hits = engine.search(q, { combineWith: "AND" });
      if (!hits.length) { hits = engine.search(q); }
      hits = hits.slice(0, 20);
      if (!hits.length) { nothingFound(status, q); return; }
      status.textContent = hits.length === 1 ? say("resultOne") : say("results", { n: hits.length });
      hits.forEach(function (hit) { results.appendChild(resultItem(hit)); });
    }, function (e) { status.textContent = say("unavailable", { error: e.message }); });
  }
  input.addEventListener("focus", prepare);
  input.addEventListener("input", run);
  search.querySelector("[data-search-form]").addEventListener("submit", function (e) {
    e.preventDefault();
    run();
    var first = results.querySelector("a");
    if (first) { first.focus(); }
  });
})();
