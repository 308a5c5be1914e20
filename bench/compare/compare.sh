#!/usr/bin/env bash
# Side-by-side benchmark: real Chroma (the Rust server from its npm package) and Chroma.Aspire's
# single-node server on this machine, measured by Chroma's official JavaScript client on the
# same deterministic data, one after the other. Writes results/ours.json, results/real.json,
# results/floor.json (what the client alone needs for "get 100 ids", client-floor.mjs) and
# results/ratios.md (ours / real against the targets).
#
#   bench/compare/compare.sh [--n 100000] [--dim 384] [--queries 500] [--concurrency 4]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
N=100000; DIM=384; QUERIES=500; CONCURRENCY=4
while [ $# -gt 0 ]; do
  case "$1" in
    --n) N="$2"; shift ;;
    --dim) DIM="$2"; shift ;;
    --queries) QUERIES="$2"; shift ;;
    --concurrency) CONCURRENCY="$2"; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
cd "$HERE"
[ -d node_modules/chromadb ] || npm ci --no-audit --no-fund
dotnet build "$ROOT/Chroma.Gateway" -c Release -v quiet -nologo
mkdir -p results .data
rm -rf .data/real .data/ours

REAL_PORT=8010; OURS_PORT=8012
REAL_PID=$(./start-real-chroma.sh "$REAL_PORT" .data/real)
GATEWAY_DIR="$ROOT/artifacts/bin/Chroma.Gateway/release"
(cd "$GATEWAY_DIR" && exec dotnet Chroma.Gateway.dll --path "$HERE/.data/ours" --host 127.0.0.1 --port "$OURS_PORT" > "$HERE/.data/ours.log" 2>&1) &
OURS_PID=$!
trap 'kill $REAL_PID $OURS_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$OURS_PORT/api/v2/heartbeat" >/dev/null && break; sleep 0.2; done

COMMON=(--n "$N" --dim "$DIM" --queries "$QUERIES" --k 10 --space cosine --concurrency "$CONCURRENCY")
node chroma-bench.mjs --url "http://127.0.0.1:$OURS_PORT" "${COMMON[@]}" --pid "$OURS_PID" --data-dir .data/ours --label ours > results/ours.json 2> results/ours.err
node client-floor.mjs --url "http://127.0.0.1:$OURS_PORT" --n "$N" --dim "$DIM" --queries "$QUERIES" > results/floor.json 2> results/floor.err
node chroma-bench.mjs --url "http://127.0.0.1:$REAL_PORT" "${COMMON[@]}" --pid "$REAL_PID" --data-dir .data/real --label real > results/real.json 2> results/real.err
node ratios.mjs results/ours.json results/real.json results/floor.json | tee results/ratios.md
