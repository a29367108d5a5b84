#!/usr/bin/env python3
"""citations-vs-pandoc.py BIB STYLE.csl LANG [-v] [--cites FILE.md]

The same bibliography formatted by `pandoc --citeproc` and by terbit (target/release/terbit):
each work cited alone, then the reference list, compared entry for entry after white space is
made one. Prints how many differ (-v: each, pandoc's line then terbit's). README's table of
differences ("Citations") comes from this, run on tests/data/citations/*.bib with its CSL
files, in id-ID and tr-TR."""
import sys, os, subprocess, json, re, zipfile, html, shutil, tempfile
bib, style, lang = sys.argv[1], sys.argv[2], sys.argv[3]
verbose = '-v' in sys.argv
csl = os.path.abspath(style if style.endswith('.csl') else f'tests/data/citations/{style}.csl')
d = tempfile.mkdtemp(prefix='cmp-')
ext = os.path.splitext(bib)[1]
shutil.copy(bib, f'{d}/refs{ext}')
# keys
if ext == '.json':
    keys = [i['id'] for i in json.load(open(bib))]
else:
    j = subprocess.run(['pandoc', bib, '-t', 'csljson'], capture_output=True, text=True).stdout
    keys = [i['id'] for i in json.loads(j)]
extra = [l for l in open(sys.argv[sys.argv.index('--cites')+1])] if '--cites' in sys.argv else []
md = ''.join(f'CITE{n} [@{k}]\n\n' for n, k in enumerate(keys)) + ''.join(f'CITEX{n} {l}\n' for n, l in enumerate(extra))
open(f'{d}/ch.md', 'w').write('# Bab\n\n' + md)
shutil.copy(csl, f'{d}/style.csl')
open(f'{d}/book.yaml', 'w').write(f'title: T\nlanguage: {lang}\nbibliography: refs{ext}\ncsl: style.csl\nchapters: [ch.md]\n')
p = subprocess.run(['pandoc', f'{d}/ch.md', '--citeproc', '--bibliography', f'{d}/refs{ext}', '--csl', csl, '-M', f'lang={lang}', '-t', 'html', '--wrap=none'], capture_output=True, text=True)
# pandoc's HTML, made text as terbit's is below (its plain writer marks superscripts ^(…) and
# capitalizes small capitals).
plines = [' '.join(html.unescape(re.sub(r'<[^>]+>', '', m)).split()) for m in re.findall(r'<(?:p|div[^>]*class="csl-entry"[^>]*)>(.*?)</(?:p|div)>', p.stdout, re.S)]
plines = [l for l in plines if l]
r = subprocess.run([os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'target', 'release', 'terbit'), 'build', d, '-o', f'{d}/out', '--format', 'epub'], capture_output=True, text=True)
if r.returncode != 0:
    print(r.stderr); sys.exit(1)
epub = [f for f in os.listdir(f'{d}/out') if f.endswith('.epub')][0]
z = zipfile.ZipFile(f'{d}/out/{epub}')
def text(x):
    x = re.sub(r'<[^>]+>', '', x)
    return html.unescape(x)
body = ''.join(z.read(n).decode() for n in sorted(z.namelist()) if re.search(r'ch\d+\.xhtml$', n))
paras = [text(m) for m in re.findall(r'<p>(.*?)</p>', body, re.S)]
refs = [text(m) for m in re.findall(r'<li id="ref-[^"]*">(.*?)</li>', body, re.S)]
norm = lambda s: ' '.join(s.split())
pc = {l.split(' ',1)[0]: l for l in plines if l.startswith('CITE')}
tc = {norm(l).split(' ',1)[0]: norm(l) for l in paras if l.startswith('CITE')}
i = next((i for i,l in enumerate(plines) if not l.startswith('CITE') and i > 0), len(plines))
prefs = [l for l in plines[i:] if not l.startswith('CITE')]
bad = 0
icinde = 0  # pandoc's capital of Turkish 'içinde' is 'Içinde'; terbit writes 'İçinde'
for k in pc:
    if norm(pc[k]) != tc.get(k):
        bad += 1
        if verbose: print('C-', pc[k]); print('C+', tc.get(k))
for a, b in zip(prefs, refs):
    if norm(a) != norm(b):
        bad += 1
        icinde += norm(a).replace('Içinde', 'İçinde') == norm(b)
        if verbose: print('R-', a); print('R+', norm(b))
print(f'{bib} {style} {lang}: {bad} differ ({icinde} only by pandoc\'s "Içinde"); cites {len(pc)}/{len(tc)} refs {len(prefs)}/{len(refs)}')
