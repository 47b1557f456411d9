#!/usr/bin/env bash
# Benchmark `mailbook build` against Hugo on the same text (a bench, not a test: it prints
# figures and asserts nothing).
#
#   benches/build.sh            # 100, 1,000 and 10,000 recipes
#   benches/build.sh 1000 5000  # other sizes
#
# Each synthetic recipe is ~4–5 KB: a settings table, 6 steps, 8 troubleshooting entries, a
# callout and a changelog. Hugo (installed from Debian if missing) builds the same text as
# Markdown pages with a minimal theme. Wall time and peak memory come from `/usr/bin/time -v`;
# each figure is the best of RUNS runs (default 3), each into an empty output folder.
#
# BENCH_DIR picks where the projects and sites are written (default: $TMPDIR or /tmp). File
# creation dominates at 10,000 pages, and on some file systems it depends on what was deleted
# recently (ext4 without a journal scans past inodes freed in the last minutes), so compare
# with BENCH_DIR=/dev/shm (tmpfs) to see the tools' own cost.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000 10000)
runs=${RUNS:-3}

need_apt=()
command -v hugo >/dev/null 2>&1 || need_apt+=(hugo)
[ -x /usr/bin/time ] || need_apt+=(time)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "bench: installing ${need_apt[*]} (apt)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
echo "bench: building mailbook (release)" >&2
cargo build --release --quiet
mailbook="$PWD/target/release/mailbook"
work=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/mailbook-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# ---- the synthetic text -------------------------------------------------------------------
recipe_template() {
  local s
  s='id: @ID@
name: Provider @N@
aliases: [Alias @N@]
domains: [@ID@.example]
status: ok
summary: Send through Provider @N@ with an app password over STARTTLS.
reviewed: 2026-11-01
sources:
  - url: https://help.@ID@.example/smtp
    title: SMTP settings
requires:
  app_password: true
steps:
'
  for n in 1 2 3 4 5 6; do
    s+="  - id: step-$n
    title: Do step $n at Provider @N@
    link: https://@ID@.example/step$n
    body: |
      Open the **settings** of your mailbox and choose *Security*, then follow the
      on-screen instructions for step $n. Copy the value shown and keep the page open
      until the admin panel confirms it; see [the form](#form) for where it goes.
"
  done
  s+='smtp:
  - host: smtp.@ID@.example
    port: 587
    security: starttls
    auth: [plain, login]
    username: "{email}"
    password: app_password
    preferred: true
  - host: smtp.@ID@.example
    port: 465
    security: tls
    auth: [plain, login]
    username: "{email}"
    password: app_password
notes:
  - kind: warning
    body: Revoking the app password stops the shop'"'"'s mail at once; create a new one first.
troubleshooting:
'
  for n in 1 2 3 4 5 6 7 8; do
    s+="  - id: error-$n
    match: { phase: auth, code: 535, enhanced: 5.7.$n }
    symptom: \"535 5.7.$n Authentication failed ($n)\"
    cause: The password was wrong or revoked, or the account needs a new app password, case $n.
    fix: Create a new app password ([step 2](#step-2)) and paste it without spaces.
"
  done
  s+='changelog:
  - date: 2024-01-01
    change: App passwords required for all accounts.
  - date: 2025-06-01
    change: Port 25 closed for submission; use 587 or 465.
'
  printf '%s' "$s"
}

hugo_template() {
  local s
  s='---
title: "Provider @N@ SMTP settings"
date: 2026-11-01
---

Send through Provider @N@ with an app password over STARTTLS.

## Settings

| Setting | Value |
|---|---|
| SMTP server | `smtp.@ID@.example` |
| Port | 587 |
| Encryption | STARTTLS |
| User name | Your full email address |
| Password | An app password |

## Steps
'
  for n in 1 2 3 4 5 6; do
    s+="
### Step $n. Do step $n at Provider @N@ {#step-$n}

Open the **settings** of your mailbox and choose *Security*, then follow the
on-screen instructions for step $n. Copy the value shown and keep the page open
until the admin panel confirms it; see [the form](#form) for where it goes.

[Open this page at Provider @N@](https://@ID@.example/step$n)
"
  done
  s+='
## The filled-in form {#form}

| Field | Value |
|---|---|
| SMTP server | smtp.@ID@.example |
| SMTP port | 587 |
| SSL/TLS mode | Transport Layer Security (TLS) |
| User name | yourshop@@ID@.example |

> **Warning:** Revoking the app password stops the shop'"'"'s mail at once; create a new one first.

## Troubleshooting
'
  for n in 1 2 3 4 5 6 7 8; do
    s+="
### \`535 5.7.$n Authentication failed ($n)\` {#error-$n}

**Why:** The password was wrong or revoked, or the account needs a new app password, case $n.

**What to do:** Create a new app password ([step 2](#step-2)) and paste it without spaces.
"
  done
  s+='
## Changes

- 2025-06-01: Port 25 closed for submission; use 587 or 465.
- 2024-01-01: App passwords required for all accounts.
'
  printf '%s' "$s"
}

# A Russian translation of a synthetic recipe: every prose field it has, so the second
# language costs what a fully translated language costs.
translation_template() {
  local s='summary: Отправка через провайдера @N@ с паролем приложения по STARTTLS.
steps:
'
  for n in 1 2 3 4 5 6; do
    s+="  step-$n:
    title: Шаг $n у провайдера @N@
    body: |
      Откройте **настройки** ящика и выберите *Безопасность*, затем следуйте подсказкам
      для шага $n. Скопируйте показанное значение и не закрывайте страницу, пока панель
      управления его не примет; куда его вписать, показано в [форме](#form).
"
  done
  s+='notes:
  - body: Отзыв пароля приложения сразу останавливает почту магазина; сначала создайте новый.
troubleshooting:
'
  for n in 1 2 3 4 5 6 7 8; do
    s+="  error-$n:
    cause: Пароль неверный или отозван, либо аккаунту нужен новый пароль приложения, случай $n.
    fix: Создайте новый пароль приложения ([шаг 2](#step-2)) и вставьте его без пробелов.
"
  done
  s+='changelog:
  - change: Пароли приложений обязательны для всех аккаунтов.
  - change: Порт 25 закрыт для отправки; используйте 587 или 465.
'
  printf '%s' "$s"
}

# The same project built in two languages: `languages: [ru]` and a translation per recipe,
# its `translated_from` recorded by `mailbook translate update` (not timed).
second_language() {
  local mb="$work/mailbook-$1" i id tt
  mkdir -p "$mb/translations/ru/recipes"
  printf 'languages: [ru]\n' >>"$mb/mailbook.yaml"
  tt=$(translation_template)
  for ((i = 0; i < $1; i++)); do
    printf -v id 'p%05d' "$i"
    printf '%s\n' "${tt//@N@/$i}" >"$mb/translations/ru/recipes/$id.yaml"
  done
  "$mailbook" --root "$mb" translate update ru 2>/dev/null
}

generate() {
  local n=$1 mb="$work/mailbook-$1" hg="$work/hugo-$1"
  mkdir -p "$mb/recipes" "$hg/content/p" "$hg/layouts/_default"
  cp tests/fixtures/basic/mailbook.yaml "$mb/mailbook.yaml"
  local rt ht id i
  rt=$(recipe_template)
  ht=$(hugo_template)
  for ((i = 0; i < n; i++)); do
    printf -v id 'p%05d' "$i"
    local r=${rt//@ID@/$id} h=${ht//@ID@/$id}
    printf '%s\n' "${r//@N@/$i}" >"$mb/recipes/$id.yaml"
    printf '%s\n' "${h//@N@/$i}" >"$hg/content/p/$id.md"
  done
  cat >"$hg/hugo.toml" <<'EOF'
baseURL = "https://help.example.com/mail/"
title = "Mail setup help"
disableKinds = ["taxonomy", "term", "RSS"]
EOF
  cat >"$hg/layouts/_default/baseof.html" <<'EOF'
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title>
<link rel="stylesheet" href="/style.css"></head><body><a href="#main">Skip to content</a>
<header><a href="/">{{ .Site.Title }}</a></header><main id="main">{{ block "main" . }}{{ end }}</main></body></html>
EOF
  cat >"$hg/layouts/_default/single.html" <<'EOF'
{{ define "main" }}<article><h1>{{ .Title }}</h1><nav>{{ .TableOfContents }}</nav>{{ .Content }}</article>{{ end }}
EOF
  cat >"$hg/layouts/_default/list.html" <<'EOF'
{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>: {{ .Summary }}</li>{{ end }}</ul>{{ end }}
EOF
}

# Runs a command under /usr/bin/time -v and prints "SECONDS KB".
measure() {
  local log="$work/time.log"
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log" >&2; return 1; }
  local wall rss
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
  awk -v w="$wall" -v r="$rss" 'BEGIN { n = split(w, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.3f %d\n", s, r }'
}

best() { # best of $runs: prints "SECONDS KB" with the lowest time; $1 is the output folder,
  # emptied before every run so both tools always build a fresh tree (as a deploy does).
  local dest=$1 out best_t="" best_m=""
  shift
  for ((k = 0; k < runs; k++)); do
    rm -rf "$dest"
    out=$(measure "$@")
    local t=${out% *} m=${out#* }
    if [ -z "$best_t" ] || awk -v a="$t" -v b="$best_t" 'BEGIN { exit !(a < b) }'; then best_t=$t; best_m=$m; fi
  done
  echo "$best_t $best_m"
}

printf '%-8s %12s %10s %10s %12s %10s %18s %12s %10s\n' recipes "mailbook s" "pages/s" "peak MB" "hugo s" "hugo MB" "mailbook vs hugo" "en+ru s" "en+ru/en"
for n in "${sizes[@]}"; do
  echo "bench: generating $n recipes" >&2
  generate "$n"
  mb=$(best "$work/mailbook-$n/site" "$mailbook" --root "$work/mailbook-$n" build --out "$work/mailbook-$n/site")
  hg=$(best "$work/hugo-$n/public" hugo --quiet --source "$work/hugo-$n" --destination "$work/hugo-$n/public")
  second_language "$n"
  two=$(best "$work/mailbook-$n/site" "$mailbook" --root "$work/mailbook-$n" build --out "$work/mailbook-$n/site")
  read -r mt mm <<<"$mb"
  read -r ht hm <<<"$hg"
  read -r tt tm <<<"$two"
  pages=$((n + 4))
  awk -v n="$n" -v mt="$mt" -v mm="$mm" -v ht="$ht" -v hm="$hm" -v pages="$pages" -v tt="$tt" 'BEGIN {
    ratio = (mt > 0) ? ht / mt : 0
    printf "%-8d %12.3f %10.0f %10.1f %12.3f %10.1f %17.2fx %12.3f %9.2fx\n", n, mt, (mt > 0 ? pages / mt : 0), mm / 1024, ht, hm / 1024, ratio, tt, (mt > 0 ? tt / mt : 0) }'
  rm -rf "$work/mailbook-$n" "$work/hugo-$n"
done
echo "(mailbook vs hugo > 1 means mailbook is faster; en+ru/en: the same recipes built in English and Russian, each fully translated, against English alone; RUNS=$runs, $(nproc) cores, in $work)"
