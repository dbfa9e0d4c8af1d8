#!/usr/bin/env python3
"""Side-by-side benchmark of reading mail text for favors: `kith import --read-bodies`
against the headers-only `kith import`, on one synthetic archive made by gen_maildir.py
(the same archive and work directory as mail_import.py).

For each format (Maildir, mbox), runs alternate: headers only, with bodies, headers only,
... each into a fresh database, warm cache, so that machine noise hits both alike. Wall
time, CPU time and peak RSS come from os.wait4. Then, on the last headers-only database,
`kith import --read-bodies` of the same archive: the upgrade path that reads the text of
messages stored before, without storing them twice. Prints a markdown table (medians and
the ratio of the medians); --json writes every figure.

Usage:
  python3 bench/read_bodies.py [--work /tmp/kith-bench] [--messages 200000] [--seed 1]
      [--runs 5] [--formats maildir,mbox] [--kith target/release/kith] [--no-build]
      [--json results.json]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
sys.path.insert(0, BENCH)
sys.dont_write_bytecode = True  # no __pycache__ in the repository
from mail_import import (OWNER, ensure_archive, fresh_db, log, machine,  # noqa: E402
                         measure, read_json, warm)


def kith_import(kith, db, archive, logs, name, bodies):
    cmd = [kith, "--db", db, "import", archive, "--me", OWNER, "--json"]
    if bodies:
        cmd.insert(4, "--read-bodies")
    out = os.path.join(logs, name + ".json")
    m = measure(cmd, out, os.path.join(logs, name + ".err"))
    mail = read_json(out).get("mail") or {}
    for key in ("read", "stored", "duplicates", "logged", "texts_read", "favors_found"):
        m[key] = mail.get(key)
    return m


def median(runs, key="seconds"):
    return statistics.median(r[key] for r in runs)


def bench_format(fmt, archive, a, kith, logs):
    log("%s: warming %s" % (fmt, archive))
    warm(archive)
    runs = {"headers": [], "bodies": []}
    for n in range(1, a.runs + 1):
        for mode in ("headers", "bodies"):
            db = os.path.join(a.work, "bodies-%s-%s.db" % (fmt, mode))
            fresh_db(db)
            m = kith_import(kith, db, archive, logs, "%s-%s-%d" % (fmt, mode, n), mode == "bodies")
            runs[mode].append(m)
            log("%s %s run %d: %.2f s, %s read, %s texts, %s suggestions, %.0f MiB" % (
                fmt, mode, n, m["seconds"], m["read"], m["texts_read"], m["favors_found"],
                m["peak_rss_mib"]))
    db = os.path.join(a.work, "bodies-%s-headers.db" % fmt)
    upgrade = kith_import(kith, db, archive, logs, "%s-upgrade" % fmt, True)
    log("%s: --read-bodies over the headers-only database: %.2f s, %s texts, %s stored" % (
        fmt, upgrade["seconds"], upgrade["texts_read"], upgrade["stored"]))
    return {"runs": runs, "upgrade": upgrade}


def table(results, formats, messages):
    rows = ["| | " + " | ".join(f.capitalize() if f == "mbox" else "Maildir" for f in formats) + " |",
            "|---|" + "---|" * len(formats)]

    def row(label, cell):
        rows.append("| %s | %s |" % (label, " | ".join(cell(results[f]) for f in formats)))

    def rate(seconds, n):
        return "%.2f s (%s/s)" % (seconds, format(round(n / seconds), ","))

    row("messages read", lambda r: format(r["runs"]["bodies"][0]["read"], ","))
    row("`kith import` (headers only)",
        lambda r: rate(median(r["runs"]["headers"]), r["runs"]["headers"][0]["read"]))
    row("`kith import --read-bodies`",
        lambda r: rate(median(r["runs"]["bodies"]), r["runs"]["bodies"][0]["read"]))
    row("with bodies ÷ headers only (time)",
        lambda r: "%.2f×" % (median(r["runs"]["bodies"]) / median(r["runs"]["headers"])))
    row("texts read / suggestions", lambda r: "%s / %s" % (
        format(r["runs"]["bodies"][0]["texts_read"], ","),
        format(r["runs"]["bodies"][0]["favors_found"], ",")))
    row("CPU time, headers only / with bodies", lambda r: "%.1f s / %.1f s" % (
        median(r["runs"]["headers"], "cpu_seconds"), median(r["runs"]["bodies"], "cpu_seconds")))
    row("peak RSS, headers only / with bodies", lambda r: "%.0f / %.0f MiB" % (
        median(r["runs"]["headers"], "peak_rss_mib"), median(r["runs"]["bodies"], "peak_rss_mib")))
    row("`--read-bodies` over a headers-only import", lambda r: "%.2f s, %s texts, %s stored again" % (
        r["upgrade"]["seconds"], format(r["upgrade"]["texts_read"], ","), r["upgrade"]["stored"]))
    return "\n".join(rows)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--work", default="/tmp/kith-bench", help="archive, databases and logs")
    p.add_argument("--messages", type=int, default=200000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--formats", default="maildir,mbox")
    p.add_argument("--kith", default=None, help="the kith binary (default: target/release/kith)")
    p.add_argument("--no-build", action="store_true", help="don't run cargo build first")
    p.add_argument("--json", help="write every figure here")
    a = p.parse_args()
    formats = [f for f in a.formats.split(",") if f]
    os.makedirs(a.work, exist_ok=True)
    logs = os.path.join(a.work, "logs")
    os.makedirs(logs, exist_ok=True)
    if not a.no_build:
        subprocess.run(["cargo", "build", "--release", "-p", "kith-cli"], cwd=ROOT, check=True)
    kith = a.kith or os.path.join(ROOT, "target", "release", "kith")
    paths, _, _ = ensure_archive(a.work, a.messages, a.seed)
    results = {fmt: bench_format(fmt, paths[fmt], a, kith, logs) for fmt in formats}
    print(table(results, formats, a.messages))
    print("\n%s\n`python3 bench/read_bodies.py %s`" % (json.dumps(machine()), " ".join(sys.argv[1:])))
    if a.json:
        with open(a.json, "w") as fh:
            json.dump(results, fh, indent=1)


if __name__ == "__main__":
    main()
