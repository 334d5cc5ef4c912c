#!/usr/bin/env python3
"""Name the blocks tbprof counted and print instructions per operation.

profile.py SYSTEM.MAP GUEST.LOG COUNTS OPS

The kernel's symbols come from System.map (the perf kernel has no KASLR),
the modules' from the guest's /proc/kallsyms, dumped into its log.
"""
import bisect
import sys


def symbols(system_map, log):
    syms = []
    with open(system_map) as f:
        for line in f:
            addr, kind, name = line.split()[:3]
            if kind in 'tTwW':
                syms.append((int(addr, 16), name))
    inside = False
    with open(log, errors='replace') as f:
        for line in f:
            line = line.rstrip('\r\n')
            if line == 'WDFMEM-FILE-BEGIN kallsyms':
                inside = True
            elif line == 'WDFMEM-FILE-END kallsyms':
                inside = False
            elif inside:
                parts = line.split()
                if len(parts) >= 4 and parts[1] in 'tT':
                    syms.append((int(parts[0], 16),
                                 parts[2] + ' ' + parts[3]))
    syms.sort()
    return syms


def main():
    system_map, log, counts, ops = sys.argv[1:5]
    ops = float(ops)
    syms = symbols(system_map, log)
    addrs = [a for a, _ in syms]
    per = {}
    total = 0
    with open(counts) as f:
        for line in f:
            vaddr, insns, runs = line.split()
            vaddr = int(vaddr, 16)
            n = int(insns) * int(runs)
            if vaddr < 1 << 63:
                name = '(user space)'
            else:
                i = bisect.bisect_right(addrs, vaddr) - 1
                name = syms[i][1] if i >= 0 else '?'
            per[name] = per.get(name, 0) + n
            total += n
    print(f'{total / ops:10.1f}  instructions per operation in all '
          f'({total} over {ops:.0f} operations)')
    for name, n in sorted(per.items(), key=lambda kv: -kv[1]):
        if n / ops < 0.5:
            break
        print(f'{n / ops:10.1f}  {name}')


main()
