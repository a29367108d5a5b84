#!/usr/bin/env python3
"""Derives roots.txt, the Indonesian words terbit's hyphenation takes as roots, from Wordnet
Bahasa (MIT License, see LICENSE-WordnetBahasa.txt beside this file).

    python3 roots.py wn-data-ind.tab > roots.txt

Each line is a root and the number of lemmas that read as it with affixes (its family, counted
only from readings no other competes with: ambil 3, kambil 0), by which morphology.rs prefers mengambil = meng+ambil to meng+kambil.

wn-data-ind.tab is in https://github.com/omwn/omw-data (wns/msa/). Kept: its one-word Indonesian
lemmas of two syllables or more, in the accent-free lower case the syllable rules read. Wordnet
lists verbs by their affixed forms (mendidik, pendidikan), so a root that appears only inside
affixed lemmas is added when at least two lemmas that do not contain one another carry it
(didik: mendidik, pendidik, terdidik), and it is spelled as a root can be. The affixes are read
as morphology.rs reads them; this script only needs to agree with it on which are possible.
"""
import re
import sys
from collections import defaultdict

VOWELS = set("aeiou")
ONSETS = {"bl", "br", "dr", "dw", "fl", "fr", "gl", "gr", "kl", "kr", "kw", "pl", "pr", "sk", "sl",
          "sm", "sn", "sp", "st", "sw", "tr", "tw", "skr", "spl", "spr", "str",
          "kh", "ng", "ny", "sy"}


def syllables(word):
    """As morphology.rs counts them: ai, au, ei, oi are one vowel only where the second letter
    ends its syllable (pan-tai, but a-ir)."""
    return len(re.findall(r"(?:ai|au|oi|ei)(?=$|[^aeiou][aeiou]|[aeiou])|[aeiou]", word))


def well_spelled(root):
    """Opens with a vowel, one consonant (or digraph) and a vowel, or a loan's onset cluster.
    Not ng or ny: the roots that open so (nyanyi, nganga) are words of their own in Wordnet,
    and one inferred would be me- or pe- read before a nasal that meN- or peN- wrote
    (mengambil as me+"ngambil")."""
    onset = re.match(r"[^aeiou]*", root).group(0)
    return (len(onset) <= 1 or onset in ONSETS) and onset not in ("ng", "ny")


def prefixes(w):
    """(prefix, root, changed) readings of w's first prefix."""
    out = []
    v = lambda i: len(w) > i and w[i] in VOWELS
    for p in ("meng", "peng"):
        if w.startswith(p) and len(w) > 4:
            if v(4):
                out += [(p, w[4:], False), (p, "k" + w[4:], True)]
            elif w[4] in "gh":
                out.append((p, w[4:], False))
    for p in ("menge", "penge"):
        if w.startswith(p) and not v(5):
            out.append((p, w[5:], False))
    for p in ("meny", "peny"):
        if w.startswith(p) and v(4):
            out.append((p, "s" + w[4:], True))
    for p in ("mem", "pem"):
        if w.startswith(p) and len(w) > 3:
            if w[3] in "bfvp":
                out.append((p, w[3:], False))
            elif v(3):
                out.append((p, "p" + w[3:], True))
    for p in ("men", "pen"):
        if w.startswith(p) and len(w) > 3:
            if w[3] in "dcjz" or w[3:5] == "sy":
                out.append((p, w[3:], False))
            elif v(3):
                out.append((p, "t" + w[3:], True))
    for p in ("me", "pe"):
        if w.startswith(p) and len(w) > 3 and w[2] in "lmnrwy" and w[2:4] not in ("ng", "ny") \
                and (v(3) or w[2:4] in ("ny", "ng")):
            out.append((p, w[2:], False))
        if w.startswith(p) and w[2:4] in ("ng", "ny") and v(4):
            out.append((p, w[2:], False))
    for p in ("ber", "ter", "per"):
        if w.startswith(p) and len(w) > 3:
            out.append((p, w[3:], False))
    for p in ("be", "te", "pe"):
        if w.startswith(p + "r") and v(3):
            out.append((p, w[2:], False))
    for p in ("bel", "pel"):
        if w.startswith(p + "ajar"):
            out.append((p, w[3:], False))
    if w.startswith("bekerja"):
        out.append(("be", w[2:], False))
    for p in ("di", "ke", "se"):
        if w.startswith(p) and len(w) > 2:
            out.append((p, w[2:], False))
    return out


# Roots whose carriers in Wordnet Bahasa do not prove them: ukur (mengukur, ukuran) because
# "kukur" is a word too, so that mengukur could be meng+kukur.
EXTRA = {"ukur"}

FIRST = {"meng", "peng", "menge", "penge", "meny", "peny", "mem", "pem", "men", "pen", "me", "pe",
         "di", "ke", "se", "ter", "te"}
SECOND = {"ber", "be", "bel", "per", "pe", "pel"}


def roots_of(w, strict=False):
    """Every root an affixed reading of w leaves; with `strict`, only those no other reading
    of the same letters competes with: not those read off meng- or peng- before a vowel
    (mengambil: ambil or "kambil"?) nor off be-, te-, pe- before r (teringat: ingat or
    "ringat"?)."""
    stems = [w] + [w[:-len(s)] for s in ("kan", "an", "i") if w.endswith(s) and len(w) > len(s) + 2]
    found = set(stems[1:])
    for stem in stems:
        for p, root, changed in prefixes(stem):
            ambiguous = (p in ("meng", "peng") and stem[len(p)] in VOWELS) or (
                p in ("be", "te", "pe") and root[0] == "r")
            if strict and ambiguous:
                continue
            found.add(root)
            if p in FIRST and not changed:
                found.update(r for p2, r, c2 in prefixes(root)
                             if p2 in SECOND and not c2 and not (strict and p2 == "pe"))
    return {r for r in found if r != w and len(r) >= 3 and syllables(r) >= 2}


def main(path):
    words = set()
    for line in open(path, encoding="utf-8"):
        cols = line.rstrip("\n").split("\t")
        if len(cols) == 3 and cols[1] == "ind:lemma":
            word = cols[2].lower().replace("é", "e")
            if re.fullmatch(r"[a-z]+", word) and syllables(word) >= 2:
                words.add(word)
    # Evidence comes only from readings no other competes with (see roots_of): mengebom
    # proves neither "ebom" nor "kebom".
    carriers = defaultdict(set)
    for w in words:
        for r in roots_of(w, strict=True):
            carriers[r].add(w)
    induced = set()
    for root, ws in carriers.items():
        if root in words:
            continue
        # A lemma carries the root only when no shorter carrier inside it does (berahi, not
        # keberahian and memberahikan: ber+ahi is no reading of a root "ahi").
        own = [w for w in ws if not any(o != w and o in w for o in ws)]
        # me- and pe- before n or m read a root that meN- or peN- changed (menangani is
        # meN+tangan+i, not me+"nangan"+i; memukul meN+pukul).
        changed = (root[0] == "n" and "t" + root[1:] in words) or (
            root[0] == "m" and "p" + root[1:] in words)
        if len(own) >= 2 and well_spelled(root) and not changed:
            induced.add(root)
    family = defaultdict(int)
    for w in words:
        for r in roots_of(w, strict=True):
            family[r] += 1
    for word in sorted(words | induced | EXTRA):
        print(word, family[word])


if __name__ == "__main__":
    main(sys.argv[1])
