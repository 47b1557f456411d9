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
errors-title = Error lookup
errors-description = Paste an SMTP error message and find its cause and fix for your provider.
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
search-errors-summary = Paste an SMTP error message and find the fix.
search-errors-words = error message smtp reply troubleshooting

# The page's JavaScript
js-copied = Copied
js-copied-value = Copied { $value }
js-copy-by-hand = Select and copy by hand
js-results = { $count ->
    [one] { $count } result
   *[other] { $count } results
}
js-nothing-found = Nothing found for “{ $query }”.
js-search-unavailable = Search is unavailable ({ $error }).
js-troubleshooting = Troubleshooting · { $provider }
js-paste-first = Paste an error message first.
js-matching-entries = { $count ->
    [one] { $count } matching entry
   *[other] { $count } matching entries
}
js-no-fix = No known fix matches this message. Check the settings on your provider's page.
js-exact-match = { $provider } · exact match
js-partial-match = { $provider } · partial match
js-lookup-unavailable = The lookup is unavailable ({ $error }).
js-whole-address = Type a whole email address, e.g. shop@gmail.com.
js-no-guide = No guide lists { $domain }. It may be your own domain hosted by a mail provider: ask your help desk to look up its MX records (they name the provider), then pick that provider below. Until then, read the
js-general-requirements = general requirements
js-address-unavailable = The address lookup is unavailable ({ $error }).
