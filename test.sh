#!/usr/bin/env bash
# The project's one test command: installs what the tests need (locally, nothing global),
# builds the solution once (Debug), runs every .NET test project and the node suites
# (official JS client, API probe vs real Chroma), and ends with "N passed, N failed".
# Exit status is non-zero on any failure, on a build/install error, or if no test ran.
#
#   ./test.sh                  everything
#   ./test.sh --no-node        .NET tests only
#   ./test.sh --filter EXPR    passed to dotnet test (node suites still run unless --no-node)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

CONFIGURATION=Debug
RUN_NODE=1
FILTER=""
while [ $# -gt 0 ]; do
  case "$1" in
    --no-node) RUN_NODE=0 ;;
    --filter) FILTER="${2:?--filter needs an expression}"; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# The node suites find the Gateway under artifacts/bin/Chroma.Gateway/<configuration>/.
export CHROMA_CONFIGURATION="${CONFIGURATION,,}"
OUT="$ROOT/.test-output"
rm -rf "$OUT" && mkdir -p "$OUT"

PASSED=0
FAILED=0
SKIPPED=0
ERRORS=0
FAILED_NAMES=()

step() { printf '\n==== %s\n' "$*"; }

finish() {
  echo
  if [ "$ERRORS" -gt 0 ]; then echo "$ERRORS step(s) failed to run (see above)"; fi
  if [ "$SKIPPED" -gt 0 ]; then echo "($SKIPPED skipped)"; fi
  # Repeated here because a CI log may keep only its tail.
  for name in "${FAILED_NAMES[@]}"; do echo "FAILED: $name"; done
  echo "$PASSED passed, $FAILED failed"
  if [ "$FAILED" -gt 0 ] || [ "$ERRORS" -gt 0 ] || [ "$PASSED" -eq 0 ]; then exit 1; fi
  exit 0
}

for tool in dotnet node npm; do
  command -v "$tool" >/dev/null || { echo "$tool is required but not on PATH" >&2; ERRORS=$((ERRORS + 1)); FAILED=$((FAILED + 1)); finish; }
done

# ---------------------------------------------------------------- install
if [ "$RUN_NODE" = 1 ]; then
  step "npm ci (tests/js: chromadb client pinned by package-lock.json)"
  # The optional native bindings are real Chroma's server; the client does not need them.
  if ! (cd tests/js && timeout 600 npm ci --omit=optional --no-audit --no-fund --loglevel=error); then
    echo "npm ci failed" >&2
    ERRORS=$((ERRORS + 1))
  fi
fi

# Azurite (the blob emulator of the distributed tests) is installed here, once, before any test
# starts it: the tests' own fallback installs take a lock, but one install up front keeps a
# failure visible as an install error rather than as hundreds of failed tests.
step "npm ci (tools/azurite: Azurite pinned by package-lock.json)"
if [ ! -f tools/azurite/node_modules/.package-lock.json ] || [ ! -x tools/azurite/node_modules/.bin/azurite-blob ]; then
  if ! (cd tools/azurite && timeout 600 npm ci --no-audit --no-fund --loglevel=error); then
    echo "npm ci in tools/azurite failed" >&2
    ERRORS=$((ERRORS + 1))
  fi
else
  echo "already installed"
fi

# ---------------------------------------------------------------- build
step "dotnet build ($CONFIGURATION)"
if ! timeout 1200 dotnet build Chroma.Aspire.sln -c "$CONFIGURATION" -v quiet -nologo; then
  echo "build failed" >&2
  ERRORS=$((ERRORS + 1))
  FAILED=$((FAILED + 1))
  finish
fi

# ---------------------------------------------------------------- .NET tests
# Sum a trx file's counters: <Counters total=".." executed=".." passed=".." failed=".." ...>
trx_counter() { grep -o "<Counters [^>]*" "$1" | grep -o " $2=\"[0-9]*\"" | grep -o '[0-9]*' | head -1; }

for project in $(find tests -name '*.Tests.csproj' -not -path '*/node_modules/*' | sort); do
  name="$(basename "$project" .csproj)"
  step "dotnet test $name"
  args=(test "$project" -c "$CONFIGURATION" --no-build --nologo -v quiet
        --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" --results-directory "$OUT")
  if [ -n "$FILTER" ]; then args+=(--filter "$FILTER"); fi
  timeout 1500 dotnet "${args[@]}"
  code=$?
  trx="$OUT/$name.trx"
  if [ -f "$trx" ]; then
    p=$(trx_counter "$trx" passed); f=$(trx_counter "$trx" failed); t=$(trx_counter "$trx" total); e=$(trx_counter "$trx" executed)
    p=${p:-0}; f=${f:-0}; t=${t:-0}; e=${e:-0}
    PASSED=$((PASSED + p)); FAILED=$((FAILED + f)); SKIPPED=$((SKIPPED + t - e))
    echo "$name: $p passed, $f failed, $((t - e)) skipped"
    while IFS= read -r test; do FAILED_NAMES+=("$test"); done < <(
      grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" | grep -o ' testName="[^"]*"' | sed 's/^ testName="//; s/"$//')
    if [ "$code" -ne 0 ] && [ "$f" -eq 0 ]; then
      echo "$name: dotnet test exited $code without a failed test (crash or timeout)" >&2
      ERRORS=$((ERRORS + 1))
    fi
  elif [ -n "$FILTER" ] && [ "$code" -eq 0 ]; then
    echo "$name: no test matched the filter"
  else
    echo "$name: no results (dotnet test exited $code)" >&2
    ERRORS=$((ERRORS + 1))
  fi
done

# ---------------------------------------------------------------- node suites
if [ "$RUN_NODE" = 1 ]; then
  step "node --test tests/js tests/compat"
  log="$OUT/node-tests.log"
  timeout 900 node --test --test-reporter=spec tests/js/ tests/compat/ 2>&1 | tee "$log"
  code=${PIPESTATUS[0]}
  p=$(grep -E '^ℹ pass [0-9]+' "$log" | tail -1 | grep -o '[0-9]*$')
  f=$(grep -E '^ℹ fail [0-9]+' "$log" | tail -1 | grep -o '[0-9]*$')
  s=$(grep -E '^ℹ skipped [0-9]+' "$log" | tail -1 | grep -o '[0-9]*$')
  c=$(grep -E '^ℹ cancelled [0-9]+' "$log" | tail -1 | grep -o '[0-9]*$')
  if [ -z "$p" ]; then
    echo "node --test printed no summary (exit $code)" >&2
    ERRORS=$((ERRORS + 1))
  else
    f=$(( ${f:-0} + ${c:-0} ))
    PASSED=$((PASSED + p)); FAILED=$((FAILED + f)); SKIPPED=$((SKIPPED + ${s:-0}))
    echo "node: $p passed, $f failed"
    while IFS= read -r test; do FAILED_NAMES+=("node: $test"); done < <(grep -E '^\s*✖ ' "$log" | sed -E 's/^\s*✖ //' | sort -u)
    if [ "$code" -ne 0 ] && [ "$f" -eq 0 ]; then ERRORS=$((ERRORS + 1)); fi
  fi
fi

finish
