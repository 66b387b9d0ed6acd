#!/usr/bin/env python3
"""On-CPU time of a `perf record -p PID` of the platform (started with DOTNET_PerfMapEnabled=1 and
DOTNET_EnableWriteXorExecute=0 so that perf names JIT-compiled methods), grouped into categories.

    perf report -i FILE --no-children --sort dso,sym -g none --stdio | perf_classify.py [--top N]

SQLite's own functions are split into statement compilation (tokenizer, parser, name resolution,
query planner, code generation: the cost of preparing a statement) and execution (the VDBE, b-trees,
pager, WAL, OS layer). Managed code is grouped by namespace.
"""
import sys, re, collections, argparse

COMPILE = re.compile(r"Parser|yy_|Token|keyword|resolve|Resolve|where|Where|expr|Expr|Select|select|sqlite3Prepare|LockAndPrepare|"
                     r"Walk|walk|Codegen|sqlite3Vdbe(Add|Change|Make|Resolve|Prepare)|sqlite3Src|sqlite3Find|sqlite3Locate|"
                     r"sqlite3Init|sqlite3StrICmp|sqlite3Column(sFromExprList|Affinity)|sqlite3Analyze|sqlite3Create|exprAnalyze|"
                     r"sqlite3DbStr|sqlite3NameFromToken|lookupName|sqlite3Affinity|sqlite3Ident|sqlite3Result|sqlite3Key|sqlite3GetVdbe|"
                     r"sqlite3Index|sqlite3Expand|sqlite3Delete|sqlite3Fix|sqlite3Auth|sqlite3Trigger|sqlite3FkRequired|sqlite3Insert|"
                     r"sqlite3Update|sqlite3CodeVerify|sqlite3Begin|sqlite3Finish|sqlite3Table|sqlite3Parse|translateColumn|"
                     r"sqlite3VListAdd|sqlite3VdbeSetColName|sqlite3ViewGetColumnNames|sqlite3SelectExpand|sqlite3Reprepare")
CATEGORIES = [
    ("managed: Microsoft.Data.Sqlite / SQLitePCL", r"Microsoft\.Data\.Sqlite|SQLitePCL"),
    ("managed: Dapper", r"Dapper"),
    ("managed: OpenTelemetry / System.Diagnostics (Activity, metrics)", r"OpenTelemetry|System\.Diagnostics\.(Activity|Metrics|DiagnosticListener|DiagnosticSource)"),
    ("managed: Google.Protobuf / Cica.Contracts (messages, JSON)", r"Google\.Protobuf|Cica\.Contracts"),
    ("managed: Cica.* (services, persistence, defaults)", r"\bCica\."),
    ("managed: gRPC server", r"Grpc\."),
    ("managed: Kestrel / ASP.NET Core / pipelines", r"Microsoft\.AspNetCore|System\.IO\.Pipelines|Microsoft\.Extensions"),
    ("managed: MassTransit", r"MassTransit"),
    ("managed: sockets / TLS / net", r"System\.Net"),
    ("managed: System.Text.Json / Regex", r"System\.Text\.(Json|RegularExpressions)"),
]

def main():
    ap = argparse.ArgumentParser(); ap.add_argument("--top", type=int, default=0); o = ap.parse_args()
    cats = collections.Counter(); syms = collections.defaultdict(collections.Counter)
    for line in sys.stdin:
        m = re.match(r"\s*([\d.]+)%\s+(\[JIT\] tid \d+|\S+(?: \(deleted\))?)\s+\[(.)\]\s+(.*)$", line)
        if not m: continue
        pct, dso, kind, sym = float(m.group(1)), m.group(2), m.group(3), m.group(4).strip()
        if "sqlite3" in dso:
            cat = "sqlite native: compiling statements (prepare)" if COMPILE.search(sym) else "sqlite native: executing (vdbe, btree, pager, wal, os, malloc)"
        elif dso.startswith("perf-") or "[JIT]" in dso or "doublemapper" in dso or dso.endswith(".dll"):
            cat = next((c for c, rx in CATEGORIES if re.search(rx, sym)), "managed: other (CoreLib, Linq, collections, async machinery)")
        elif "coreclr" in dso:
            cat = "runtime native (libcoreclr: GC, type system, stubs)"
        elif "clrjit" in dso:
            cat = "JIT compiler"
        elif "kernel" in dso:
            cat = "kernel (syscalls: sockets, futex, fsync, scheduling)"
        elif "libc" in dso:
            cat = "libc (malloc, memcpy, locks)"
        else:
            cat = "other native: " + dso
        cats[cat] += pct; syms[cat][sym[:120]] += pct
    for c, p in cats.most_common():
        print(f"{p:6.1f}%  {c}")
        if o.top:
            for s, q in syms[c].most_common(o.top):
                print(f"          {q:5.1f}%  {s}")

if __name__ == "__main__":
    main()
