// Real-browser test of a built mailbook site, run by tests/testsuite/browser.rs.
// Usage: node site-test.mjs http://127.0.0.1:PORT/ [--axe-only] [--golden TABLE.json] [--journeys]
// Drives Debian's chromium (headless) through playwright-core: search, address lookup, error lookup, copy
// button, keyboard, phone width; fails on console errors, on any request that leaves
// 127.0.0.1, and on serious or critical axe-core violations (light and dark).
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const axeSource = require("axe-core").source;
const base = process.argv[2];
if (!base) {
  console.error("usage: node site-test.mjs BASE_URL");
  process.exit(2);
}
const origin = new URL(base).origin;
// Never hang a test run: the whole script has two minutes.
setTimeout(() => { console.error("FAIL: browser test timed out"); process.exit(1); }, 120000).unref();
const failures = [];
const fail = (msg) => { failures.push(msg); console.error("FAIL: " + msg); };
const step = (msg) => console.error("-- " + msg);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
});
const context = await browser.newContext();
await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });

const outside = [];
context.on("request", (req) => {
  const url = new URL(req.url());
  if (url.protocol === "data:" || url.protocol === "about:") return;
  if (url.hostname !== "127.0.0.1") outside.push(req.url());
});
// Anything else leaving the machine is aborted, so a bad theme cannot slow the test down.
await context.route("**/*", (route) => {
  const url = new URL(route.request().url());
  return url.hostname === "127.0.0.1" ? route.continue() : route.abort();
});

const page = await context.newPage();
const consoleErrors = [];
page.on("console", (msg) => { if (msg.type() === "error") consoleErrors.push(`${page.url()}: ${msg.text()}`); });
page.on("pageerror", (err) => consoleErrors.push(`${page.url()}: ${err.message}`));

async function axe(label) {
  // Tables and other folded parts are checked too.
  await page.evaluate(() => document.querySelectorAll("details").forEach((d) => { d.open = true; }));
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => globalThis.axe.run(document, { resultTypes: ["violations"] }));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  for (const v of bad) {
    fail(`axe ${label}: ${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
  }
  step(`axe ${label}: ${result.violations.length} violation(s), ${bad.length} serious/critical`);
}

// `--golden TABLE.json`: every row of the troubleshooting golden table through the error
// lookup, as a merchant uses it (errors/?provider=ID when the row names a provider, the
// message pasted into the box, the form submitted); the first result must be the row's entry.
async function golden(path) {
  const table = JSON.parse(readFileSync(path, "utf8"));
  // One page load per provider context; each row clears the last answer, pastes, submits.
  const rows = [...table.rows].sort((a, b) => String(a.provider).localeCompare(String(b.provider)));
  let agreed = 0;
  let loaded = null;
  for (const row of rows) {
    const query = row.provider ? "?provider=" + encodeURIComponent(row.provider) : "";
    if (query !== loaded) {
      await page.goto(base + "errors/" + query, { waitUntil: "load" });
      await page.locator("#lookup-input").waitFor({ state: "visible", timeout: 10000 });
      loaded = query;
    }
    await page.evaluate(() => { document.querySelector("[data-lookup-status]").textContent = ""; });
    await page.fill("#lookup-input", row.message);
    await page.click("[data-lookup-form] button[type=submit]");
    await page.waitForFunction(() => document.querySelector("[data-lookup-status]").textContent.trim() !== "", null, { timeout: 10000 });
    const href = await page.evaluate(() => {
      const a = document.querySelector("[data-lookup-results] a");
      return a ? a.getAttribute("href") : null;
    });
    const want = row.expect ? `/${row.expect.recipe}/#${row.expect.entry}` : null;
    const ok = want ? href !== null && ("/" + href.replace(/^(\.\.\/)+/, "")).endsWith(want) : href === null;
    if (ok) { agreed += 1; } else { fail(`golden row ${JSON.stringify(row.message)} (provider ${row.provider}): first result ${href}, expected ${want || "none"}`); }
  }
  step(`golden table: ${agreed} of ${table.rows.length} rows agree`);
  if (table.rows.length < 20) fail(`golden table has only ${table.rows.length} rows`);
}
const goldenAt = process.argv.indexOf("--golden");

// The Russian index's search: inflected Russian words, Russian names of a provider, and the
// same page reached in the other language by the switcher, on the same section.
async function russianSearch() {
  const expect = async (query, expected, where) => {
    step(`ru search "${query}"`);
    await page.goto(base + "ru/", { waitUntil: "load" });
    await page.locator("#search-input").waitFor({ state: "visible", timeout: 10000 });
    await page.fill("#search-input", query);
    const hit = page.locator("[data-search-results] a", { hasText: expected }).first();
    try { await hit.waitFor({ timeout: 5000 }); } catch { fail(`ru search "${query}" did not list "${expected}"`); return; }
    const href = await hit.getAttribute("href");
    if (!href.includes(where)) fail(`ru search "${query}": "${expected}" links to ${href}, not ${where}`);
  };
  // The app-password steps of Gmail and Yandex ("Создайте пароль приложения …"), found
  // with other word endings too.
  await expect("пароль приложения", "Gmail", "gmail/");
  await expect("пароль приложения", "Yandex Mail", "yandex/");
  await expect("паролем приложений", "Gmail", "gmail/");
  await expect("хотмейл", "Outlook.com", "outlook/");
  await expect("outlook", "Outlook.com", "outlook/");
  const status = await page.locator("[data-search-status]").textContent();
  if (!/результат/.test(status)) fail(`ru search status is not Russian: "${status}"`);
  step("language switcher keeps the section");
  await page.goto(base + "ru/gmail/#create-app-password", { waitUntil: "load" });
  await page.locator("nav.languages a[hreflang=en]").click();
  await page.waitForURL(/\/gmail\/#create-app-password$/, { timeout: 10000 });
  if (new URL(page.url()).pathname.includes("/ru/")) fail(`switcher stayed in Russian: ${page.url()}`);
}

// `--journeys` (with the repository's recipes): what a merchant pastes or types.
// The error lookup: a message as each mail library shows it → the right entry first, with the
// certainty said in words (`data-certainty` on the status line).
async function lookupJourneys() {
  const gmail = "535-5.7.8 Username and Password not accepted. For more information, go to\n535 5.7.8  https://support.google.com/mail/?p=BadCredentials d9443c01a7336-2a1b2c3d4e5sm123456ad.12 - gsmtp";
  const cases = [
    ["Symfony Mailer", `Expected response code "235" but got code "535", with message "${gmail}".`, "gmail/#bad-credentials", "sure"],
    ["Swift Mailer", `Failed to authenticate on SMTP server with username "orders@shop.example" using 2 possible authenticators. Authenticator LOGIN returned Expected response code 235 but got code "535", with message "${gmail}"`, "gmail/#bad-credentials", "sure"],
    ["PHPMailer", `SMTP ERROR: Password command failed: ${gmail}\nSMTP Error: Could not authenticate.`, "gmail/#bad-credentials", "sure"],
    ["Nodemailer", `Error: Invalid login: ${gmail}`, "gmail/#bad-credentials", "sure"],
    ["DNS typo", "Error: getaddrinfo ENOTFOUND smpt.gmail.com", "gmail/#server-not-found", "sure"],
    ["no host", "SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting", null, "unsure"],
  ];
  await page.goto(base + "errors/", { waitUntil: "load" });
  await page.locator("#lookup-input").waitFor({ state: "visible", timeout: 10000 });
  // The box is on top of the list it enhances.
  const boxFirst = await page.evaluate(() => !!(document.querySelector("#lookup").compareDocumentPosition(document.querySelector(".error-group")) & Node.DOCUMENT_POSITION_FOLLOWING));
  if (!boxFirst) fail("the lookup box is not above the list of errors");
  for (const [label, message, want, certainty] of cases) {
    step(`lookup: ${label}`);
    await page.evaluate(() => { document.querySelector("[data-lookup-status]").textContent = ""; });
    await page.fill("#lookup-input", message);
    await page.click("[data-lookup-form] button[type=submit]");
    await page.waitForFunction(() => document.querySelector("[data-lookup-status]").textContent.trim() !== "", null, { timeout: 10000 });
    const got = await page.evaluate(() => {
      const a = document.querySelector("[data-lookup-results] a");
      const status = document.querySelector("[data-lookup-status]");
      return { href: a && a.getAttribute("href"), meta: a && a.parentElement.textContent, status: status.textContent, certainty: status.getAttribute("data-certainty") };
    });
    if (want && !(got.href || "").endsWith(want)) fail(`lookup ${label}: first result ${got.href}, expected ${want}`);
    if (got.certainty !== certainty) fail(`lookup ${label}: certainty ${got.certainty} ("${got.status}"), expected ${certainty}`);
    if (certainty === "sure" && !got.status.includes("This is Gmail's error")) fail(`lookup ${label}: status says "${got.status}"`);
    if (certainty === "unsure" && !got.status.startsWith("Not sure")) fail(`lookup ${label}: status says "${got.status}"`);
    // Other providers' catch-alls are never called a match for Gmail's message.
    const labels = await page.locator("[data-lookup-results] .result-meta").allInnerTexts();
    const wrong = labels.filter((t) => !t.startsWith("Gmail") && !t.startsWith("Google Workspace") && /matches/.test(t));
    if (want && want.startsWith("gmail/") && wrong.length) fail(`lookup ${label}: other providers labelled as matches: ${wrong.join(" | ")}`);
  }
  // The first result's "read it here" link stays on the page, at the entry in the list.
  const here = await page.locator("[data-lookup-results] .result-meta a").first().getAttribute("href");
  if (!/^#[a-z0-9-]+$/.test(here || "") || !(await page.locator(here).count())) fail(`"read it here" points at ${here}`);
}

// The errors page without JavaScript: every entry, grouped by provider, with cause, fix and
// a link to its provider page; the lookup box stays hidden.
async function errorsPageWithoutScript(errorDocs) {
  step("errors page without JavaScript");
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  await noScript.route("**/*", (route) => {
    const url = new URL(route.request().url());
    return url.hostname === "127.0.0.1" ? route.continue() : route.abort();
  });
  const p = await noScript.newPage();
  await p.goto(base + "errors/", { waitUntil: "load" });
  if (await p.locator("#lookup").isVisible()) fail("no-JS errors page shows the lookup box");
  const entries = await p.locator(".error-group .trouble").count();
  if (entries !== errorDocs) fail(`no-JS errors page lists ${entries} entries, the index has ${errorDocs}`);
  const entry = p.locator("#gmail-bad-credentials");
  if (!(await entry.isVisible())) fail("no-JS errors page: #gmail-bad-credentials not visible");
  const text = await entry.innerText();
  for (const part of ["535 5.7.8", "Why", "What to do", "app password"]) {
    if (!text.includes(part)) fail(`no-JS errors page: Gmail's 535 entry lacks "${part}"`);
  }
  await entry.locator("a", { hasText: "on the Gmail page" }).click();
  await p.waitForURL(/\/gmail\/#bad-credentials$/, { timeout: 10000 });
  await p.goto(base + "errors/", { waitUntil: "load" });
  const dns = await p.locator("#gmail-server-not-found").innerText();
  if (!dns.includes("Server not found") || !dns.includes("smtp.gmail.com")) fail(`no-JS errors page: server-not-found says "${dns}"`);
  await noScript.close();
}

// Search finds what merchants type, marks it, and says what to do when nothing is found.
async function searchJourneys() {
  await page.goto(base, { waitUntil: "load" });
  await page.locator("#search-input").waitFor({ state: "visible", timeout: 10000 });
  const cases = [
    ["465", "Yandex", "465"],
    ["ssl", "Gmail", "ssl"],
    ["app password", "Gmail", "app"],
    ["starttls", "Gmail", "starttls"],
    ["587", "iCloud", "587"],
  ];
  for (const [query, provider, mark] of cases) {
    step(`search "${query}"`);
    await page.fill("#search-input", query);
    const hit = page.locator("[data-search-results] li", { hasText: provider }).first();
    try { await hit.waitFor({ timeout: 5000 }); } catch { fail(`search "${query}" did not list ${provider}`); continue; }
    if (mark) {
      const marks = (await hit.locator("mark").allInnerTexts()).map((m) => m.toLowerCase());
      if (!marks.some((m) => m.startsWith(mark))) fail(`search "${query}": ${provider} result marks [${marks}], expected "${mark}"`);
    }
  }
  // "ssl" also reaches the general page that explains the modes.
  await page.fill("#search-input", "ssl");
  try { await page.locator("[data-search-results] a[href$='requirements/']").waitFor({ timeout: 5000 }); } catch { fail('search "ssl" does not list the general requirements'); }
  // Marked results stay readable, light and dark.
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    await axe(`search results (${scheme})`);
  }
  // Recipe text reaches the page as text, never as markup.
  const raw = await page.evaluate(() => [...document.querySelectorAll("[data-search-results] *")].filter((e) => !["LI", "A", "SPAN", "MARK"].includes(e.tagName)).length);
  if (raw) fail(`search results hold ${raw} unexpected element(s)`);
  step("search with no result");
  await page.fill("#search-input", "protonmail");
  const status = page.locator("[data-search-status]");
  try { await status.locator("a[href$='requirements/']").waitFor({ timeout: 5000 }); } catch { fail("no-result search links no general page"); }
  const said = await status.innerText();
  if (!said.includes("protonmail") || !said.includes("MX records") || !said.includes("email address")) fail(`no-result search says "${said}"`);
}

// `--axe-only`: for any project (e.g. the repository's own recipes): every page through axe
// in light and dark, with the same console and network rules.
if (process.argv.includes("--axe-only")) {
  try {
    const providers = await (await fetch(base + "providers.json")).json();
    const english = ["", "errors/", "requirements/", ...Object.values(providers.providers).map((p) => p.page)];
    // `--lang ru`: the Russian pages too (`/ru/…`), and the Russian search below.
    const langAt = process.argv.indexOf("--lang");
    const lang = langAt > 0 ? process.argv[langAt + 1] : null;
    const paths = lang ? [...english, ...english.map((p) => `${lang}/${p}`)] : english;
    for (const scheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const path of paths) {
        await page.goto(base + path, { waitUntil: "load" });
        await axe(`${path || "index"} (${scheme})`);
      }
    }
    if (goldenAt > 0) await golden(process.argv[goldenAt + 1]);
    if (process.argv.includes("--journeys")) {
      const index = await (await fetch(base + "search-index.json")).json();
      await lookupJourneys();
      await errorsPageWithoutScript(index.documents.filter((d) => d.kind === "error").length);
      await searchJourneys();
    }
    if (lang === "ru") await russianSearch();
    // A subdomain of a listed suffix (providers.json `domain_suffixes`) opens its provider.
    if (providers.providers["microsoft-365"]) {
      step("address lookup by domain suffix");
      await page.goto(base, { waitUntil: "load" });
      await page.locator("#address-input").waitFor({ state: "visible", timeout: 10000 });
      await page.fill("#address-input", "shop@contoso.onmicrosoft.com");
      await page.press("#address-input", "Enter");
      await page.waitForURL(/\/microsoft-365\/$/, { timeout: 10000 });
    }
  } catch (e) {
    fail(`exception: ${e.stack || e}`);
  } finally {
    await browser.close();
  }
} else try {
  // 1. Search "hotmail" on the index and reach the Outlook.com page.
  step("search hotmail");
  await page.goto(base, { waitUntil: "load" });
  await page.locator("#search-input").waitFor({ state: "visible", timeout: 10000 });
  await page.fill("#search-input", "hotmail");
  const outlookLink = page.locator("[data-search-results] a", { hasText: "Outlook.com" }).first();
  await outlookLink.waitFor({ timeout: 10000 });
  await outlookLink.click();
  await page.waitForURL(/\/outlook\/$/, { timeout: 10000 });
  const h1 = await page.locator("h1").innerText();
  if (!h1.includes("Outlook.com")) fail(`outlook page h1 is "${h1}"`);

  // The address box opens the page of the provider whose domain it is, from providers.json;
  // an unknown domain is sent to the help desk (MX) and the general page.
  step("address lookup");
  await page.goto(base, { waitUntil: "load" });
  await page.locator("#address-input").waitFor({ state: "visible", timeout: 10000 });
  await page.fill("#address-input", "Shop@GoogleMail.com");
  await page.press("#address-input", "Enter");
  await page.waitForURL(/\/gmail\/$/, { timeout: 10000 });
  await page.goto(base, { waitUntil: "load" });
  await page.locator("#address-input").waitFor({ state: "visible" });
  await page.fill("#address-input", "shop@my-own-shop.example");
  await page.click("[data-address-form] button[type=submit]");
  const general = page.locator("[data-address-status] a[href$='requirements/']");
  await general.waitFor({ timeout: 10000 });
  const said = await page.locator("[data-address-status]").innerText();
  if (!said.includes("my-own-shop.example") || !said.includes("MX records")) fail(`unknown domain says "${said}"`);

  // Host names and enhanced codes are searchable too.
  await page.goto(base, { waitUntil: "load" });
  await page.locator("#search-input").waitFor({ state: "visible" });
  for (const [query, expected] of [["smtp.gmail.com", "Gmail"], ["5.7.8", "535-5.7.8"]]) {
    await page.fill("#search-input", query);
    const hit = page.locator("[data-search-results] a", { hasText: expected }).first();
    try { await hit.waitFor({ timeout: 5000 }); } catch { fail(`search "${query}" did not list "${expected}"`); }
  }

  // 2. Error lookup: 535-5.7.8 → Gmail's entry.
  step("error lookup 535-5.7.8");
  await page.goto(base + "errors/", { waitUntil: "load" });
  await page.locator("#lookup-input").waitFor({ state: "visible", timeout: 10000 });
  await page.fill("#lookup-input", "535-5.7.8 Username and Password not accepted. For more information, go to https://support.google.com/mail/?p=BadCredentials");
  await page.click("[data-lookup-form] button[type=submit]");
  const entry = page.locator("[data-lookup-results] a[href$='gmail/#bad-credentials']").first();
  await entry.waitFor({ timeout: 10000 });
  const firstHref = await page.locator("[data-lookup-results] a").first().getAttribute("href");
  if (!firstHref.endsWith("gmail/#bad-credentials")) fail(`first lookup result is ${firstHref}`);
  await entry.click();
  await page.waitForURL(/\/gmail\/#bad-credentials$/, { timeout: 10000 });
  if (!(await page.locator("#bad-credentials").isVisible())) fail("#bad-credentials not visible on the Gmail page");

  // 3. Copy button on the Gmail page.
  step("copy button");
  const copyButton = page.locator("button.copy").first();
  await copyButton.waitFor({ state: "visible", timeout: 10000 });
  const expectedValue = await copyButton.getAttribute("data-copy");
  await copyButton.click();
  await page.locator("button.copy", { hasText: "Copied" }).first().waitFor({ timeout: 5000 });
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  if (clip !== expectedValue) fail(`clipboard holds "${clip}", expected "${expectedValue}"`);

  // 3b. "Copy reply for a ticket" on a troubleshooting entry: a short plain-text reply with
  // the entry's deep link and, with a verification report, the "verified" stamp.
  step("copy reply for a ticket");
  const ticket = page.locator("#bad-credentials button.ticket-copy");
  await ticket.waitFor({ state: "visible", timeout: 10000 });
  await ticket.click();
  await page.locator("#bad-credentials button.ticket-copy", { hasText: "Reply copied" }).waitFor({ timeout: 5000 });
  const reply = await page.evaluate(() => navigator.clipboard.readText());
  if (!reply.includes(base + "gmail/#bad-credentials")) fail(`ticket reply lacks the deep link: ${JSON.stringify(reply)}`);
  if (!/verified with Gmail (today|yesterday|\d+ days ago) \(\d{4}-\d{2}-\d{2}\)/.test(reply)) fail(`ticket reply lacks the stamp: ${JSON.stringify(reply)}`);
  if (/\]\(|\*\*|<[a-z]/.test(reply)) fail(`ticket reply holds markup: ${JSON.stringify(reply)}`);
  if (reply.length > 800) fail(`ticket reply is ${reply.length} characters long`);
  // A step's button copies that step.
  await page.locator("#create-app-password button.ticket-copy").click();
  await page.locator("#create-app-password button.ticket-copy", { hasText: "Reply copied" }).waitFor({ timeout: 5000 });
  const stepReply = await page.evaluate(() => navigator.clipboard.readText());
  if (!stepReply.includes(base + "gmail/#create-app-password")) fail(`step reply: ${JSON.stringify(stepReply)}`);
  // The 90-day strip says in words what it shows.
  const summary = await page.locator("#evidence .evidence-summary").innerText();
  if (!summary.includes("Passed 86 of 88 checks")) fail(`evidence summary is "${summary}"`);

  // 3b. The merchant's own values: a Gmail address typed on the index opens the Gmail page
  // with the panel's values filled in (Gmail's dots dropped, as the panel's rule needs).
  step("gmail address → the values filled in");
  await page.goto(base, { waitUntil: "load" });
  await page.fill("#address-input", "test.shop@gmail.com");
  await page.press("#address-input", "Enter");
  await page.waitForURL(/\/gmail\/$/, { timeout: 10000 });
  const valueOf = (field) => page.locator(`[data-values] [data-field=${field}] [data-value]`).innerText();
  await page.waitForFunction(() => document.querySelector("[data-values] [data-field=username] [data-value]").textContent.includes("testshop"), null, { timeout: 10000 });
  for (const [field, want] of [["host", "smtp.gmail.com"], ["port", "587"], ["username", "testshop@gmail.com"], ["email", "test.shop@gmail.com"]]) {
    const got = (await valueOf(field)).trim();
    if (got !== want) fail(`filled-in ${field} is "${got}", expected "${want}"`);
  }
  const copyUser = await page.locator("[data-values] [data-field=username] button.copy").getAttribute("data-copy");
  if (copyUser !== "testshop@gmail.com") fail(`the user name's copy button copies "${copyUser}"`);
  const previewUser = await page.locator("#form [data-field=username] input").inputValue();
  if (previewUser !== "testshop@gmail.com") fail(`the form preview's user name is "${previewUser}"`);
  const selected = await page.locator("#form select").evaluate((s) => s.options[s.selectedIndex].text);
  if (selected !== "Transport Layer Security (TLS)") fail(`the preview's SSL/TLS select shows "${selected}"`);
  if ((await page.locator("#form input[type=password]").count()) !== 1) fail("the preview has no masked password");

  // The values card is on the first screen of a desktop and of a phone.
  for (const [width, height] of [[1280, 800], [390, 844]]) {
    await page.setViewportSize({ width, height });
    await page.goto(base + "gmail/", { waitUntil: "load" });
    const box = await page.locator(".values-card").boundingBox();
    if (!box || box.y < 0 || box.y + box.height > height) fail(`at ${width}×${height} the values card is at ${JSON.stringify(box)}`);
    else step(`values card at ${width}×${height}: y ${Math.round(box.y)} to ${Math.round(box.y + box.height)}`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    if (wide > width + 1) fail(`gmail page is ${wide}px wide at ${width}px`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  // Check my values flags a wrong port for the mode, a dotted Gmail user name and an
  // account-password-looking password; the right values pass.
  step("check my values");
  const check = async (values) => {
    for (const [field, value] of Object.entries(values)) {
      const input = page.locator(`[data-check=${field}]`);
      if ((await input.evaluate((e) => e.tagName)) === "SELECT") await input.selectOption({ label: value });
      else await input.fill(value);
    }
    await page.click("[data-check-form] button[type=submit]");
    return (await page.locator("[data-check-result]").innerText()).trim();
  };
  const wrong = await check({ host: "smtp.gmail.com", port: "465", security: "Transport Layer Security (TLS)",
    username: "test.shop@gmail.com", password: "Summer2024!", email: "test.shop@gmail.com", sender: "test.shop@gmail.com" });
  for (const needle of ["port 465 goes with Secure Sockets Layer (SSL)", "type testshop@gmail.com", "does not look like a Gmail app password"]) {
    if (!wrong.includes(needle)) fail(`check my values does not say "${needle}": ${wrong}`);
  }
  const right = await check({ port: "587", username: "testshop@gmail.com", password: "abcdefghijklmnop" });
  if (!right.startsWith("No problem found")) fail(`the right values are refused: ${right}`);
  if (!(await page.locator("#check").innerText()).includes("Nothing you type leaves this page")) fail("the check does not say it sends nothing");

  // Outlook.com cannot be used: no form, no copy buttons, no password help; working
  // providers offered instead, and every "use another provider" link ends there.
  step("outlook offers other providers");
  await page.goto(base + "outlook/", { waitUntil: "load" });
  for (const sel of ["#form", "button.copy", "input[type=password]", "[data-check-form]", ".form-help"]) {
    if ((await page.locator(sel).count()) !== 0) fail(`the Outlook.com page has ${sel}`);
  }
  const instead = await page.locator("#alternatives a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  if (!instead.includes("../gmail/")) fail(`the Outlook.com page offers ${JSON.stringify(instead)}`);
  if (instead.includes("../outlook/")) fail("the Outlook.com page offers itself");
  const title = await page.locator("#settings-title").innerText();
  if (!title.includes("cannot be used")) fail(`the Outlook.com values title is "${title}"`);

  // Print: dark text on white even in dark mode, and "All servers" unfolded.
  step("print");
  await page.emulateMedia({ media: "print", colorScheme: "dark" });
  await page.goto(base + "gmail/", { waitUntil: "load" });
  const ink = await page.evaluate(() => [getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor, getComputedStyle(document.querySelector(".values-card dd")).color]);
  if (ink[0] !== "rgb(0, 0, 0)" || ink[1] !== "rgb(255, 255, 255)" || ink[2] !== "rgb(0, 0, 0)") fail(`printed colours are ${ink.join(" / ")}`);
  const servers = await page.locator(".other-servers table").boundingBox();
  if (!servers || servers.height < 10) fail("\"All servers\" is folded when printing");
  const shot = await page.screenshot({ fullPage: false });
  if (shot.length < 1000) fail("print-media screenshot is empty");
  await page.emulateMedia({ media: "screen", colorScheme: "light" });

  // The scrolling table is reachable by keyboard at phone width.
  await page.setViewportSize({ width: 390, height: 844 });
  const scroller = await page.locator(".other-servers .table-scroll").evaluate((e) => [e.tabIndex, e.getAttribute("role"), e.getAttribute("aria-label")]);
  if (scroller[0] !== 0 || scroller[1] !== "region" || !scroller[2]) fail(`the scrolling table is ${JSON.stringify(scroller)}`);
  await page.setViewportSize({ width: 1280, height: 800 });

  // 4. Keyboard: the first Tab reaches the skip link, which moves focus to the content.
  step("keyboard");
  await page.goto(base + "gmail/", { waitUntil: "load" });
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.className);
  if (focused !== "skip-link") fail(`first Tab focuses "${focused}", expected the skip link`);
  await page.keyboard.press("Enter");
  const afterSkip = await page.evaluate(() => location.hash);
  if (afterSkip !== "#main") fail(`skip link went to "${afterSkip}"`);

  // 5. Phone width: nothing wider than the screen.
  step("phone width");
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of ["", "gmail/", "errors/", "requirements/"]) {
    await page.goto(base + path, { waitUntil: "load" });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 361) fail(`${path || "index"} is ${width}px wide at a 360px viewport`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  // 6. axe-core on the index and the provider pages, light and dark, desktop and phone.
  for (const [width, height] of [[1280, 800], [390, 844]]) {
    await page.setViewportSize({ width, height });
    for (const scheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const path of ["", "gmail/", "outlook/", "errors/", "requirements/"]) {
        await page.goto(base + path, { waitUntil: "load" });
        await axe(`${path || "index"} (${scheme}, ${width}px)`);
      }
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  // 7. The 404 page is served for unknown paths and links back.
  step("404");
  const before = consoleErrors.length;
  const res = await page.goto(base + "no/such/page/", { waitUntil: "load" });
  if (res.status() !== 404) fail(`unknown page answered ${res.status()}`);
  if (!(await page.locator("h1", { hasText: "Page not found" }).isVisible())) fail("404 page not shown");
  const styled = await page.evaluate(() => getComputedStyle(document.querySelector(".skip-link")).position);
  if (styled !== "absolute") fail("404 page lost its stylesheet");
  // The browser logs the intended 404 of the document itself; nothing else may fail.
  const extra = consoleErrors.splice(before).filter((m) => !/status of 404/.test(m));
  consoleErrors.push(...extra);
} catch (e) {
  fail(`exception: ${e.stack || e}`);
} finally {
  await browser.close();
}

if (consoleErrors.length) fail(`console errors:\n  ${consoleErrors.join("\n  ")}`);
if (outside.length) fail(`requests outside 127.0.0.1:\n  ${outside.join("\n  ")}`);
if (failures.length) {
  console.error(`${failures.length} failure(s)`);
  process.exit(1);
}
console.log("browser test passed");
process.exit(0);
