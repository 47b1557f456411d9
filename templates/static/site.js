// mailbook theme script: copy buttons, and the search index for the scripts below.
// The search box and the error lookup are in static/search.js and static/lookup.js, which
// share the search index loaded here (window.mailbook).
// Reading never depends on it: every control it drives is `hidden` until this file runs.
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";
  // Static files and providers.json are at the site root, shared by every language.
  var assets = document.body.getAttribute("data-assets") || root;
  var lang = document.body.getAttribute("data-lang") || "en";
  var announcer = document.getElementById("announcer");

  // ---- the page's words: the theme's message catalogue (templates/locales/LANG.ftl) ----
  // `js-SCRIPT-KEY` messages replace the entries of each script's own table of words; a
  // plural message comes as its CLDR variants, chosen here with the browser's plural rules
  // (the rules Fluent used to write them).
  var messages = {};
  try { messages = JSON.parse(document.getElementById("messages").textContent || "{}"); } catch (e) { messages = {}; }
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  function words(script, table) {
    var out = {};
    Object.keys(table).forEach(function (key) {
      var m = messages[script + "-" + key];
      out[key] = m === undefined ? table[key] : m;
    });
    return out;
  }
  // A table entry as text: a plural entry's variant for values.count (or values.n).
  function pick(entry, values) {
    if (entry && typeof entry === "object") {
      var n = values && (values.count != null ? values.count : values.n);
      if (values && values.count == null) { values.count = n; }
      var category = plural && typeof n === "number" ? plural.select(n) : "other";
      return entry[category] || entry.other || entry.many || entry.one || "";
    }
    return entry;
  }

  // ---- search normalisation, the same for the index and the query ------------------------
  // Case, ё → е, and for Russian a light stemmer that strips inflectional endings, so that
  // "пароль приложения" also finds "паролей приложений" and "паролем приложения". MiniSearch
  // applies it to every indexed word and every query word alike.
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
    return stemRu(String(term || "").toLowerCase().replace(/ё/g, "е"));
  }

  // ---- language switcher: stay on the same provider and section -------------------------
  Array.prototype.forEach.call(document.querySelectorAll("a[data-keep-hash]"), function (a) {
    a.addEventListener("click", function () {
      if (location.hash) { a.href = a.href.split("#")[0] + location.hash; }
    });
  });
  var COPY = words("copy", {
    copied: "Copied",
    copiedValue: "Copied {value}",
    byHand: "Select and copy by hand"
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
        button.textContent = COPY.copied;
        announce(COPY.copiedValue.replace("{value}", value));
      }, function () {
        button.textContent = COPY.byHand;
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
  window.mailbook = {
    root: root, assets: assets, lang: lang, loadIndex: loadIndex, announce: announce,
    words: words, pick: pick, normalise: normalise
  };

  // The index's search box: static/search.js; the errors page's lookup: static/lookup.js.
  // The index's address box and the provider page's own values: static/values.js.
})();
