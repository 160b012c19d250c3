#!/usr/bin/env bash
# Seeds the fuzz corpora (fuzz/corpus/<target>/, git-ignored) from the bundled scenarios
# and the fixtures. Safe to run again: files are named by content and only added.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
corpus="$here/corpus"
mkdir -p "$corpus/document" "$corpus/negotiation" "$corpus/scenario" "$corpus/implementation"

# add TARGET FILE: copies FILE into the target's corpus under its content hash.
add() {
    local target="$1" file="$2"
    cp "$file" "$corpus/$target/seed-$(sha1sum "$file" | cut -c1-16)"
}

for f in "$root"/scenarios/*/documents/*.toml "$here"/fixtures/document*.toml; do
    add document "$f"
done
for f in "$root"/scenarios/*/negotiation.toml "$here"/fixtures/negotiation.toml; do
    add negotiation "$f"
done

# The fixture negotiation with reviewed alignment links between the fixture documents
# (kept out of the fixture itself: the `document` target replaces one of those documents).
links="$(mktemp)"
trap 'rm -f "$links"' EXIT
{
    cat "$here/fixtures/negotiation.toml"
    printf '\n[[links]]\na = "d0-01"\nb = "d1-01"\nstatus = "confirmed"\nnote = "Same meeting."\n'
    printf '\n[[links]]\na = "d0-01"\nb = "d1-02"\nstatus = "rejected"\n'
} > "$links"
add negotiation "$links"

# The scenario target reads the negotiation file, then each document, separated by NULs.
tmp="$(mktemp)"
trap 'rm -f "$links" "$tmp"' EXIT
for dir in "$root"/scenarios/*/; do
    {
        cat "$dir/negotiation.toml"
        for f in "$dir"/documents/*.toml; do
            printf '\0'
            cat "$f"
        done
    } > "$tmp"
    add scenario "$tmp"
done
{
    cat "$links"
    printf '\0'
    cat "$here/fixtures/document-0.toml"
    printf '\0'
    cat "$here/fixtures/document.toml"
} > "$tmp"
add scenario "$tmp"

for f in "$root"/scenarios/*/implementation/*.toml; do
    add implementation "$f"
done

for t in document negotiation scenario implementation; do
    echo "$t: $(find "$corpus/$t" -type f | wc -l) inputs"
done
