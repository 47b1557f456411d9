# The theme's words in English (Project Fluent syntax: https://projectfluent.org/).
# Templates call t(key="…"); messages starting `js-` go to the page's JavaScript.
# A translator copies this file to LANG.ftl and translates the right-hand sides; plural
# forms follow the language's CLDR categories (see ru.ftl).

language-name = English
skip-to-content = Skip to content
nav-site = Site
nav-providers = All providers
nav-requirements = General requirements
nav-errors = Error lookup
language-switcher = Language
breadcrumb = Breadcrumb

# Fallback notes on a translated page (a section shown in the default language).
fallback-missing = This section has not been translated yet, so it is shown in English.
fallback-stale = The English text of this section changed after it was translated, so it is shown in English until the translation is updated.

# Status badges
status-ok = Works
status-preparation = Needs preparation
status-broken = Not working
status-unverified = Not yet verified
status-deprecated = Going away

# Callout labels
callout-note = Note
callout-tip = Tip
callout-important = Important
callout-warning = Warning
callout-caution = Caution

# Provider page
provider-title = { $name } SMTP settings
verified-on = verified on { $date }
failing-since = failing since { $date }
# The verified badge's own words (src/render/pages/verified.rs); phase names, server replies
# and confirmation summaries come from the report as they are.
failure-temporary = temporary
delivered-inbox = delivered to the inbox { $delay } on { $date }
delivered-spam = delivered to the spam folder { $delay } on { $date }
delivery-delay = { $count ->
    [0] in under 1 s
   *[other] in { $count } s
}
confirmed-on = confirmed on { $date }
confirm-changed = no longer matches (verified on { $date }): { $summary }
last-confirmed-on = last confirmed on { $date }
verified-days-ago = { $count ->
    [0] verified today
    [one] verified { $count } day ago
   *[other] verified { $count } days ago
}
days-left = { $count ->
    [one] in { $count } day
   *[other] in { $count } days
}
requirement-2sv-on = 2-step verification must be turned on.
requirement-2sv-off = 2-step verification must be turned off.
requirement-app-password = An app password: your normal password is refused for sending from other applications.
requirement-oauth2-only = Only OAuth2 sign-in is accepted: no password works, so the { $app } form cannot use this mailbox.
requirement-enable = Turn on “{ $setting }” in the mailbox settings.
link-security-settings = Security settings
link-app-passwords = App passwords
link-open-setting = Open the setting
link-register = Create a mailbox
link-smtp-help = Official SMTP help
username-email = Your full email address
username-local = The part of your address before the @
username-template = `{ $template }` with your address filled in
password-app = An app password (not your normal password)
password-account = Your mailbox password
password-oauth2 = An OAuth2 token (the form cannot hold one)
security-none = none
form-oauth2-only = { $name } only accepts OAuth2 sign-in for SMTP. The { $app } form has a password field only, so it cannot send through { $name } today.
form-no-server = This recipe lists no SMTP server.
limit-messages-per-day = Messages per day
limit-recipients-per-day = Recipients per day
limit-recipients-per-message = Recipients per message
limit-message-size = Largest message
limit-megabytes = { $count } MB

# Site pages
requirements-title = General requirements
requirements-description = What every mailbox needs before the shop can send through it, and the admin panel's own input rules.
errors-title = Known errors
errors-description = Every SMTP error message we know, by provider and code, with its cause and fix; paste yours to find it.
not-found-title = Page not found
field-host = SMTP server
field-port = port
field-security = security
field-username = user name
field-password = password
field-email = email
field-sender = sender
search-requirements-summary = What every mailbox needs, and the admin panel's own rules.
search-requirements-words = app password 2-step verification encryption input rules
search-errors-summary = Every known error with its fix; paste a message to find yours.
search-errors-words = error message smtp reply troubleshooting all known errors


# Provider page sections (templates/provider.html and partials/)
what-failure-means = What this failure means
verification-per-server = Verification per server
deadline-banner = { $count ->
    [one] From <time datetime="{ $date }">{ $date }</time>, in { $count } day:
   *[other] From <time datetime="{ $date }">{ $date }</time>, in { $count } days:
}
change-upcoming = { $count ->
    [one] From <time datetime="{ $date }">{ $date }</time> (in { $count } day)
   *[other] From <time datetime="{ $date }">{ $date }</time> (in { $count } days)
}
announcement = announcement
toc = On this page
section-requirements = Before you start
section-steps = Steps
section-form = The filled-in form
section-notes = Good to know
section-troubleshooting = Troubleshooting
section-evidence = Verification history
section-limits = Sending limits
section-changelog = Changes at { $name }
section-sources = Sources
section-settings = Settings
reviewed-on = Reviewed on <time datetime="{ $date }">{ $date }</time>.
edit-page = Edit this page
link-to-error = Link to this error: { $symptom }
trouble-when = When: { $phase }.
trouble-reply = Reply { $code }.
trouble-reply-enhanced = Reply { $code } { $enhanced }.
trouble-status = Status { $enhanced }.
trouble-why = Why
trouble-fix = What to do
trouble-another = Another message? Try the <a href="{ $href }">error lookup</a>.
step-number = Step { $number }.
link-to-step = Link to step { $number }: { $title }
open-at = Open this page at { $name }
form-intro = The same values as they look in the { $app } (<strong>{ $location }</strong>),
limits-caption = Sending limits of { $name }
requirements-also = Also see the <a href="{ $href }">general requirements</a> that apply to every provider.
settings-server = SMTP server
settings-port = Port
settings-encryption = Encryption
settings-username = User name
settings-password = Password
copy = Copy
all-servers = All servers
all-servers-caption = All SMTP servers of { $name }
column-server = Server
column-auth = Sign-in methods
recommended = recommended
no-server = No SMTP server is documented for { $name }.
sources-reviewed = Last reviewed against these pages on <time datetime="{ $date }">{ $date }</time>.

# Index, requirements, error lookup, 404
index-intro = Find your email provider below, or check the <a href="{ $requirements }">general requirements</a> first. Seeing an error message? Look it up among the <a href="{ $errors }">known errors</a>.
address-label = Type your shop's email address
address-placeholder = e.g. shop@gmail.com
address-submit = Show my values
search-label = Search providers, domains, servers or error codes
search-placeholder = e.g. hotmail, 465, app password, 5.7.8
providers-heading = Providers
domains-label = Domains:
domains-more = and { $count } more
requirements-lead = These hold for every provider. Each provider's page adds what that provider needs.
rules-title = What the { $app } accepts
rules-intro = The form at <strong>{ $location }</strong> has rules of its own, whatever your provider allows. Rules marked <em>reported, not confirmed</em> come from an old guide or from providers' pages and have not been tried on today's form:
reported-not-confirmed = Reported, not confirmed
evidence-line = Evidence: { $evidence }
not-confirmed-on = Nobody has confirmed this on today's { $app }.
errors-lead = Every error message we know of, by provider and code, with its cause and fix. Find the one the { $app } or your provider showed, for example <code>535-5.7.8 Username and Password not accepted</code>.
errors-noscript = The lookup needs JavaScript. Without it, open your provider from the <a href="{ $href }">list of providers</a>: each page has a Troubleshooting section.
errors-label = Paste the whole error message
errors-submit = Look up
not-found-text = This page does not exist (any more). Start from the <a href="{ $providers }">list of providers</a>, or use the <a href="{ $errors }">error lookup</a>.

# "Copy reply for a ticket" (partials/ticket-reply.html): plain text for a support ticket
ticket-copy = Copy reply for a ticket
ticket-step = step { $number }
ticket-error = The error "{ $symptom }" with { $name }:
ticket-what-to-do = What to do:
ticket-guide = Step-by-step guide:
ticket-step-intro = To send the shop's email through { $name }, step { $number }: { $title }
ticket-verified = These settings were verified with { $name } { $count ->
    [0] today
    [1] yesterday
   *[other] { $count } days ago
} ({ $date }).
ticket-failing = Note: our daily check of these settings with { $name } has been failing since { $date }.

# Verification history (partials/evidence.html)
evidence-passed = { $count ->
    [one] Passed { $passed } of { $count } check
   *[other] Passed { $passed } of { $count } checks
}
evidence-none = No completed check
evidence-window = in the { $days } days to <time datetime="{ $date }">{ $date }</time>.
evidence-skipped = { $count ->
    [one] On { $count } day the check ran but could check nothing (no test mailbox, or every phase skipped).
   *[other] On { $count } days the check ran but could check nothing (no test mailbox, or every phase skipped).
}
evidence-failed-on = Failed on
evidence-at = at { $phase }
evidence-strip = Daily checks from { $first } to { $last }, oldest first
day-passed = passed
day-failed = failed
day-failed-at = failed at { $phase }
day-skipped = nothing checked
day-none = no check
transcript-summary = The last check, phase by phase
transcript-intro = What mailbook saw when it last checked { $name } with a test mailbox (passwords are never recorded).
transcript-of = Check of { $server }
column-phase = Phase
column-result = Result
column-time = Time
column-found = What was found
check-warn = passed, with a warning
check-skipped = skipped
milliseconds = { $count } ms
server-replied = The server replied <code>{ $reply }</code>

for-example-mailbox = for the example mailbox <code>{ $email }</code>
example-only = Example only.
errors-by-provider = Errors by provider
all-settings-of = All { $name } settings
error-on-page = This error on the { $name } page
address-note = It opens your provider's page with your values filled in. The address stays in your browser: nothing is sent anywhere.
feed-title = { $title }: provider status changes
what-instead = What to do instead
toc-values = The { $count } values
section-check = Check my values
badge-ready = Ready to use
badge-ready-in = { $count ->
    [one] Ready in { $count } step
   *[other] Ready in { $count } steps
}
badge-broken = Not usable: pick another provider
badge-deprecated = Going away: plan a switch
broken-title = { $name } cannot be used with the { $app } today
broken-instead = <strong>What to do instead:</strong> open a mailbox just for the shop with one of these providers, which work with the panel, and follow its page.
alt-ready = ready to use
alt-ready-in = { $count ->
    [one] ready in { $count } step
   *[other] ready in { $count } steps
}
no-alternative = No provider in this help center works with the panel today: see the <a href="{ $href }">general requirements</a>.
values-title = The { $count } values for the { $app }
values-where = In <strong>{ $location }</strong>,
how = how
fill-address = Fill in your own address
eg-address = e.g. shop@{ $domain }
fill-in = Fill in
stays-in-page = It stays in this page: nothing you type is sent anywhere.
all-servers-scroll = All SMTP servers of { $name } (scrolls sideways)
phase-dns = While looking up the server.
phase-tcp = While connecting.
phase-tls = While setting up encryption.
phase-certificate = While checking the server's certificate.
phase-ehlo = While greeting the server.
phase-input = When the panel checks the values.
phase-auth = While signing in.
phase-send = While sending.
check-intro = Type what you entered in the panel: this page compares it with { $name }'s settings and the panel's rules. <strong>Nothing you type leaves this page</strong>; the check runs in your browser and sends nothing anywhere.
check-noscript = The check needs JavaScript. Compare your values with <a href="#settings">the values above</a> instead.
not-chosen = (not chosen)
check-submit = Check

# The scripts' words (static/*.js): js-SCRIPT-KEY replaces KEY of that script's table.
js-copy-copied = Copied
js-copy-copiedValue = Copied { $value }
js-copy-byHand = Select and copy by hand
js-search-results = { $n } results
js-search-resultOne = 1 result
js-search-nothing = Nothing found for “{ $q }”.{" "}
js-search-nextGeneral = If your provider is not listed, the{" "}
js-search-nextGeneralLink = general requirements
js-search-nextAddress = {" "}apply to every mailbox. To find who runs your mailbox, type your email address above; for your own domain, ask your help desk to look up its MX records (they name the provider). Pasting an error message? Use the{" "}
js-search-nextErrorsLink = error lookup
js-search-errorMeta = Troubleshooting · { $provider }
js-search-unavailable = Search is unavailable ({ $error }).
js-lookup-empty = Paste an error message first.
js-lookup-sure = This is { $provider }'s error. Its fix is the first entry below.
js-lookup-probably = Probably { $provider }'s error: check the first entry below.
js-lookup-unsure = Not sure which error this is; these entries might help.
js-lookup-count = { $n } matching entries.
js-lookup-countOne = 1 matching entry.
js-lookup-none = No known error matches this message.{" "}
js-lookup-noneProvider = It looks like a message from { $provider }: compare your settings with{" "}
js-lookup-noneProviderLink = the { $provider } page
js-lookup-noneGeneral = Check your settings against your provider's page and the{" "}
js-lookup-noneGeneralLink = general requirements
js-lookup-ownExact = { $provider } · matches this message
js-lookup-ownPartial = { $provider } · partly matches this message
js-lookup-other = { $provider } · only if your mailbox is at { $provider }
js-lookup-exact = { $provider } · matches the codes in this message
js-lookup-partial = { $provider } · partly matches
js-lookup-here = Read it here
js-lookup-unavailable = The lookup is unavailable ({ $error }).
js-values-wholeAddress = Type a whole email address, e.g. shop@gmail.com.
js-values-unknownDomain = No guide lists { $domain }. It may be your own domain hosted by a mail provider: ask your help desk to look up its MX records (they name the provider), then pick that provider below. Until then, read the{" "}
js-values-generalLink = general requirements
js-values-lookupUnavailable = The address lookup is unavailable ({ $error }).
js-values-filledFor = for your mailbox { $email }
js-values-filled = Filled in for { $email }.
js-values-otherProvider = { $domain } is not a { $provider } address. Its own page:{" "}
js-values-notListed = { $domain } is not one of { $provider }'s domains; check that this is your provider's page.
js-values-ruleBroken = { $label }: { $message }
js-values-reported = {" "}(reported, not confirmed on today's panel)
js-values-dotsDropped = { $label }: { $provider } ignores dots before the @, so { $value } is the same mailbox without the dots the panel refuses.
js-values-checkEmpty = Type at least one value to check.
js-values-checkOk = No problem found: these values match { $provider }'s settings and the panel's rules.
js-values-checkProblems = { $count } thing(s) to fix:
js-values-hostWrong = { $label }: { $value } is not { $provider }'s server. Type { $host }.
js-values-portWrong = { $label }: { $port } is not a port of { $host }. Use { $ports }.
js-values-portMode = { $label }: port { $port } goes with { $mode }, not with { $chosen }.
js-values-modeMissing = { $label }: choose { $mode } for port { $port }.
js-values-usernameForm = { $label }: { $provider } expects { $expected } for this address.
js-values-usernameDots = { $label }: the panel refuses a dot before the @. { $provider } ignores dots, so type { $value }: it is the same mailbox.
js-values-passwordFormat = { $label }: this does not look like a { $provider } app password ({ $looks }). If it is your account password, { $provider } refuses it: create an app password and paste it here.
js-values-passwordSpaces = { $label }: leave out the spaces between the groups.
js-values-senderDiffers = { $label }: { $value } is not the mailbox { $email }. Providers refuse or rewrite mail from another address unless it is an alias set up with them.
js-values-emailDiffers = { $label }: { $value } is not the address the user name signs in with ({ $expected }).
js-ticket-copied = Reply copied
js-ticket-announceCopied = Reply for a ticket copied to the clipboard
js-ticket-copyByHand = Copy the reply below by hand
js-ticket-textareaLabel = Reply for a ticket
