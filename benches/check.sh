#!/usr/bin/env bash
# Time `mailbook check` on N synthetic recipes (default 1000, ~4-5 KB each, all valid).
# Usage: benches/check.sh [N] [RUNS]. Prints the figures; asserts nothing (target: < 1 s
# for 1000 recipes on a 2-core machine).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
runs=${2:-5}

cargo build --release --quiet
bin=target/release/mailbook
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/recipes/images/acme"
cp tests/fixtures/mailbook.yaml "$dir/"
cp tests/fixtures/valid/recipes/images/acme/app-password.png "$dir/recipes/images/acme/"

# One valid recipe per id: the fixture recipe with its own id and domains, grown to ~4.5 KB
# with extra steps and troubleshooting entries so parsing and rules have realistic work.
template=tests/fixtures/valid/recipes/acme.yaml
extra_steps=$(for i in 1 2 3; do
  printf '  - id: extra-step-%s\n    title: Check setting number %s\n    link: https://acme.test/settings/%s\n    body: |\n      Open **Settings**, find *option %s* and make sure it is on. Then go back to\n      [the app password step](#create-app-password) if the password was lost.\n' "$i" "$i" "$i" "$i"
done)
extra_trouble=$(for i in 1 2 3; do
  printf '  - id: extra-error-%s\n    match: { phase: auth, code: 535, text: "reason %s" }\n    symptom: "535 5.7.%s Authentication failed (reason %s)"\n    cause: The server refused the credentials for reason %s, usually a mistyped password.\n    fix: Create a new app password ([step 2](#create-app-password)) and paste it again.\n' "$i" "$i" "$i" "$i" "$i"
done)
for i in $(seq 1 "$n"); do
  id="provider-$i"
  {
    sed -e "s/^id: acme$/id: $id/" \
        -e "s/^domains: \[acme.test, acmemail.test\]/domains: [$id.test, mail.$id.test]/" \
        -e "s/^name: Acme Mail/name: Provider $i Mail/" \
        "$template" | awk -v steps="$extra_steps" -v trouble="$extra_trouble" '
          /^smtp:/ { print steps }
          /^checks:/ { print trouble }
          { print }'
  } > "$dir/recipes/$id.yaml"
done
bytes=$(cat "$dir"/recipes/*.yaml | wc -c)
echo "recipes: $n, $((bytes / n)) bytes each on average, $((bytes / 1024)) KiB in all"

# Sanity: the generated set must be clean, or the timing measures error paths.
"$bin" --root "$dir" check

best=""
for r in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  "$bin" --root "$dir" check 2>/dev/null
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  echo "run $r: ${ms} ms"
  if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
done
echo "best of $runs: ${best} ms for $n recipes ($(nproc) cores)"
