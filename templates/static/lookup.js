// mailbook error lookup, on the errors page (which lists every known error without it).
// The algorithm of `mailbook verify` (src/verify/troubleshoot.rs and troubleshoot/pasted.rs),
// run on what the build wrote into search-index.json: `index.matcher` holds its weights, the
// patterns that read the codes out of the server's reply, the mail libraries' wrappers around
// that reply (`unwrap`) and the words that name the phase (`phases`); `index.recognize` what
// names each provider in a message; each error document its entry's criteria and recipe.
// A criterion the message contradicts rules an entry out; one it cannot confirm (a code not
// shown, a fragment not there) makes the entry a partial match, which counts only if part of
// the reply matched. Entries rank by: the provider named by `?provider=ID`, the providers the
// message names (most hints first), weight, exact before partial, recipe id, place.
// `?q=` fills the box and runs the lookup.
(function () {
  "use strict";
  // Every message this script shows ({name} is filled in); translations replace this table.
  var TEXT = {
    empty: "Paste an error message first.",
    sure: "This is {provider}'s error. Its fix is the first entry below.",
    probably: "Probably {provider}'s error: check the first entry below.",
    unsure: "Not sure which error this is; these entries might help.",
    count: "{n} matching entries.",
    countOne: "1 matching entry.",
    none: "No known error matches this message. ",
    noneProvider: "It looks like a message from {provider}: compare your settings with ",
    noneProviderLink: "the {provider} page",
    noneGeneral: "Check your settings against your provider's page and the ",
    noneGeneralLink: "general requirements",
    ownExact: "{provider} · matches this message",
    ownPartial: "{provider} · partly matches this message",
    other: "{provider} · only if your mailbox is at {provider}",
    exact: "{provider} · matches the codes in this message",
    partial: "{provider} · partly matches",
    here: "Read it here",
    unavailable: "The lookup is unavailable ({error})."
  };
  if (window.mailbook && window.mailbook.words) { TEXT = window.mailbook.words("lookup", TEXT); }
  function say(key, values) {
    var text = window.mailbook && window.mailbook.pick ? window.mailbook.pick(TEXT[key], values) : TEXT[key];
    return text.replace(/\{(\w+)\}/g, function (_, name) { return values && values[name] != null ? values[name] : ""; });
  }

  var shared = window.mailbook;
  var lookup = document.getElementById("lookup");
  if (!lookup || !shared) { return; }

  // ---- the matcher (mirrors src/verify/troubleshoot.rs) ------------------------------
  function firstMatch(patterns, text) {
    for (var i = 0; i < patterns.length; i++) {
      var m = new RegExp(patterns[i]).exec(text);
      if (m) { return m; }
    }
    return null;
  }
  function observe(matcher, message) {
    var text = message.toLowerCase();
    var wrapped = firstMatch(matcher.unwrap, text);
    var reply = wrapped ? wrapped.slice(1).filter(function (g) { return g != null; }).join(" ") : text;
    var code = new RegExp(matcher.code_pattern).exec(reply);
    var enhanced = new RegExp(matcher.enhanced_pattern).exec(reply);
    var phase = null;
    for (var i = 0; i < matcher.phases.length && phase === null; i++) {
      if (new RegExp(matcher.phases[i].pattern).test(text)) { phase = matcher.phases[i].phase; }
    }
    return { phase: phase, code: code ? parseInt(code[1], 10) : null, enhanced: enhanced ? enhanced[1] : null, text: text };
  }
  function fit(w, m, seen) {
    var weight = 0, exact = true, replyMatched = false;
    if (m.phase != null && seen.phase != null) {
      if (m.phase !== seen.phase) { return null; }
      weight += w.phase;
    }
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
  }
  // How many of `hints` the lower-cased text holds whole (as `hint_score` in Rust).
  function hintScore(hints, text) {
    var alnum = function (c) { return c !== undefined && /[a-z0-9]/.test(c); };
    return hints.filter(function (hint) {
      var first = alnum(hint.charAt(0)), last = alnum(hint.charAt(hint.length - 1));
      for (var at = text.indexOf(hint); at >= 0; at = text.indexOf(hint, at + 1)) {
        var before = at > 0 ? text.charAt(at - 1) : undefined;
        var after = at + hint.length < text.length ? text.charAt(at + hint.length) : undefined;
        if (!(first && alnum(before)) && !(last && alnum(after))) { return true; }
      }
      return false;
    }).length;
  }
  function rankEntries(index, provider, message) {
    var seen = observe(index.matcher, message);
    var named = {};
    Object.keys(index.recognize || {}).forEach(function (id) { named[id] = hintScore(index.recognize[id], seen.text); });
    var found = [];
    index.documents.forEach(function (doc) {
      if (doc.kind !== "error" || !doc.match) { return; }
      var f = fit(index.matcher.weights, doc.match, seen);
      if (f) {
        found.push({ doc: doc, given: doc.match.recipe === provider, named: named[doc.match.recipe] || 0, exact: f.exact, weight: f.weight });
      }
    });
    var cmp = function (a, b) { return a < b ? -1 : a > b ? 1 : 0; };
    found.sort(function (a, b) {
      return (b.given - a.given) || (b.named - a.named) || (b.weight - a.weight) || (b.exact - a.exact) ||
        cmp(a.doc.match.recipe, b.doc.match.recipe) || (a.doc.id - b.doc.id);
    });
    var best = 0;
    Object.keys(named).forEach(function (id) { best = Math.max(best, named[id]); });
    return { found: found, named: named, best: best };
  }

  // ---- what the merchant reads ------------------------------------------------------
  // An entry is the merchant's provider's when `?provider=` names it or the message names it
  // (as strongly as any other provider); how sure the answer is follows from the first entry.
  function isTheirs(f, provider, best) {
    return f.given || (!provider && best > 0 && f.named === best);
  }
  // An entry that fits by the phase alone (nothing of the reply) is never more than a guess
  // unless it is the merchant's provider's.
  function certainty(ranked, provider, weights) {
    var top = ranked.found[0];
    var theirs = isTheirs(top, provider, ranked.best);
    if (top.exact && theirs) { return "sure"; }
    return (top.exact && top.weight > weights.phase) || theirs ? "probably" : "unsure";
  }
  function itemLabel(f, provider, best) {
    var values = { provider: f.doc.provider };
    if (provider || best > 0) {
      if (!isTheirs(f, provider, best)) { return say("other", values); }
      return say(f.exact ? "ownExact" : "ownPartial", values);
    }
    return say(f.exact ? "exact" : "partial", values);
  }
  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }
  function resultItem(f, label) {
    var li = document.createElement("li");
    li.appendChild(link(shared.root + f.doc.url, f.doc.title));
    var meta = document.createElement("span");
    meta.className = "result-meta";
    meta.textContent = label + " · ";
    // The same entry in the list below, without leaving the page.
    meta.appendChild(link("#" + f.doc.match.recipe + "-" + f.doc.url.split("#")[1], say("here")));
    li.appendChild(meta);
    return li;
  }
  function providerDoc(index, id) {
    for (var i = 0; i < index.documents.length; i++) {
      var d = index.documents[i];
      if (d.kind === "provider" && d.url === id + "/") { return d; }
    }
    return null;
  }
  function nothingFound(status, index, ranked) {
    status.textContent = say("none");
    var named = Object.keys(ranked.named).filter(function (id) { return ranked.best > 0 && ranked.named[id] === ranked.best; });
    var doc = named.length ? providerDoc(index, named[0]) : null;
    if (doc) {
      status.appendChild(document.createTextNode(say("noneProvider", { provider: doc.title })));
      status.appendChild(link(shared.root + doc.url, say("noneProviderLink", { provider: doc.title })));
    } else {
      status.appendChild(document.createTextNode(say("noneGeneral")));
      status.appendChild(link(shared.root + "requirements/", say("noneGeneralLink")));
    }
    status.appendChild(document.createTextNode("."));
  }

  lookup.hidden = false;
  var form = lookup.querySelector("[data-lookup-form]");
  var box = lookup.querySelector("[data-lookup-input]");
  var status = lookup.querySelector("[data-lookup-status]");
  var list = lookup.querySelector("[data-lookup-results]");
  var params = new URLSearchParams(location.search);
  var provider = params.get("provider");
  function run() {
    var message = box.value.trim();
    list.innerHTML = "";
    if (!message) { status.textContent = say("empty"); return; }
    shared.loadIndex().then(function (index) {
      var ranked = rankEntries(index, provider, message);
      list.innerHTML = "";
      if (!ranked.found.length) { nothingFound(status, index, ranked); return; }
      var top = ranked.found[0];
      var sure = certainty(ranked, provider, index.matcher.weights);
      status.textContent = say(sure, { provider: top.doc.provider }) + " " +
        (ranked.found.length === 1 ? say("countOne") : say("count", { n: ranked.found.length }));
      status.setAttribute("data-certainty", sure);
      ranked.found.slice(0, 50).forEach(function (f) {
        list.appendChild(resultItem(f, itemLabel(f, provider, ranked.best)));
      });
    }, function (e) { status.textContent = say("unavailable", { error: e.message }); });
  }
  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  if (params.get("q")) { box.value = params.get("q"); run(); }
})();
