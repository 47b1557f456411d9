// mailbook theme script, the merchant's own values: the index's "type your email address"
// box, the provider page's "the values for the panel" filled in with the reader's address,
// and "Check my values". Everything runs in the browser on data the site already holds
// (providers.json, the page's #panel-data block): nothing typed is sent anywhere. The address
// typed on the index travels to the provider page in sessionStorage, never in the URL.
(function () {
  "use strict";
  // Every message this file shows, in one table (i18n moves it to a catalogue).
  // {name} is replaced by the value of that name.
  var MESSAGES = {
    wholeAddress: "Type a whole email address, e.g. shop@gmail.com.",
    unknownDomain: "No guide lists {domain}. It may be your own domain hosted by a mail provider: ask your help desk to look up its MX records (they name the provider), then pick that provider below. Until then, read the ",
    generalLink: "general requirements",
    lookupUnavailable: "The address lookup is unavailable ({error}).",
    filledFor: "for your mailbox {email}",
    filled: "Filled in for {email}.",
    otherProvider: "{domain} is not a {provider} address. Its own page: ",
    notListed: "{domain} is not one of {provider}'s domains; check that this is your provider's page.",
    ruleBroken: "{label}: {message}",
    reported: " (reported, not confirmed on today's panel)",
    dotsDropped: "{label}: {provider} ignores dots before the @, so {value} is the same mailbox without the dots the panel refuses.",
    checkEmpty: "Type at least one value to check.",
    checkOk: "No problem found: these values match {provider}'s settings and the panel's rules.",
    checkProblems: "{count} thing(s) to fix:",
    hostWrong: "{label}: {value} is not {provider}'s server. Type {host}.",
    portWrong: "{label}: {port} is not a port of {host}. Use {ports}.",
    portMode: "{label}: port {port} goes with {mode}, not with {chosen}.",
    modeMissing: "{label}: choose {mode} for port {port}.",
    usernameForm: "{label}: {provider} expects {expected} for this address.",
    usernameDots: "{label}: the panel refuses a dot before the @. {provider} ignores dots, so type {value}: it is the same mailbox.",
    passwordFormat: "{label}: this does not look like a {provider} app password ({looks}). If it is your account password, {provider} refuses it: create an app password and paste it here.",
    passwordSpaces: "{label}: leave out the spaces between the groups.",
    senderDiffers: "{label}: {value} is not the mailbox {email}. Providers refuse or rewrite mail from another address unless it is an alias set up with them.",
    emailDiffers: "{label}: {value} is not the address the user name signs in with ({expected})."
  };
  if (window.mailbook && window.mailbook.words) { MESSAGES = window.mailbook.words("values", MESSAGES); }
  function say(key, values) {
    var text = window.mailbook && window.mailbook.pick ? window.mailbook.pick(MESSAGES[key], values) : MESSAGES[key];
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return values && values[name] != null ? String(values[name]) : all;
    });
  }
  var root = document.body.getAttribute("data-root") || "";
  var STORE = "mailbook-address";

  function domainOf(address) {
    var at = address.lastIndexOf("@");
    return at > 0 ? address.slice(at + 1).replace(/\.$/, "") : "";
  }
  function remember(address) {
    try { sessionStorage.setItem(STORE, address); } catch (e) { /* storage off: nothing kept */ }
  }
  function remembered() {
    try { return sessionStorage.getItem(STORE) || ""; } catch (e) { return ""; }
  }

  // providers.json: the domain, else the nearest parent listed in domain_suffixes (the rule
  // of src/discover.rs and docs/providers-json.md).
  var providersPromise = null;
  function findProvider(domain) {
    if (!providersPromise) {
      providersPromise = fetch(((window.mailbook && window.mailbook.assets) || root) + "providers.json").then(function (r) {
        if (!r.ok) { throw new Error("providers.json: HTTP " + r.status); }
        return r.json();
      });
    }
    return providersPromise.then(function (data) {
      var entry = data.domains[domain];
      for (var parent = domain; !entry && parent.indexOf(".") >= 0;) {
        parent = parent.slice(parent.indexOf(".") + 1);
        entry = (data.domain_suffixes || {})[parent];
      }
      var id = entry && entry.provider;
      return id && data.providers[id] ? { id: id, page: data.providers[id].page, name: data.providers[id].name } : null;
    });
  }
  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  // Printing shows every <details> open (the CSS does too where the browser allows it).
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details:not([open])"), function (d) {
      d.setAttribute("open", "");
      d.setAttribute("data-print-opened", "");
    });
  });
  window.addEventListener("afterprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details[data-print-opened]"), function (d) {
      d.removeAttribute("open");
      d.removeAttribute("data-print-opened");
    });
  });
  // ---- index: email address → its provider's page ----------------------------------------
  var lookup = document.getElementById("address-lookup");
  if (lookup) {
    lookup.hidden = false;
    var addressInput = lookup.querySelector("[data-address-input]");
    var addressStatus = lookup.querySelector("[data-address-status]");
    lookup.querySelector("[data-address-form]").addEventListener("submit", function (e) {
      e.preventDefault();
      var address = addressInput.value.trim();
      var domain = domainOf(address.toLowerCase());
      if (!domain || domain.indexOf(".") < 0) { addressStatus.textContent = say("wholeAddress"); return; }
      findProvider(domain).then(function (found) {
        if (found) {
          remember(address);
          window.location.href = root + found.page;
          return;
        }
        addressStatus.textContent = say("unknownDomain", { domain: domain });
        addressStatus.appendChild(link(root + "requirements/", say("generalLink")));
        addressStatus.appendChild(document.createTextNode("."));
      }, function (err) { addressStatus.textContent = say("lookupUnavailable", { error: err.message }); });
    });
  }

  // ---- provider page: the panel's values for the reader's own address --------------------
  var dataBlock = document.getElementById("panel-data");
  if (!dataBlock) { return; }
  var panel = JSON.parse(dataBlock.textContent);
  var labels = {};
  Array.prototype.forEach.call(document.querySelectorAll("[data-values] [data-field]"), function (row) {
    labels[row.getAttribute("data-field")] = row.querySelector("dt").textContent;
  });
  var providerName = (document.querySelector(".breadcrumb [aria-current]") || {}).textContent || panel.provider;
  var preferred = panel.servers.filter(function (s) { return s.preferred; })[0] || panel.servers[0];

  function rulesFor(field) { return panel.rules.filter(function (r) { return r.field === field; }); }
  function brokenRules(field, value) {
    return rulesFor(field).filter(function (r) { return !new RegExp(r.pattern).test(value); });
  }
  function ownDomain(address) { return panel.domains.indexOf(domainOf(address.toLowerCase())) >= 0; }
  function withoutDots(address) {
    var at = address.lastIndexOf("@");
    return address.slice(0, at).replace(/\./g, "") + address.slice(at);
  }
  // The user name for `email`, as the panel's rule or the server's template says.
  function usernameFor(email) {
    var at = email.lastIndexOf("@");
    if (panel.username_form === "email") { return email; }
    if (panel.username_form === "local") { return email.slice(0, at); }
    return (panel.username || "{email}").replace("{email}", email)
      .replace("{local}", email.slice(0, at)).replace("{domain}", email.slice(at + 1));
  }
  // A value the panel refuses only for its dots, at a provider that ignores dots: without them.
  function dotRule(field, value) {
    if (!panel.dots_ignored || !ownDomain(value) || !brokenRules(field, value).length) { return value; }
    var plain = withoutDots(value);
    return brokenRules(field, plain).length ? value : plain;
  }
  // The values the panel needs for `email`, and what the reader should know about them.
  function valuesFor(email) {
    var values = { host: preferred.host, port: String(preferred.port), security: preferred.label };
    values.username = dotRule("username", usernameFor(email));
    values.email = dotRule("email", email);
    values.sender = dotRule("sender", email);
    var notes = [];
    ["username", "email", "sender"].forEach(function (field) {
      var raw = field === "username" ? usernameFor(email) : email;
      if (values[field] !== raw) {
        notes.push(say("dotsDropped", { label: labels[field] || field, provider: providerName, value: values[field] }));
      }
      brokenRules(field, values[field]).forEach(function (r) {
        notes.push(say("ruleBroken", { label: labels[field] || field, message: r.message }) + (r.confirmed ? "" : say("reported")));
      });
    });
    return { values: values, notes: notes };
  }

  function fill(email) {
    var result = valuesFor(email);
    Object.keys(result.values).forEach(function (field) {
      var value = result.values[field];
      Array.prototype.forEach.call(document.querySelectorAll("[data-field='" + field + "']"), function (row) {
        var shown = row.querySelector("[data-value]");
        if (!shown) { return; }
        if ("value" in shown && shown.tagName === "INPUT") { shown.value = value; } else { shown.textContent = value; }
        var button = row.querySelector("button.copy");
        if (button) { button.setAttribute("data-copy", value); }
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-values-for]"), function (span) {
      span.textContent = say("filledFor", { email: email });
    });
    var status = document.querySelector("[data-address-status]");
    status.textContent = [say("filled", { email: email })].concat(result.notes).join(" ");
    if (panel.domains.length && !ownDomain(email)) {
      var domain = domainOf(email.toLowerCase());
      findProvider(domain).then(function (found) {
        if (found && found.id !== panel.provider) {
          status.appendChild(document.createTextNode(" " + say("otherProvider", { domain: domain, provider: providerName })));
          status.appendChild(link(root + found.page, found.name));
        } else if (!found) {
          status.appendChild(document.createTextNode(" " + say("notListed", { domain: domain, provider: providerName })));
        }
      }, function () { /* the fill itself stands */ });
    }
  }

  var fillForm = document.querySelector("[data-address-fill]");
  if (fillForm) {
    var fillInput = fillForm.querySelector("[data-address-input]");
    var fillStatus = document.querySelector("[data-address-status]");
    var apply = function () {
      var address = fillInput.value.trim();
      if (!domainOf(address) || domainOf(address).indexOf(".") < 0) { fillStatus.textContent = say("wholeAddress"); return false; }
      remember(address);
      fill(address);
      return true;
    };
    fillForm.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    fillInput.addEventListener("input", function () {
      var address = fillInput.value.trim();
      if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address)) { remember(address); fill(address); }
    });
    var stored = remembered();
    if (stored) { fillInput.value = stored; apply(); }
  }

  // ---- provider page: Check my values -------------------------------------------------------
  function securityOf(label) {
    var labelsByMode = panel.security_labels;
    return Object.keys(labelsByMode).filter(function (mode) { return labelsByMode[mode] === label; })[0] || "";
  }
  function checkServer(got, problems) {
    var hosts = panel.servers.map(function (s) { return s.host; });
    var host = got.host ? got.host.toLowerCase().replace(/\.$/, "") : "";
    if (host && hosts.indexOf(host) < 0) {
      problems.push(say("hostWrong", { label: labels.host, value: got.host, provider: providerName, host: preferred.host }));
      return;
    }
    var servers = panel.servers.filter(function (s) { return !host || s.host === host; });
    var port = got.port ? parseInt(got.port, 10) : null;
    var mode = securityOf(got.security || "");
    var atPort = servers.filter(function (s) { return s.port === port; });
    if (port != null && !atPort.length) {
      var ports = servers.map(function (s) { return s.port + " (" + s.label + ")"; }).join(", ");
      problems.push(say("portWrong", { label: labels.port, port: got.port, host: host || preferred.host, ports: ports }));
    } else if (port != null && !mode) {
      problems.push(say("modeMissing", { label: labels.security, mode: atPort[0].label, port: port }));
    } else if (port != null && atPort[0].security !== mode) {
      problems.push(say("portMode", { label: labels.port, port: port, mode: atPort[0].label, chosen: got.security }));
    }
  }
  function checkNames(got, problems) {
    var email = got.email || got.sender || "";
    if (got.username) {
      var dotless = dotRule("username", got.username);
      if (dotless !== got.username) {
        problems.push(say("usernameDots", { label: labels.username, provider: providerName, value: dotless }));
      } else {
        brokenRules("username", got.username).forEach(function (r) {
          problems.push(say("ruleBroken", { label: labels.username, message: r.message }) + (r.confirmed ? "" : say("reported")));
        });
      }
      var expected = email ? dotRule("username", usernameFor(email)) : "";
      if (expected && dotless === got.username && got.username.toLowerCase() !== expected.toLowerCase()) {
        problems.push(say("usernameForm", { label: labels.username, provider: providerName, expected: expected }));
      }
    }
    ["email", "sender"].forEach(function (field) {
      if (!got[field]) { return; }
      brokenRules(field, got[field]).forEach(function (r) {
        problems.push(say("ruleBroken", { label: labels[field], message: r.message }) + (r.confirmed ? "" : say("reported")));
      });
    });
    if (got.sender && got.email && got.sender.toLowerCase() !== got.email.toLowerCase()) {
      problems.push(say("senderDiffers", { label: labels.sender, value: got.sender, email: got.email }));
    }
  }
  function checkPassword(got, problems) {
    var password = got.password;
    if (!password) { return; }
    var format = panel.app_password;
    if (format && panel.password === "app_password") {
      if (/\s/.test(password) && new RegExp(format.pattern).test(password.replace(/\s+/g, ""))) {
        problems.push(say("passwordSpaces", { label: labels.password }));
      } else if (!new RegExp(format.pattern).test(password)) {
        problems.push(say("passwordFormat", { label: labels.password, provider: providerName, looks: format.looks_like }));
      }
    }
    brokenRules("password", password.replace(/\s+/g, "")).forEach(function (r) {
      problems.push(say("ruleBroken", { label: labels.password, message: r.message }) + (r.confirmed ? "" : say("reported")));
    });
  }

  var checkForm = document.querySelector("[data-check-form]");
  if (checkForm) {
    var result = document.querySelector("[data-check-result]");
    var storedAddress = remembered();
    if (storedAddress) {
      var filled = valuesFor(storedAddress).values;
      Array.prototype.forEach.call(checkForm.querySelectorAll("[data-check]"), function (input) {
        var field = input.getAttribute("data-check");
        if (field !== "password" && filled[field] && !input.value) { input.placeholder = filled[field]; }
      });
    }
    checkForm.addEventListener("submit", function (e) {
      e.preventDefault();
      var got = {};
      Array.prototype.forEach.call(checkForm.querySelectorAll("[data-check]"), function (input) {
        got[input.getAttribute("data-check")] = input.value.trim();
      });
      got.password = checkForm.querySelector("[data-check='password']") ? checkForm.querySelector("[data-check='password']").value : "";
      result.innerHTML = "";
      if (!Object.keys(got).some(function (k) { return got[k]; })) { result.textContent = say("checkEmpty"); return; }
      var problems = [];
      checkServer(got, problems);
      checkNames(got, problems);
      checkPassword(got, problems);
      var head = document.createElement("p");
      head.className = problems.length ? "check-bad" : "check-ok";
      head.textContent = problems.length ? say("checkProblems", { count: problems.length }) : say("checkOk", { provider: providerName });
      result.appendChild(head);
      if (problems.length) {
        var list = document.createElement("ul");
        problems.forEach(function (p) {
          var li = document.createElement("li");
          li.textContent = p;
          list.appendChild(li);
        });
        result.appendChild(list);
      }
    });
  }

})();
