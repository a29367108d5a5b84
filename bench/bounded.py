#!/usr/bin/env python3
"""bench/bounded.py — the growth of work on pathological books (README: "Limits").

Each case writes a book whose size is set by n, builds it at n and at 4n with the release
binary, and prints wall time, peak RSS and the ratio of both. Linear work shows a time ratio near
4 (≤ 4.5 within noise); a quadratic step shows 16. A case that passes its timeout is a hang.

    bench/bounded.py [--bin target/release/terbit] [--only NAME,...] [--scale S] [--timeout SECS]

--scale multiplies every case's n (0.25 for a quick look). Books are written under
target/bounded/. Nothing here is a test: tests/robustness/growth.rs asserts the same growth by
counting work, not by timing it.
"""
import argparse, base64, os, pathlib, shutil, struct, subprocess, sys, time, zlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
YAML = "title: Uji Batas\nlanguage: {lang}\n"

def chapter(text, lang="id"):
    return {"book.yaml": YAML.format(lang=lang), "01.md": text}

def png(width, height, depth=8, colour=6):
    """A valid PNG of width × height pixels (RGBA), rows of zeros, written by hand."""
    channels = {6: 4, 2: 3, 0: 1}[colour]
    row = b"\0" + b"\0" * (width * channels * depth // 8)
    comp = zlib.compressobj(1)
    data = b"".join(comp.compress(row) for _ in range(height)) + comp.flush()
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    ihdr = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", data) + chunk(b"IEND", b"")

def svg_book(body, n_note=""):
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="1000" '
           'viewBox="0 0 1000 1000">' + body + '</svg>')
    return {"book.yaml": YAML.format(lang="en"), "01.md": "# SVG\n\n![gambar](g.svg)\n",
            "g.svg": svg}

WORDS = ("kerja sama antara Turki dan negara negara Asia Tengah telah berkembang pesat "
         "dalam bidang ekonomi budaya pendidikan dan keamanan regional ").split()

def prose(n_words, seed=0):
    return " ".join(WORDS[(i * 7 + seed) % len(WORDS)] for i in range(n_words))

def manuscript_text():
    return (ROOT / "manuscript" / "01-kemitraan-untuk-perdamaian.md").read_text()

CASES = {
    # name: (n, function n -> files, command)
    "html-comment": (125_000 // 6, lambda n: chapter("<div>\n" + "<!--x" * n + "\n")),
    "long-word": (10_000, lambda n: chapter("a" * n + "\n")),
    "long-word-in-paragraph": (40_000, lambda n: chapter(prose(200) + " " + "b" * n + " " + prose(200) + "\n")),
    "long-word-in-heading": (40_000, lambda n: chapter("# " + "c" * n + "\n\nTeks.\n")),
    "backtick-runs": (250, lambda n: chapter("".join("`" * i + "a" for i in range(1, n + 1)) + "\n")),
    "open-brackets": (10_000, lambda n: chapter("[" * n + "\n")),
    "open-brackets-words": (10_000, lambda n: chapter("[a " * n + "\n")),
    "hard-breaks": (25_000, lambda n: chapter("kata  \n" * n + "akhir\n")),
    "backslash-breaks": (25_000, lambda n: chapter("kata\\\n" * n + "akhir\n")),
    "long-paragraph": (50_000, lambda n: chapter(prose(n) + "\n")),
    "many-lines": (50_000, lambda n: chapter("\n\n".join(prose(12, i) for i in range(n)) + "\n")),
    "code-lines": (12_500, lambda n: chapter("```\n" + "\n".join(f"let x{i} = f({i});" for i in range(n)) + "\n```\n")),
    "long-code-line": (50_000, lambda n: chapter("```\n" + "x" * n + "\n```\n")),
    "emphasis-runs": (10_000, lambda n: chapter("*a **a " * n + "\n")),
    "underscores": (20_000, lambda n: chapter("_a " * n + "\n")),
    "nested-quotes": (10_000, lambda n: chapter(">" * n + " a\n")),
    "nested-lists": (5_000, lambda n: chapter("".join("  " * i + "- a\n" for i in range(n)))),
    "link-refs": (10_000, lambda n: chapter("".join(f"[l{i}]\n" for i in range(n)) + "\n" + "".join(f"[l{i}]: /u{i}\n" for i in range(n)))),
    "unresolved-links": (12_500, lambda n: chapter(" ".join(f"[t{i}](#tidak-ada-{i})" for i in range(n)) + "\n")),
    "footnotes": (5_000, lambda n: chapter(" ".join(f"kata[^{i}]" for i in range(n)) + "\n\n" + "".join(f"[^{i}]: catatan {i}\n" for i in range(n)))),
    "headings": (5_000, lambda n: chapter("".join(f"## Judul {i}\n\nteks.\n\n" for i in range(n)))),
    "table-rows": (10_000, lambda n: chapter("| a | b |\n|---|---|\n" + "".join(f"| {i} | x |\n" for i in range(n)))),
    "table-columns": (50, lambda n: chapter("|" + "|".join("k" for _ in range(n)) + "|\n|" + "|".join("-" for _ in range(n)) + "|\n")),
    "combining-marks": (20_000, lambda n: chapter("a" + "\u0301" * n + " teks\n")),
    "html-tags": (20_000, lambda n: chapter("<span>" * n + "a\n")),
    "html-attrs": (20_000, lambda n: chapter("<p " + " ".join(f'a{i}="x"' for i in range(n)) + ">a</p>\n")),
    "entities": (50_000, lambda n: chapter("&amp;" * n + "\n")),
    "autolinks": (10_000, lambda n: chapter(" ".join(f"<https://contoh.id/{i}>" for i in range(n)) + "\n")),
    "check-paragraph": (1_000_000 // 6, lambda n: chapter(prose(n) + "\n"), "check"),
    "check-repeated": (100, lambda n: chapter(manuscript_text() * n), "check"),
    "check-unresolved-links": (12_500, lambda n: chapter(" ".join(f"[t{i}](#tidak-ada-{i})" for i in range(n)) + "\n"), "check"),
    "check-lines": (50_000, lambda n: chapter("\n\n".join(prose(12, i) for i in range(n)) + "\n"), "check"),
    "svg-blur": (100, lambda n: svg_book(f'<filter id="f"><feGaussianBlur stdDeviation="{n}"/></filter><rect width="1000" height="1000" fill="red" filter="url(#f)"/>')),
    "svg-morphology": (100, lambda n: svg_book(f'<filter id="f"><feMorphology radius="{n}"/></filter><rect width="1000" height="1000" fill="red" filter="url(#f)"/>')),
    "svg-chained-filters": (4, lambda n: svg_book('<filter id="f">' + "".join(f'<feGaussianBlur stdDeviation="50" result="r{i}"/>' for i in range(n)) + '</filter><rect width="1000" height="1000" fill="red" filter="url(#f)"/>')),
    "svg-text": (50_000, lambda n: svg_book(f'<text x="10" y="50">{"kata " * (n // 5)}</text>')),
    "svg-elements": (50_000, lambda n: svg_book("".join(f'<rect x="{i % 1000}" y="{i // 1000}" width="1" height="1"/>' for i in range(n)))),
    "svg-nesting": (2_000, lambda n: svg_book("<g>" * n + '<rect width="9" height="9"/>' + "</g>" * n)),
    "same-headings": (5_000, lambda n: chapter("## Judul\n\nteks.\n\n" * n)),
    "same-footnote-refs": (5_000, lambda n: chapter("kata[^a] " * n + "\n\n[^a]: catatan\n")),
    "fenced-divs": (5_000, lambda n: chapter("::: catatan\n" * n + "teks\n" + ":::\n" * n)),
    "heading-attrs": (5_000, lambda n: chapter("".join(f"## J {{#id-{i} .c}}\n\n" for i in range(n)))),
    "image-refs": (2_000, lambda n: dict({"book.yaml": YAML.format(lang="en"), "01.md": "".join(f"![p{i}](p{i % 50}.png)\n\n" for i in range(n))}, **{f"p{i}.png": png(40, 40) for i in range(50)})),
    "long-url": (100_000, lambda n: chapter("<https://contoh.id/" + "a" * n + ">\n")),
    "long-link-target": (100_000, lambda n: chapter("[teks](https://contoh.id/" + "a" * n + ")\n")),
    "long-linked-text": (20_000, lambda n: chapter("[" + prose(n) + "](https://contoh.id/" + "a" * 4000 + ")\n")),
    "list-items": (20_000, lambda n: chapter("- butir\n" * n)),
    "png-pixels": (3_000, lambda n: {"book.yaml": YAML.format(lang="en"), "01.md": "# P\n\n![p](p.png)\n", "p.png": png(n, n, 16)}),
    "many-images": (500, lambda n: {"book.yaml": YAML.format(lang="en"), "01.md": "# P\n\n" + "![p](p.png)\n\n" * n, "p.png": png(400, 400)}),
    "many-chapters": (500, lambda n: dict({"book.yaml": YAML.format(lang="id")}, **{f"{i:05}.md": f"# Bab {i}\n\n{prose(50, i)}\n" for i in range(n)})),
    # Memory on long chapters (README: "Memory"); at 4n each is near the 50 MB a chapter may be,
    # or as large as its shape allows in 300 MiB.
    "memory-paragraphs": (125_000, lambda n: chapter("\n\n".join(prose(12, i) for i in range(n)) + "\n")),
    "memory-essay": (2_300, lambda n: chapter(manuscript_text() * n)),
    "memory-one-paragraph": (300_000, lambda n: chapter(prose(n) + "\n")),
    "memory-code": (200_000, lambda n: chapter("```\n" + "\n".join(f"let x{i} = f({i});" for i in range(n)) + "\n```\n")),
    "memory-headings": (80_000, lambda n: chapter("".join(f"## Judul {i}\n\nteks.\n\n" for i in range(n)))),
    "memory-list-items": (500_000, lambda n: chapter("- butir\n" * n)),
    "memory-table-rows": (300_000, lambda n: chapter("| a | b |\n|---|---|\n" + "".join(f"| {i} | x |\n" for i in range(n)))),
    "memory-footnotes": (50_000, lambda n: chapter(" ".join(f"kata[^{i}]" for i in range(n)) + "\n\n" + "".join(f"[^{i}]: catatan {i}\n" for i in range(n)))),
}

def write_book(path, files):
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    for name, body in files.items():
        data = body.encode() if isinstance(body, str) else body
        (path / name).write_bytes(data)
    return sum(len(b.encode() if isinstance(b, str) else b) for b in files.values())

def run(binary, book, command, timeout):
    out = book.parent / (book.name + "-out")
    shutil.rmtree(out, ignore_errors=True)
    args = [binary, "-q", "build", str(book), "-o", str(out)] if command == "build" else [binary, "-q", "check", str(book)]
    start = time.monotonic()
    # `timeout` kills terbit itself (subprocess's own timeout would kill only /usr/bin/time,
    # leaving terbit running).
    p = subprocess.run(["timeout", "-s", "KILL", str(timeout), "/usr/bin/time", "-f", "%U %S %M"] + args,
                       capture_output=True, start_new_session=True)
    if p.returncode in (124, 137, -9):
        return None, None, "timeout"
    wall = time.monotonic() - start
    lines = p.stderr.decode(errors="replace").strip().splitlines()
    try:
        user, system, rss = lines[-1].split()
        cpu, rss = float(user) + float(system), int(rss) / 1024
    except (IndexError, ValueError):
        cpu, rss = wall, float("nan")
    # CPU time, not wall time: the machine may be busy, and a build uses both cores.
    wall = cpu
    status = "ok" if p.returncode == 0 else f"exit {p.returncode}: " + (lines[0][:90] if lines else "")
    return wall, rss, status

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(ROOT / "target/release/terbit"))
    ap.add_argument("--only", default="")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--timeout", type=float, default=60)
    args = ap.parse_args()
    only = [s for s in args.only.split(",") if s]
    work = ROOT / "target" / "bounded"
    print(f"| case | n | input | CPU n | CPU 4n | ratio | RSS n MiB | RSS 4n MiB | status |")
    print(f"|---|---|---|---|---|---|---|---|---|")
    for name, case in CASES.items():
        if only and name not in only:
            continue
        n0, make = case[0], case[1]
        command = case[2] if len(case) > 2 else "build"
        n = max(1, int(n0 * args.scale))
        rows = []
        for k in (n, 4 * n):
            book = work / f"{name}-{k}"
            size = write_book(book, make(k))
            rows.append((size,) + run(args.bin, book, command, args.timeout))
        (s1, t1, r1, st1), (s4, t4, r4, st4) = rows
        fmt = lambda t: "hang" if t is None else f"{t:.2f}s"
        ratio = f"{t4 / t1:.1f}" if t1 and t4 else "-"
        status = st1 if st1 == st4 else f"{st1} / {st4}"
        rss = lambda r: "-" if r is None else f"{r:.0f}"
        print(f"| {name} | {n} | {s1 / 1024:.0f} KB | {fmt(t1)} | {fmt(t4)} | {ratio} | {rss(r1)} | {rss(r4)} | {status} |", flush=True)

if __name__ == "__main__":
    main()
