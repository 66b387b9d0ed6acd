#!/usr/bin/env python3
"""Aggregates a speedscope JSON written by `dotnet-trace collect --format speedscope`.

    speedscope_top.py FILE [--under SUBSTRING] [--top N] [--exclude-idle] [--match SUBSTRING ...]

For every frame: inclusive time (stacks that contain it, counted once per stack even when recursive)
and exclusive time (stacks where it is the top frame; the pseudo-frames CPU_TIME and UNMANAGED_CODE_TIME are charged to the frame below them, the latter marked [native]), summed over all threads, in ms and as a
percentage of the base. The base is the time of stacks containing a frame whose name contains
--under (e.g. "ProcessRequests" for Kestrel's request work), or all sampled time without it.
--exclude-idle drops stacks whose top frame is a wait of an idle thread (semaphore, epoll, sleep...).
--match prints only frames whose names contain one of the substrings (case-insensitive).
dotnet-trace samples every managed thread whatever its state, so blocked time counts as well as CPU
time: a thread waiting in a lock or in native code shows as its managed caller (plus
UNMANAGED_CODE_TIME when in native code).
"""
import argparse, json, collections

IDLE = ("LowLevelLifoSemaphore", "WaitHandle.WaitOne", "Monitor.Wait", "WaitForSocketEvents", "epoll",
        "SocketAsyncEngine.EventLoop", "Thread.Sleep", "PortableThreadPool+GateThread", "WaitOneCore",
        "ManualResetEventSlim.Wait", "SemaphoreSlim.Wait", "LowLevelMonitor", "ThreadPoolWorkQueue.Dispatch")

PSEUDO = ("CPU_TIME", "UNMANAGED_CODE_TIME")


def stacks(doc):
    """Yields (list of frame names root→leaf, weight) for each interval of each thread."""
    names = [f["name"] for f in doc["shared"]["frames"]]
    for p in doc["profiles"]:
        if p["type"] == "evented":
            stack, last = [], None
            for e in p["events"]:
                if last is not None and stack and e["at"] > last:
                    yield [names[i] for i in stack], e["at"] - last, p.get("name", "")
                last = e["at"]
                if e["type"] == "O":
                    stack.append(e["frame"])
                else:
                    # close the frame (normally on top)
                    if stack and stack[-1] == e["frame"]:
                        stack.pop()
                    elif e["frame"] in stack:
                        idx = len(stack) - 1 - stack[::-1].index(e["frame"]); del stack[idx:]
        else:
            for s, w in zip(p["samples"], p["weights"]):
                yield [names[i] for i in s], w, p.get("name", "")

def main():
    a = argparse.ArgumentParser()
    a.add_argument("file"); a.add_argument("--under"); a.add_argument("--top", type=int, default=40)
    a.add_argument("--exclude-idle", action="store_true"); a.add_argument("--match", nargs="*")
    a.add_argument("--sort", choices=["incl", "excl"], default="incl")
    a.add_argument("--callers", help="break the time of stacks containing this frame down by the frame just above it")
    a.add_argument("--children", help="break the time of stacks containing this frame down by the frame just below it")
    a.add_argument("--modules", action="store_true", help="exclusive time by the module of the deepest managed frame")
    o = a.parse_args()
    doc = json.load(open(o.file))
    incl, excl = collections.Counter(), collections.Counter()
    rel, mods = collections.Counter(), collections.Counter()
    base = 0.0
    for st, w, _ in stacks(doc):
        if o.under and not any(o.under in f for f in st):
            continue
        if o.exclude_idle and st and any(k in st[-1] for k in IDLE):
            continue
        base += w
        for f in set(st):
            incl[f] += w
        if st:
            leaf = st[-1]
            if leaf in PSEUDO and len(st) > 1:
                leaf = st[-2] + ("  [native]" if leaf == "UNMANAGED_CODE_TIME" else "")
            excl[leaf] += w
        for target, step in ((o.callers, -1), (o.children, 1)):
            if target:
                idx = [i for i, f in enumerate(st) if target in f]
                if idx:
                    i = idx[0] if step == -1 else idx[-1]
                    j = i + step
                    rel[st[j] if 0 <= j < len(st) else "(none)"] += w
        if o.modules:
            managed = [f for f in st if "!" in f and f not in PSEUDO]
            leaf = managed[-1].split("!")[0] if managed else "(no managed frame)"
            mods[leaf + ("  [native below]" if st and st[-1] == "UNMANAGED_CODE_TIME" else "")] += w
    unit = doc["profiles"][0].get("unit", "")
    print(f"base: {base:.0f} {unit} of thread time{' under ' + o.under if o.under else ''}")
    if o.callers or o.children or o.modules:
        for f, w in (rel if not o.modules else mods).most_common(o.top):
            print(f"{100*w/base:7.1f}  {f[:170]}")
        return
    key = incl if o.sort == "incl" else excl
    rows = key.most_common()
    if o.match:
        ms = [m.lower() for m in o.match]
        rows = [r for r in rows if any(m in r[0].lower() for m in ms)]
    print(f"{'incl %':>7} {'excl %':>7}  frame")
    for f, _ in rows[:o.top]:
        print(f"{100*incl.get(f, 0)/base:7.1f} {100*excl[f]/base:7.1f}  {f[:170]}")

if __name__ == "__main__":
    main()
