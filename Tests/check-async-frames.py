#!/usr/bin/env python3
"""Fails when an async function on the path a waiting Vault request holds grows past its budget.

Every Mount's reads and logins wait for a permit of the request limiter; while they wait, each holds the async
frames (task-allocated contexts) of the functions on its way there. With 512 pods at once that is thousands of
waiting requests, so a few KB more per frame is megabytes of peak memory (docs/benchmarks.md, "Before and after
issues 23 and 24"). An async function's context size is in its "async function pointer" record (`...Tu` symbol:
a 32-bit relative offset, then the 32-bit size). Usage: Tests/check-async-frames.py <release binary>; the
toolchain's `swift` (for `swift demangle`) is $SWIFT, else `swift` on the PATH.
"""
import os
import re
import struct
import subprocess
import sys

# Demangled-name prefix -> the most bytes its async context may take.
BUDGETS = {
    "async function pointer to VaultHTTPClient.send(": 1024,
    "async function pointer to VaultHTTPClient.attemptOnce(": 512,
    "async function pointer to VaultRequestLimiter.acquire(": 512,
    "async function pointer to closure #1 in VaultSessions.login(": 2048,
    "async function pointer to closure #1 in Fetcher.read(": 1024,
    "async function pointer to VaultAPI.login(mountPath:": 1024,
}


def context_sizes(binary):
    symbols = subprocess.run(["nm", "--defined-only", binary], capture_output=True, text=True, check=True).stdout
    records = [(int(f[0], 16), f[2]) for f in (line.split() for line in symbols.splitlines())
               if len(f) == 3 and f[2].endswith("Tu")]
    sections = subprocess.run(["readelf", "-SW", binary], capture_output=True, text=True, check=True).stdout
    ranges = [(int(m.group(1), 16), int(m.group(2), 16), int(m.group(3), 16))
              for m in re.finditer(r"\]\s+\S+\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)", sections)]
    names = subprocess.run([os.environ.get("SWIFT", "swift"), "demangle", "--simplified", "--compact"], input="\n".join(n for _, n in records),
                           capture_output=True, text=True, check=True).stdout.splitlines()
    data = open(binary, "rb").read()
    sizes = {}
    for (address, _), name in zip(records, names):
        for start, offset, size in ranges:
            if start and start <= address < start + size:
                sizes[name] = struct.unpack_from("<iI", data, address - start + offset)[1]
                break
    return sizes


def main():
    sizes = context_sizes(sys.argv[1])
    failed = False
    for prefix, budget in BUDGETS.items():
        found = {name: size for name, size in sizes.items() if name.startswith(prefix)}
        if not found:
            print(f"FAIL: no async function {prefix[len('async function pointer to '):]}... (renamed? update the budget)")
            failed = True
        for name, size in sorted(found.items()):
            shown = name[len("async function pointer to "):]
            verdict = "ok" if size <= budget else "FAIL"
            failed |= size > budget
            print(f"{verdict}: {size:5} bytes (budget {budget}) {shown}")
    sys.exit(1 if failed else 0)


main()
