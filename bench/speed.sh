#!/usr/bin/env bash
# bench/speed.sh [OUT] — how fast terbit is, beside Typst, pandoc and WeasyPrint on the same text.
#
#  1. builds terbit and examples/bench_book in release mode;
#  2. writes the benchmark books (examples/bench_book.rs, deterministic): the first chapter of
#     manuscript/ repeated as 300 and as 600 chapters (the text the measurement kit gives its
#     peers: 207,600 words, ~900 A5 pages for 300), and a "varied" book as long whose words do
#     not repeat like that (a 40,000-word vocabulary drawn by Zipf's law), so that the word
#     caches do not flatter the figures; each also as one Markdown file and one Typst file;
#  3. times terbit on manuscript/ (the small book) and the 300-chapter book: EPUB alone, screen
#     PDF alone, print PDF alone, and all three in one `terbit build`; all three for the
#     600-chapter and the varied book. Wall time: median of hyperfine runs after a warm-up
#     (without hyperfine: median of as many /usr/bin/time runs); peak RSS: /usr/bin/time -v;
#  4. when the peers are installed (../shared/tools/install-kit.sh): in the same run, Typst on
#     the .typ (PDF), pandoc on the .md (EPUB) and pandoc + WeasyPrint (PDF; skipped with
#     NO_WEASY=1: it takes about 25 s) on the same text, timed the same way;
#  5. prints a Markdown table (also OUT/speed.md) and the ratios against the targets of issue 5:
#     all three outputs of the 300-chapter book in at most 0.2 × Typst's time for its PDF alone,
#     peak RSS at most 150 MiB, the 600-chapter book at most 2.1 × the 300-chapter time, the
#     small book under 50 ms.
#
# Env: RUNS (big books, default 5), SMALL_RUNS (default 20), PEER_RUNS (default 3),
#      NO_WEASY=1, TERBIT_KIT (default <repository>/../shared/tools).
# Exit: 0 when measured (a missed target is a measured result, printed as MISSED), 1 on a failed
# build or missing tool. Never part of the test suite: timings belong here, not in assertions.
set -euo pipefail

ROOT=$(git -C "$(dirname "$(realpath "$0")")" rev-parse --show-toplevel)
cd "$ROOT"
OUT=$(realpath -m "${1:-target/speed}")
KIT=${TERBIT_KIT:-$ROOT/../shared/tools}
RUNS=${RUNS:-5}
SMALL_RUNS=${SMALL_RUNS:-20}
PEER_RUNS=${PEER_RUNS:-3}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
LOGS=$OUT/logs
rm -rf "$LOGS"
mkdir -p "$LOGS"

say() { printf '== %s\n' "$*" >&2; }
[[ -x /usr/bin/time ]] && /usr/bin/time -v true 2>/dev/null ||
  { echo "error: /usr/bin/time (GNU time, with -v) not found — apt-get install time" >&2; exit 1; }
HYPERFINE=$(command -v hyperfine || true)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

say "building terbit and examples/bench_book (release)"
cargo build --release --quiet --bin terbit --example bench_book
TERBIT=$TARGET/release/terbit

for book in "repeat 300" "repeat 600" "varied 300"; do
  set -- $book
  say "writing the $1 book, $2 chapters"
  "$TARGET/release/examples/bench_book" "$OUT/$1-$2" "$1" "$2" | tee -a "$LOGS/books.log" >&2
done

# measure NAME RUNS CMD... — wall time (median) to LOGS/NAME.wall, peak RSS (KiB) to NAME.rss.
measure() {
  local name=$1 runs=$2; shift 2
  say "$name: $*"
  /usr/bin/time -v -o "$LOGS/$name.time" "$@" >"$LOGS/$name.log" 2>&1 ||
    { cat "$LOGS/$name.log" >&2; echo "error: $name failed" >&2; exit 1; }
  sed -n 's/.*Maximum resident set size (kbytes): //p' "$LOGS/$name.time" >"$LOGS/$name.rss"
  awk -F': ' '/User time|System time/{s += $2} END{print s}' "$LOGS/$name.time" >"$LOGS/$name.cpu"
  if ((runs == 1)); then  # the run above is the measurement
    python3 -c 'import re,sys; p=re.search(r"Elapsed \(wall clock\) time.*?: (\S+)", open(sys.argv[1]).read()).group(1).split(":"); print(sum(float(v) * 60 ** i for i, v in enumerate(reversed(p))))' \
      "$LOGS/$name.time" >"$LOGS/$name.wall"
  elif [[ -n $HYPERFINE ]]; then
    local q; printf -v q '%q ' "$@"
    "$HYPERFINE" --style none --warmup 1 --runs "$runs" --export-json "$LOGS/$name.json" "$q" \
      >/dev/null 2>&1 || { echo "error: hyperfine $name failed" >&2; exit 1; }
    python3 -c 'import json,sys,statistics as s; print(s.median(json.load(open(sys.argv[1]))["results"][0]["times"]))' \
      "$LOGS/$name.json" >"$LOGS/$name.wall"
  else
    local i
    for ((i = 0; i < runs; i++)); do
      /usr/bin/time -f %e -a -o "$LOGS/$name.walls" "$@" >/dev/null 2>&1
    done
    python3 -c 'import sys,statistics as s; print(s.median(float(x) for x in open(sys.argv[1])))' \
      "$LOGS/$name.walls" >"$LOGS/$name.wall"
  fi
}

terbit() {  # terbit NAME RUNS BOOK_DIR FORMATS
  local out=$OUT/out/$1
  mkdir -p "$out"
  measure "terbit-$1" "$2" "$TERBIT" build "$3" -o "$out" --format "$4"
}

for f in epub pdf print epub,pdf,print; do
  terbit "small-${f//,/+}" "$SMALL_RUNS" "$ROOT/manuscript" "$f"
  terbit "big-${f//,/+}" "$RUNS" "$OUT/repeat-300" "$f"
done
terbit "big600-epub+pdf+print" "$RUNS" "$OUT/repeat-600" epub,pdf,print
terbit "varied-epub+pdf+print" "$RUNS" "$OUT/varied-300" epub,pdf,print
pdfinfo "$OUT/out/big-pdf/"*.pdf | awk '/^Pages:/{print $2}' >"$LOGS/big.pages"
pdfinfo "$OUT/out/big-print/"*.pdf | awk '/^Pages:/{print $2}' >"$LOGS/big-print.pages"

TYPST=$KIT/bin/typst
if [[ -x $TYPST ]] && "$TYPST" --version >/dev/null 2>&1; then
  for b in repeat-300 varied-300; do
    measure "typst-$b" "$PEER_RUNS" "$TYPST" compile "$OUT/$b/peers/book.typ" "$OUT/$b/peers/typst.pdf"
  done
  pdfinfo "$OUT/repeat-300/peers/typst.pdf" | awk '/^Pages:/{print $2}' >"$LOGS/typst.pages"
else
  say "Typst not installed (run $KIT/install-kit.sh): no Typst figures"
fi
if command -v pandoc >/dev/null; then
  for b in repeat-300 varied-300; do
    measure "pandoc-epub-$b" "$PEER_RUNS" pandoc "$OUT/$b/peers/book.md" -o "$OUT/$b/peers/pandoc.epub"
  done
  if [[ -z ${NO_WEASY:-} ]] && command -v weasyprint >/dev/null && [[ -f $KIT/peers/book.css ]]; then
    measure "weasyprint-repeat-300" 1 pandoc "$OUT/repeat-300/peers/book.md" -s --css "$KIT/peers/book.css" \
      --pdf-engine=weasyprint -o "$OUT/repeat-300/peers/weasyprint.pdf"
  fi
else
  say "pandoc not installed (run $KIT/install-kit.sh): no pandoc or WeasyPrint figures"
fi

say "table"
python3 - "$LOGS" "$(git rev-parse --short HEAD)" "$(nproc)" "${HYPERFINE:+hyperfine}" \
  "$RUNS" "$SMALL_RUNS" "$PEER_RUNS" "$LOAD_BEFORE" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY' | tee "$OUT/speed.md"
import os, re, sys
logs, commit, cores, hf, runs, small_runs, peer_runs, load0, load1 = sys.argv[1:]
def get(name):
    try:
        wall = float(open(os.path.join(logs, name + ".wall")).read())
        rss = int(open(os.path.join(logs, name + ".rss")).read()) / 1024
        return wall, rss
    except (FileNotFoundError, ValueError):
        return None
def cell(name):
    m = get(name)
    if m is None:
        return "–"
    wall, rss = m
    fmt = lambda v: f"{v * 1000:.0f} ms" if v < 1 else f"{v:.2f} s"
    try:
        cpu = " (CPU " + fmt(float(open(os.path.join(logs, name + ".cpu")).read())) + ")"
    except (FileNotFoundError, ValueError):
        cpu = ""
    return f"{fmt(wall)}{cpu} / {rss:.0f} MiB"
def words():
    text = open(os.path.join(logs, "books.log")).read()
    return {k: int(w) for k, w in re.findall(r"/(\w+-\d+)/book.yaml \(\d+ chapters, (\d+) words\)", text)}
w = words()
timer = f"hyperfine, median of {runs} runs ({small_runs} for the small book, {peer_runs} for peers) after a warm-up" if hf else "median of /usr/bin/time runs"
print(f"Measured at commit {commit} on {cores} cores (load average before and after: {load0} → {load1}); "
      f"wall time: {timer}; CPU (user + system) and peak RSS: one /usr/bin/time -v run.\n")
print("| book | EPUB | screen PDF | print PDF | all three, one build |")
print("|---|---|---|---|---|")
print("| manuscript/ (small, 702 words) | " + " | ".join(cell(f"terbit-small-{f}") for f in ("epub", "pdf", "print", "epub+pdf+print")) + " |")
print(f"| essay × 300 chapters ({w.get('repeat-300', 0):,} words) | " + " | ".join(cell(f"terbit-big-{f}") for f in ("epub", "pdf", "print", "epub+pdf+print")) + " |")
print(f"| essay × 600 chapters ({w.get('repeat-600', 0):,} words) | – | – | – | {cell('terbit-big600-epub+pdf+print')} |")
print(f"| varied text, 300 chapters ({w.get('varied-300', 0):,} words) | – | – | – | {cell('terbit-varied-epub+pdf+print')} |")
print()
print("Peers on the same text (wall (CPU) / peak RSS):\n")
print("| tool | essay × 300 chapters | varied text |")
print("|---|---|---|")
print(f"| terbit, all three outputs | {cell('terbit-big-epub+pdf+print')} | {cell('terbit-varied-epub+pdf+print')} |")
print(f"| Typst → PDF | {cell('typst-repeat-300')} | {cell('typst-varied-300')} |")
print(f"| pandoc → EPUB | {cell('pandoc-epub-repeat-300')} | {cell('pandoc-epub-varied-300')} |")
print(f"| pandoc + WeasyPrint → PDF | {cell('weasyprint-repeat-300')} | – |")
print()
def ratio(a, b):
    a, b = get(a), get(b)
    return None if a is None or b is None else a[0] / b[0]
checks = []
r = ratio("terbit-big-epub+pdf+print", "typst-repeat-300")
checks.append(("all three (300 chapters) ÷ Typst's PDF alone", r, 0.2, "×"))
r2 = ratio("terbit-varied-epub+pdf+print", "typst-varied-300")
checks.append(("all three (varied text) ÷ Typst's PDF alone", r2, None, "×"))
r3 = ratio("terbit-big-pdf", "typst-repeat-300")
checks.append(("screen PDF alone ÷ Typst's PDF alone", r3, None, "×"))
r4 = ratio("terbit-big-epub", "pandoc-epub-repeat-300")
checks.append(("EPUB alone ÷ pandoc's EPUB", r4, None, "×"))
r5 = ratio("terbit-big-pdf", "weasyprint-repeat-300")
checks.append(("screen PDF alone ÷ WeasyPrint's PDF", r5, None, "×"))
big = get("terbit-big-epub+pdf+print")
checks.append(("peak RSS, all three (300 chapters), MiB", big and big[1], 150, ""))
checks.append(("600 ÷ 300 chapters, all three", ratio("terbit-big600-epub+pdf+print", "terbit-big-epub+pdf+print"), 2.1, "×"))
small = get("terbit-small-epub+pdf+print")
checks.append(("small book, all three, ms", small and small[0] * 1000, 50, ""))
print("| ratio | measured | target |")
print("|---|---|---|")
for label, v, target, unit in checks:
    if v is None:
        print(f"| {label} | – (not measured) | {f'≤ {target}' if target else ''} |")
        continue
    verdict = "" if target is None else (" met" if v <= target else " **MISSED**")
    shown = f"{v:.2f}{unit}" if v < 10 else f"{v:.0f}{unit}"
    print(f"| {label} | {shown} | {f'≤ {target}{unit}' if target else '–'}{verdict} |")
PY
