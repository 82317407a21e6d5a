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
