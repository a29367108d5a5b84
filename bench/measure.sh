#!/usr/bin/env bash
# bench/measure.sh [OUT] — measure what README's "Measurements" section reports, in one command.
#
#  1. builds terbit and the big-book generator in release mode;
#  2. writes the big test book (examples/big_book.rs, $CHAPTERS chapters, default 120) to OUT/big-book;
#  3. builds manuscript/ and the big book, EPUB and PDF separately, timing each: wall time with
#     hyperfine (median of $RUNS runs after a warm-up) or, without hyperfine, one /usr/bin/time run;
#     peak RSS always from `/usr/bin/time -v`;
#  4. runs the measurement kit on every output: justify-metric.py and check-pdf.sh on the PDFs,
#     check-epub.sh (NO_ACE=1) on the EPUBs, each against the book's Markdown; pdfinfo page counts;
#  5. prints a Markdown table of the figures (also saved to OUT/measurements.md), beside the kit's
#     peer figures read from its peers/reference-results.txt.
#
# OUT defaults to target/measure (inside the repository's ignored target/): big-book/ (the generated
# book), manuscript-out/ and big-out/ (the EPUBs and PDFs), logs/ (every tool's output).
# Env: TERBIT_KIT  the kit's folder (default: <repository>/../shared/tools)
#      CHAPTERS    chapters of the big book (default 120)
#      RUNS        hyperfine runs per build (default 5)
# Exit: 0 when everything was measured; 1 on a failed build or missing tool; 2 when the kit is
# missing (builds, timings and pages are still measured, the kit's columns say "kit missing").
# A failing check (RESULT=FAIL) is a measured result: it is reported in the table, not an error.
set -euo pipefail

ROOT=$(git -C "$(dirname "$(realpath "$0")")" rev-parse --show-toplevel)
cd "$ROOT"
OUT=$(realpath -m "${1:-target/measure}")
KIT=${TERBIT_KIT:-$ROOT/../shared/tools}
CHAPTERS=${CHAPTERS:-120}
RUNS=${RUNS:-5}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
LOGS=$OUT/logs
mkdir -p "$LOGS"

say() { printf '== %s\n' "$*" >&2; }
need() { command -v "$1" >/dev/null || { echo "error: $1 not found — $2" >&2; exit 1; }; }

need cargo "install a Rust toolchain (rustup.rs)"
need python3 "install Python 3"
need pdfinfo "install poppler-utils (apt-get install poppler-utils)"
[[ -x /usr/bin/time ]] && /usr/bin/time -v true 2>/dev/null ||
  { echo "error: /usr/bin/time (GNU time, with -v) not found — apt-get install time" >&2; exit 1; }

KIT_OK=1
if [[ -x $KIT/justify-metric.py && -x $KIT/check-pdf.sh && -x $KIT/check-epub.sh ]]; then
  KIT=$(realpath "$KIT")
  say "measurement kit: $KIT"
else
  KIT_OK=0
  cat >&2 <<EOF
!!
!! MEASUREMENT KIT MISSING: no justify-metric.py / check-pdf.sh / check-epub.sh in
!!   $KIT
!! Set TERBIT_KIT to the kit's folder (the one with justify-metric.py). Builds, timings and page
!! counts are still measured; justification and check columns will read "kit missing".
!!
EOF
fi
if command -v hyperfine >/dev/null; then
  TIMER="hyperfine, median of $RUNS runs after 1 warm-up"
else
  TIMER="/usr/bin/time, 1 run (hyperfine not installed)"
fi

say "building terbit and examples/big_book (release)"
cargo build --release --quiet --bin terbit --example big_book
TERBIT=$TARGET/release/terbit

say "writing the big book ($CHAPTERS chapters) to $OUT/big-book"
"$TARGET/release/examples/big_book" "$OUT/big-book" "$CHAPTERS" >"$LOGS/big_book.log"
cat "$LOGS/big_book.log" >&2

# The book's Markdown as one file, for the kit's word round-trip: the chapters in book.yaml's order
# (every *.md by name without a list). Ordered-list numbers ("1. ") are dropped: EPUB readers draw
# them from <ol>, they are not text of the book.
source_md() {  # source_md BOOK_DIR > FILE
  local dir=$1 files
  mapfile -t files < <(awk '/^chapters:/{on=1; next} on && /^[^ #-]/{on=0}
                            on && /^ *- /{sub(/^ *- */, ""); sub(/ *#.*$/, ""); gsub(/"/, ""); print}' "$dir/book.yaml")
  if ((${#files[@]} == 0)); then mapfile -t files < <(cd "$dir" && ls -1 -- *.md | sort); fi
  for f in "${files[@]}"; do cat "$dir/$f"; echo; done | sed -E 's/^([[:space:]]*)[0-9]+[.)] /\1/'
}

measure() {  # measure NAME BOOK_DIR
  local name=$1 dir=$2 fmt out=$OUT/$1-out
  mkdir -p "$out"
  source_md "$dir" >"$OUT/$name.source.md"
  for fmt in epub pdf; do
    say "$name: terbit build --format $fmt"
    local cmd=("$TERBIT" build "$dir" -o "$out" --format "$fmt")
    if command -v hyperfine >/dev/null; then
      local q; printf -v q '%q ' "${cmd[@]}"
      hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$LOGS/$name.$fmt.hyperfine.json" \
        "$q" >"$LOGS/$name.$fmt.hyperfine.log" 2>&1 ||
        { cat "$LOGS/$name.$fmt.hyperfine.log" >&2; exit 1; }
    fi
    /usr/bin/time -v -o "$LOGS/$name.$fmt.time" "${cmd[@]}" >"$LOGS/$name.$fmt.build.log" 2>&1 ||
      { cat "$LOGS/$name.$fmt.build.log" >&2; exit 1; }
  done
  local epub pdf   # the files terbit says it wrote ("wrote PATH (N KiB)")
  epub=$(sed -n 's/^wrote \(.*\) ([0-9]* KiB)$/\1/p' "$LOGS/$name.epub.build.log")
  pdf=$(sed -n 's/^wrote \(.*\) ([0-9]* KiB)$/\1/p' "$LOGS/$name.pdf.build.log")
  [[ -f $epub && -f $pdf ]] || { echo "error: $name: no output named in $LOGS/$name.*.build.log" >&2; exit 1; }
  pdfinfo "$pdf" | awk '/^Pages:/{print $2}' >"$LOGS/$name.pages"
  if ((KIT_OK)); then
    say "$name: justify-metric.py, check-pdf.sh, check-epub.sh (NO_ACE=1)"
    "$KIT/justify-metric.py" "$pdf" --json >"$LOGS/$name.justify.json"
    "$KIT/check-pdf.sh" "$pdf" "$OUT/$name.source.md" >"$LOGS/$name.check-pdf.log" 2>&1 || true
    NO_ACE=1 "$KIT/check-epub.sh" "$epub" "$OUT/$name.source.md" >"$LOGS/$name.check-epub.log" 2>&1 || true
  fi
}

measure manuscript "$ROOT/manuscript"
measure big "$OUT/big-book"

say "table"
python3 - "$LOGS" "$KIT_OK" "$KIT" "$TIMER" "$CHAPTERS" "$(nproc)" \
  "$(awk '/MemTotal/{printf "%.0f", $2/1048576}' /proc/meminfo)" "$(git rev-parse --short HEAD)" \
  <<'PY' | tee "$OUT/measurements.md"
import json, os, re, statistics, sys

logs, kit_ok, kit, timer, chapters, cores, mem_gib, commit = sys.argv[1:]
kit_ok = kit_ok == "1"
L = lambda f: os.path.join(logs, f)
NOKIT = "kit missing"

def read(f):
    try:
        return open(L(f), encoding="utf-8").read()
    except FileNotFoundError:
        return None

def summary(text):
    line = [ln for ln in text.splitlines() if ln.startswith("SUMMARY ")][-1:] if text else []
    return dict(re.findall(r"(\S+?)=(\S+)", line[0])) if line else {}

def build(name, fmt):
    t = read(f"{name}.{fmt}.time")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) / 1024
    hf = read(f"{name}.{fmt}.hyperfine.json")
    if hf:
        wall = statistics.median(json.loads(hf)["results"][0]["times"])
    else:
        p = re.search(r"Elapsed \(wall clock\) time.*?: (\S+)", t).group(1).split(":")
        wall = sum(float(v) * 60 ** i for i, v in enumerate(reversed(p)))
    return f"{wall:.2f} s / {rss:.0f} MiB"

def words(name):
    s = summary(read(f"{name}.check-pdf.log"))
    return f"{int(s['words_src']):,}" if "words_src" in s else "–"

def justify(name):
    j = read(f"{name}.justify.json")
    if j is None:
        return {}
    j = json.JSONDecoder().raw_decode(j.lstrip())[0]   # the JSON, then the JUSTIFY line
    return {
        "spaces": f"{j['space_ratio_median']:.2f} / {j['space_ratio_p95']:.2f} / {j['space_ratio_max']:.2f}",
        "tight": f"{j['tight_lines_lt0.8']} / {j['loose_lines_gt1.5']} of {j['nonlast_lines']}",
        "hyphen": f"{100 * j['hyphen_line_share']:.1f} %",
        "ladders": f"{j['ladders_ge3']} (longest run {j['max_consecutive_hyphens']})",
        "overflow": str(j["overflow_lines"]),
    }

def missing(text):
    m = re.findall(r"missing (\d+)x '([^']*)'", text or "")
    return ", ".join(f"{w}×{n}" for n, w in m[:3]) + (" …" if len(m) > 3 else "")

def check(name, kind):
    text = read(f"{name}.check-{kind}.log")
    s = summary(text)
    if not s:
        return "no SUMMARY line (see logs)"
    res = s.get("RESULT", "?")
    if kind == "epub":
        parts = [f"EPUBCheck {s.get('epubcheck_errors')} errors, {s.get('epubcheck_warnings')} warnings"]
    else:
        parts = [f"qpdf {s.get('qpdf')}", f"fonts {s.get('fonts')} embedded+subset" if s.get("unembedded") == "0" and s.get("not_subset") == "0" else f"fonts: {s.get('unembedded')} unembedded"]
    occ = s.get("missing_occ", "?")
    parts.append(f"{occ} words lost" + (f" ({missing(text)})" if occ not in ("0", "?") else ""))
    return f"**{res}**: " + "; ".join(parts)

# Peer figures: the kit's own reference results (big manuscript, 300 chapters).
peer_t, peer_j = {}, {}
ref = os.path.join(kit, "peers", "reference-results.txt")
if kit_ok and os.path.exists(ref):
    for ln in open(ref, encoding="utf-8"):
        f = ln.rstrip("\n").split("\t")
        if len(f) == 8 and f[0] == "big":
            peer_t[f[1]] = (float(f[2]), float(f[5]), f[6])
        if ln.startswith("JUSTIFY file=big-"):
            d = dict(re.findall(r"(\S+?)=(\S+)", ln))
            peer_j[d["file"][4:-4]] = d
def pt(tool, label):
    if tool not in peer_t:
        return None
    w, rss, pages = peer_t[tool]
    return f"{label} {w:.2f} s / {rss:.0f} MiB"
def pj(tool, label, fmt):
    return fmt(label, peer_j[tool]) if tool in peer_j else None
def join(*xs):
    xs = [x for x in xs if x]
    return "; ".join(xs) if xs else "–"
peer_words, peer_check = None, {}
for ln in open(ref, encoding="utf-8") if kit_ok and os.path.exists(ref) else []:
    if ln.startswith("SUMMARY "):
        d = dict(re.findall(r"(\S+?)=(\S+)", ln))
        peer_check[d.get("pdf") or d.get("epub")] = d.get("RESULT", "?")
        if d.get("pdf") == "big-typst.pdf":
            peer_words = f"{int(d['words_src']):,}"
def pc(*files):
    return join(*(f"{label} {peer_check[f]}" for f, label in files if f in peer_check))

rows = [("source words", lambda n: words(n) if kit_ok else NOKIT, peer_words or "–"),
        ("PDF pages (A5)", lambda n: read(f"{n}.pages").strip(),
         join(*(f"{label} {peer_t[t][2]}" for t, label in (("typst", "typst"), ("pandoc-weasy", "WeasyPrint"))
                if t in peer_t))),
        ("EPUB build: wall / peak RSS", lambda n: build(n, "epub"), join(pt("pandoc-epub", "pandoc"))),
        ("PDF build: wall / peak RSS", lambda n: build(n, "pdf"),
         join(pt("typst", "typst"), pt("pandoc-weasy", "pandoc+WeasyPrint"))),
        ("word space ÷ normal: median / p95 / max", "spaces",
         join(pj("typst", "typst", lambda l, d: f"{l} {float(d['space_ratio_median']):.2f} / {float(d['space_ratio_p95']):.2f} / {float(d['space_ratio_max']):.2f}"),
              pj("pandoc-weasy", "WeasyPrint", lambda l, d: f"{l} {float(d['space_ratio_median']):.2f} / {float(d['space_ratio_p95']):.2f} / {float(d['space_ratio_max']):.2f}"))),
        ("tight (<0.8×) / loose (>1.5×) lines", "tight", "–"),
        ("lines ending in a hyphen", "hyphen",
         join(pj("typst", "typst", lambda l, d: f"{l} {100 * float(d['hyphen_line_share']):.1f} %"),
              pj("pandoc-weasy", "WeasyPrint", lambda l, d: f"{l} {100 * float(d['hyphen_line_share']):.1f} %"))),
        ("hyphen ladders (3+ in a row)", "ladders",
         join(pj("typst", "typst", lambda l, d: f"{l} {d['ladders_ge3']} (longest {d['max_consecutive_hyphens']})"),
              pj("pandoc-weasy", "WeasyPrint", lambda l, d: f"{l} {d['ladders_ge3']} (longest {d['max_consecutive_hyphens']})"))),
        ("lines overflowing the measure", "overflow",
         join(pj("typst", "typst", lambda l, d: f"{l} {d['overflow_lines']}"),
              pj("pandoc-weasy", "WeasyPrint", lambda l, d: f"{l} {d['overflow_lines']}"))),
        ("check-pdf.sh", lambda n: check(n, "pdf") if kit_ok else NOKIT, pc(("big-typst.pdf", "typst"), ("big-pandoc-weasy.pdf", "pandoc+WeasyPrint"))),
        ("check-epub.sh (NO_ACE=1)", lambda n: check(n, "epub") if kit_ok else NOKIT, pc(("big.epub", "pandoc")))]

J = {n: justify(n) for n in ("manuscript", "big")}
print(f"Measured {os.popen('date -u +%Y-%m-%d').read().strip()} at commit {commit}, {cores} cores, {mem_gib} GiB; "
      f"wall time: {timer}; peak RSS: /usr/bin/time -v."
      + (" Peers: the kit's peers/reference-results.txt (its big manuscript: the essay as 300 chapters; "
         "measured by the kit on a 2-core machine)." if peer_t else " Peers: no kit, no peer figures.") + "\n")
print(f"| | manuscript/ | big book ({chapters} chapters) | peers, big manuscript |")
print("|---|---|---|---|")
for label, get, peer in rows:
    cells = []
    for n in ("manuscript", "big"):
        if isinstance(get, str):
            cells.append(J[n].get(get, NOKIT))
        else:
            cells.append(get(n))
    print(f"| {label} | {cells[0]} | {cells[1]} | {peer} |")
PY

if ((!KIT_OK)); then
  echo "!! measurement kit missing ($KIT): justification and checks not measured" >&2
  exit 2
fi
