#!/usr/bin/env bash
# Public conformance: runs every practice exercise of the exercism Julia track — its
# runtests.jl against its .meta/example.jl saved over the exercise's stub — on kiln's runtime, and prints
# one line per exercise and the totals. The exercises are not part of this repository: pass the
# path of a checkout of https://github.com/exercism/julia (a work tree, or a bare git
# directory, whose HEAD is used).
#
#   tests/conformance/exercism.sh PATH [RESULTS_FILE]
#
# The runtime runs natively (guest/examples/run.rs, the same code as the component), 20 s per
# exercise. Results are recorded in tests/conformance/exercism.md.
set -euo pipefail
src=${1:?usage: tests/conformance/exercism.sh PATH-TO-exercism/julia [RESULTS_FILE]}
out=${2:-/dev/stdout}
root="$(cd "$(dirname "$0")/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kiln/target}"
cargo build -q --release -p kiln-guest --example run --manifest-path "$root/Cargo.toml"
run="$CARGO_TARGET_DIR/release/examples/run"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ -d "$src/exercises/practice" ]; then
    cp -r "$src/exercises/practice" "$work/practice"
else
    git --git-dir="$src" archive HEAD exercises/practice | tar -x -C "$work"
    mv "$work/exercises/practice" "$work/practice"
fi

pass=0
fail=0
: > "$work/results"
for dir in "$work"/practice/*/; do
    slug=$(basename "$dir")
    [ -f "$dir/.meta/example.jl" ] && [ -f "$dir/runtests.jl" ] || continue
    # The solution replaces the exercise's stub (usually `<slug>.jl`).
    stub=$(find "$dir" -maxdepth 1 -name '*.jl' ! -name runtests.jl | sort | head -n 1)
    cp "$dir/.meta/example.jl" "${stub:-$dir/$slug.jl}"
    set +e
    (cd "$dir" && timeout 20 "$run" runtests.jl > stdout.txt 2> stderr.txt)
    rc=$?
    set -e
    if [ "$rc" = 0 ]; then
        pass=$((pass + 1))
        echo "PASS $slug" >> "$work/results"
    else
        fail=$((fail + 1))
        # The first reason: the uncaught error, or the first failing test's message.
        reason=$(grep -m1 -E '^  [A-Za-z]*(Error|Exception)|Test Failed|Expected:' "$dir/stdout.txt" | sed 's/^ *//' || true)
        [ "$rc" = 124 ] && reason="timed out after 20 s"
        [ -z "$reason" ] && reason=$(head -c 200 "$dir/stderr.txt" | tr '\n' ' ' || true)
        echo "FAIL $slug: $reason" >> "$work/results"
    fi
done
{
    cat "$work/results"
    echo "passed $pass of $((pass + fail))"
} > "$out"
