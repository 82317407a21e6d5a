import json, math, sys
T={1:636.62,2:31.599,3:12.924,4:8.610,5:6.869,6:5.959,7:5.408,8:5.041,9:4.781,11:4.437}
def stat(m):
    xs=[x for f in m['rawData'] for x in f]
    n=len(xs); mean=sum(xs)/n
    if n<2: return mean, float('nan')
    sd=math.sqrt(sum((x-mean)**2 for x in xs)/(n-1))
    return mean, T[n-1]*sd/math.sqrt(n)
def f(x):
    if x!=x: return "NaN"
    return f"{x:.0f}" if abs(x)>=100 else f"{x:.2f}" if abs(x)>=1 else f"{x:.3f}"
def pm(m): a,b=stat(m); return f"{f(a)} ± {f(b)}"
d=json.load(open(sys.argv[1]))
M=['PARENT','SEED','ALLOC_SPAN']
if sys.argv[2]=='span':
  R={(r['threads'],int(r['params']['npages']),r['params']['instrumented'],r['params']['mode']):r for r in d}
  def table(title, inst, metric, ratios=True):
    print(title+"\n")
    print("| threads | pages | PARENT | SEED | ALLOC_SPAN |"+(" SEED / PARENT | ALLOC_SPAN / SEED |" if ratios else ""))
    print("|---|---|---|---|---|"+("---|---|" if ratios else ""))
    for t in (1,2,4):
      for n in (1,8,64):
        ms=[(R[(t,n,inst,m)]['primaryMetric'] if metric is None else R[(t,n,inst,m)]['secondaryMetrics'][metric]) for m in M]
        s=[stat(x)[0] for x in ms]
        print(f"| {t} | {n} | "+" | ".join(pm(x) for x in ms)+(f" | {s[1]/s[0]:.2f} | {s[2]/s[1]:.2f} |" if ratios else " |"))
    print()
  table("Throughput, uninstrumented lock (ops/µs):", 'false', None)
  table("Throughput, instrumented lock (ops/µs):", 'true', None)
  table("Heap-lock hold time per alloc + free (ns; ALLOC + FREE site time / allocations):", 'true', 'holdNsPerOp')
  table("Heap-lock wait time per alloc + free (ns):", 'true', 'waitNsPerOp')
  table("ALLOC-site hold time per allocation (ns):", 'true', 'allocHoldNs')
  table("FREE-site hold time per free (ns):", 'true', 'freeHoldNs')
  print("Cost of the instrumentation (throughput instrumented / uninstrumented, same mode, same run):\n")
  print("| threads | pages | PARENT | SEED | ALLOC_SPAN |\n|---|---|---|---|---|")
  for t in (1,2,4):
    for n in (1,8,64):
      print(f"| {t} | {n} | "+" | ".join(f"{stat(R[(t,n,'true',m)]['primaryMetric'])[0]/stat(R[(t,n,'false',m)]['primaryMetric'])[0]:.2f}" for m in M)+" |")
  g=[r['secondaryMetrics']['gc.alloc.rate.norm']['score'] for r in d]
  gc=[r['secondaryMetrics']['gc.count']['score'] for r in d]
  print(f"\ngc.alloc.rate.norm over all {len(d)} configurations: min {min(g):.3f}, max {max(g):.3f} B/op; gc.count (summed over the run's iterations) max {max(gc):.0f}")
if sys.argv[2]=='other':
  sc=[r for r in d if r['benchmark'].endswith('ReclaimScanBench.scanHeap')]
  print("Reclaim scan, pages scanned per second (millions; marked fraction 0.5):\n")
  print("| arenas | density | mode (bitmap) | BYTEWISE | WORDWISE | WORDWISE / BYTEWISE |\n|---|---|---|---|---|---|")
  key=lambda r:(int(r['params']['arenas']),float(r['params']['density']),r['params']['mode'],r['params']['scan'])
  R={key(r):r for r in sc}
  for a in (1,64,1024):
    for dn in (0.01,0.5,1.0):
      for m in ('PARENT','SEED'):
        b=R.get((a,dn,m,'BYTEWISE')); w=R.get((a,dn,m,'WORDWISE'))
        if not b or not w: continue
        bs=stat(b['secondaryMetrics']['pages']); ws=stat(w['secondaryMetrics']['pages'])
        print(f"| {a} | {dn} | {m} | {f(bs[0]/1e6)} ± {f(bs[1]/1e6)} | {f(ws[0]/1e6)} ± {f(ws[1]/1e6)} | {ws[0]/bs[0]:.2f} |")
  print("\nSEED (atomic load8) / PARENT (plain) bitmap, pages per second, same run:\n")
  print("| arenas | density | BYTEWISE | WORDWISE |\n|---|---|---|---|")
  for a in (1,64,1024):
    for dn in (0.01,0.5,1.0):
      cells=[]
      for s_ in ('BYTEWISE','WORDWISE'):
        p=R.get((a,dn,'PARENT',s_)); q=R.get((a,dn,'SEED',s_))
        cells.append(f"{stat(q['secondaryMetrics']['pages'])[0]/stat(p['secondaryMetrics']['pages'])[0]:.2f}" if p and q else "-")
      print(f"| {a} | {dn} | "+" | ".join(cells)+" |")
  gc=[r for r in d if r['benchmark'].endswith('GcCycleBench.fullCycle')]
  if gc:
    print("\nFull GC cycle (ms per cycle: mark heapMiB/2 live, sweep termination, sweep all):\n")
    print("| heap MiB | PARENT | SEED | ALLOC_SPAN | SEED / PARENT | ALLOC_SPAN / SEED | Java B/op (SEED) |\n|---|---|---|---|---|---|---|")
    G={(int(r['params']['heapMiB']),r['params']['mode']):r for r in gc}
    for h in (16,64,256):
      ms=[G[(h,m)]['primaryMetric'] for m in M if (h,m) in G]
      if len(ms)<3: continue
      s=[stat(x)[0] for x in ms]
      print(f"| {h} | "+" | ".join(pm(x) for x in ms)+f" | {s[1]/s[0]:.2f} | {s[2]/s[1]:.2f} | {G[(h,'SEED')]['secondaryMetrics']['gc.alloc.rate.norm']['score']:.0f} |")
  sa=[r for r in d if 'SmallAllocBench' in r['benchmark']]
  if sa:
    print("\nSmall-object allocation with background sweeper and GC cycles (ops/µs):\n")
    print("| threads | PARENT | SEED | ALLOC_SPAN | SEED / PARENT | ALLOC_SPAN / SEED | Java B/op (P/S/A) |\n|---|---|---|---|---|---|---|")
    S={(r['threads'],r['params']['mode']):r for r in sa}
    for t in (1,2):
      ms=[S[(t,m)]['primaryMetric'] for m in M]
      s=[stat(x)[0] for x in ms]
      g="/".join(f"{S[(t,m)]['secondaryMetrics']['gc.alloc.rate.norm']['score']:.1f}" for m in M)
      print(f"| {t} | "+" | ".join(pm(x) for x in ms)+f" | {s[1]/s[0]:.2f} | {s[2]/s[1]:.2f} | {g} |")
