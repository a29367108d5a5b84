#!/usr/bin/env python3
"""bench/svg_vs_resvg.py RESVG_CHECKOUT [FILTER] — how terbit's PDFs draw SVGs, against resvg's
own test suite: every SVG of its painting, shapes, structure, paint-servers and masking tests
(not text or filters: those need resvg's test fonts, and filters are always pixels) is put in
one book, a chapter each; the screen PDF is built with target/release/terbit; each figure is
cut from poppler's rendering of its page at 96 dpi and compared with resvg's reference PNG.
Prints the worst figures (largest difference in a 10 × 10 patch, mean difference, drawn as
vectors or pixels) and the counts. Needs pikepdf, Pillow and pdftoppm. A measurement, not a
test: it reads a fetched repository."""
import os, sys, subprocess, shutil, glob, tempfile
import pikepdf
from PIL import Image, ImageChops, ImageStat
ROOT = subprocess.run(['git', '-C', os.path.dirname(os.path.abspath(__file__)), 'rev-parse', '--show-toplevel'],
                      capture_output=True, text=True).stdout.strip()
TERBIT = os.path.join(ROOT, 'target/release/terbit')
WORK = tempfile.mkdtemp(prefix='svg-vs-resvg-')
SV = os.path.join(WORK, 'svgs'); BK = os.path.join(WORK, 'book'); OUT = os.path.join(WORK, 'out')
os.makedirs(SV)
TESTS = os.path.join(sys.argv[1], 'crates/resvg/tests/tests')
for group in ['painting', 'shapes', 'structure', 'paint-servers', 'masking']:
    for dirpath, _, files in os.walk(os.path.join(TESTS, group)):
        for f in files:
            if f.endswith(('.svg', '.png')):
                rel = os.path.relpath(os.path.join(dirpath, f), TESTS).replace('/', '__')
                shutil.copy(os.path.join(dirpath, f), os.path.join(SV, rel))
sys.argv = sys.argv[1:]
names=sorted(f[:-4] for f in os.listdir(SV) if f.endswith('.svg') and os.path.exists(os.path.join(SV,f[:-4]+'.png')))
if len(sys.argv)>1: names=[n for n in names if sys.argv[1] in n]
import re
while True:
    shutil.rmtree(BK,ignore_errors=True); os.makedirs(BK+'/img'); shutil.rmtree(OUT,ignore_errors=True)
    open(BK+'/book.yaml','w').write('title: SVG\nlanguage: en\nchapters:\n'+''.join(f'  - c{i:04d}.md\n' for i in range(len(names))))
    for i,n in enumerate(names):
        shutil.copy(os.path.join(SV,n+'.svg'), f'{BK}/img/s{i:04d}.svg')
        open(f'{BK}/c{i:04d}.md','w').write(f'# C{i}\n\n![figure {i}](img/s{i:04d}.svg)\n')
    r=subprocess.run([TERBIT,'build',BK,'-o',OUT,'--format','pdf','-q'],capture_output=True,text=True)
    m=re.search(r'c(\d{4})\.md:\d+:\d+',r.stderr)
    if r.returncode!=0 and m:
        k=int(m.group(1)); print('dropped',names[k]); del names[k]; continue
    if r.returncode!=0: print(r.stderr[-2000:]); sys.exit(1)
    break
pdf=glob.glob(OUT+'/*.pdf')[0]
doc=pikepdf.open(pdf)
def mul(m,c):
    a,b,cc,d,e,f=m; a2,b2,c2,d2,e2,f2=c
    return [a*a2+b*c2,a*b2+b*d2,cc*a2+d*c2,cc*b2+d*d2,e*a2+f*c2+e2,e*b2+f*d2+f2]
found={}
for pno,page in enumerate(doc.pages):
    ctm=[1,0,0,1,0,0]; st=[]
    xo=page.Resources.get('/XObject',{})
    for operands,op in pikepdf.parse_content_stream(page):
        op=str(op)
        if op=='q': st.append(ctm)
        elif op=='Q': ctm=st.pop() if st else ctm
        elif op=='cm': ctm=mul([float(x) for x in operands],ctm)
        elif op=='Do':
            x=xo.get(str(operands[0]))
            if x is None: continue
            kind='vector' if x.get('/Subtype')=='/Form' and '/Matrix' in x and float(x.Matrix[3])<0 else 'pixels'
            if x.get('/Subtype')=='/Image' or kind=='vector':
                found.setdefault(pno,[]).append((kind,ctm))
# chapter i's figure: pages in order; map by order of appearance, skipping the cover (page 0)
figs=[(p,k,c) for p in sorted(found) for (k,c) in found[p] if p>0]
print(len(figs),'figures for',len(names),'svgs')
res=[]
for (p,kind,ctm),n in zip(figs,names):
    res.append((n,p,kind,ctm))
# render needed pages at 96 dpi
import tempfile
scores=[]
for n,p,kind,ctm in res:
    pre=os.path.join(WORK,'pg')
    subprocess.run(['pdftoppm','-png','-r','96','-f',str(p+1),'-l',str(p+1),'-singlefile',pdf,pre],check=True)
    im=Image.open(pre+'.png').convert('RGB')
    s=96/72
    a,b,c,d,e,f=ctm
    H=im.height
    box=(round(e*s), round(H-(f+d)*s), round((e+a)*s), round(H-f*s))
    crop=im.crop(box)
    ref=Image.open(os.path.join(SV,n+'.png')).convert('RGBA')
    bg=Image.new('RGBA',ref.size,'white'); bg.alpha_composite(ref); ref=bg.convert('RGB')
    crop=crop.resize(ref.size)
    diff=ImageChops.difference(crop,ref).convert('L')
    mean=ImageStat.Stat(diff).mean[0]
    # worst 10x10 patch
    w,h=ref.size; worst=0
    small=diff.resize((max(1,w//10),max(1,h//10)),Image.BOX)
    worst=max(small.get_flattened_data() if hasattr(small,'get_flattened_data') else small.getdata())
    scores.append((worst,mean,kind,n))
for sc in sorted(scores,reverse=True)[:60]: print(f'{sc[0]:4d} {sc[1]:6.2f} {sc[2]:6s} {sc[3]}')
import collections
print(collections.Counter(k for _,_,k,_ in scores))
bad=[s for s in scores if s[0]>60]
print('bad vector',sum(1 for s in bad if s[2]=='vector'),'bad pixels',sum(1 for s in bad if s[2]=='pixels'),'of',len(scores))
