#!/usr/bin/env python3
"""Write the seeds of the `growth` fuzz target (fuzz/seeds/growth/): the shapes of issue 12,
each described in growth.rs's input format. Fragments are written as literals (0xC0 + length
- 1, then the bytes), so the seeds do not depend on the order of growth.rs's FRAGMENTS."""

import os

ID, TR, EN = 0, 1, 2


def lit(s):
    b = s.encode()
    assert 1 <= len(b) <= 64
    return bytes([0xC0 + len(b) - 1]) + b


def piece(frags, n, ramp=False):
    """`frags` repeated about `n` times: (count + 1) << e, rounded down."""
    e = 0
    while (n >> e) > 256:
        e += 1
    count = (n >> e) - 1
    assert 0 <= count <= 255 and e <= 15 and 1 <= len(frags) <= 4
    head = (e << 4) | (4 if ramp else 0) | (len(frags) - 1)
    return bytes([head, count]) + b"".join(lit(f) for f in frags)


SEEDS = {
    "comment-openers": bytes([EN]) + piece(["<div>\n\n"], 1) + piece(["<!--x"], 100000),
    "cdata-openers": bytes([EN]) + piece(["<span>"], 1) + piece(["<![CDATA[a"], 50000),
    "long-word": bytes([ID]) + piece(["Kata "], 1) + piece(["abcdefghij"], 16000),
    "long-heading": bytes([EN]) + piece(["# "], 1) + piece(["abcdefghij"], 8000),
    "backtick-ramp": bytes([EN]) + piece(["`", "a"], 1000, ramp=True),
    "brackets": bytes([EN]) + piece(["a "], 1) + piece(["["], 40000),
    "hard-breaks": bytes([ID]) + piece(["kata  \n"], 50000),
    "backslash-breaks": bytes([ID]) + piece(["kata\\\n"], 50000),
    "unresolved-links": bytes([EN]) + piece(["[a](#nope) "], 12500),
    "repeated-text": bytes([ID])
    + piece(['Kalimat yang sama, "berulang" lagi dan lagi. '], 8000),
    "combining-ramp": bytes([EN]) + piece(["\u0301", "e "], 400, ramp=True),
    "zero-width-word": bytes([TR]) + piece(["ab\u200b"], 60000),
    "nesting": bytes([EN])
    + piece(["> "], 100)
    + piece(["- "], 100)
    + piece(["*a "], 100)
    + piece(["text\n\n"], 10),
    "small-chapter": bytes([TR])
    + piece(["# Başlık {#b}\n\n"], 1)
    + piece(["Bir *vurgu* ve [bağlantı](#b) ile paragraf.[^1]\n\n"], 150)
    + piece(["[^1]: Dipnot.\n"], 1),
    "table-rows": bytes([EN])
    + piece(["| a | b |\n|---|---|\n"], 1)
    + piece(["| x | `y` |\n"], 20000),
    "divs": bytes([EN]) + piece(["::: note\n", "text {#id}\n"], 5000),
}

if __name__ == "__main__":
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seeds", "growth")
    os.makedirs(out, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
