#!/usr/bin/env python3
"""How long `kith review` takes, and how its cost grows with the data.

For each size (people; the simulator gives about 57 interactions a person), a database is
written once by `kith demo --simulate N --seed S --json` (a kith-sim network whose history
ends today, emails stored as mail so replies stay linked) and kept in the work directory. Then
`kith --db DB review` runs --runs times (the attention list as a user sees it), and so does
`kith --db DB review --json --limit 0` (every assessment, serialized). Wall time and peak
RSS are measured for each run (os.wait4); RSS counts the pages of the database file that
SQLite maps, not only memory kith allocates. A review reads each person's contacts and
ledger from a packed history kept in the database, which a write involving them deletes
and the next review rebuilds; so, last, the histories are deleted, the file is read once
(so that the rebuild, too, runs warm) and one review times rebuilding all of them (the
first review after a restore, or after an import touching everyone). Prints a markdown
table of medians, with the time per million interactions so that linear growth shows as
a flat column.

Usage:
  python3 bench/review.py [--work /tmp/kith-review-bench] [--sizes 25000,50000,100000]
      [--seed 1] [--runs 5] [--no-build] [--json results.json]
"""

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Where cargo builds, as bench/mail_import.py finds it.
TARGET = os.path.join(ROOT, os.environ.get("CARGO_TARGET_DIR") or "target")
KITH = os.path.join(TARGET, "release", "kith")


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def timed(argv):
    """Runs argv with its output discarded; returns (seconds, peak RSS in MiB)."""
    started = time.perf_counter()
    # Standard error goes to a file: a pipe nobody reads while waiting could fill and stall kith.
    with open(os.devnull, "wb") as sink, tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(argv, stdout=sink, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        errors.seek(0)
        error = errors.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(argv)} failed: {error.strip()}")
    return seconds, usage.ru_maxrss / 1024


def warm(path):
    """Reads the file at `path` once, so that the next run finds it in the page cache."""
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass


def database(work, people, seed):
    """The database for this size, written on first use; returns (path, its figures)."""
    path = os.path.join(work, f"review-{people}-{seed}.db")
    about = path + ".json"
    today = time.strftime("%Y-%m-%d", time.gmtime())
    if os.path.exists(about):
        with open(about) as f:
            figures = json.load(f)
        if figures.get("now", "").startswith(today):
            return path, figures
    for stale in (path, path + "-wal", path + "-shm", about):
        if os.path.exists(stale):
            os.remove(stale)
    log(f"writing {people} simulated people into {path}")
    out = subprocess.run(
        [KITH, "--db", path, "--json", "demo", "--simulate", str(people), "--seed", str(seed)],
        check=True, capture_output=True, text=True,
    )
    figures = json.loads(out.stdout)
    with open(about, "w") as f:
        json.dump(figures, f)
    return path, figures


def arguments(doc, add):
    """The options both benchmarks take (--work, --seed, --no-build, --json) and those
    `add` adds; makes the work directory and builds kith unless told not to."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--work", default="/tmp/kith-review-bench")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-build", action="store_true", help="don't run cargo build first")
    parser.add_argument("--json", help="write every figure here")
    add(parser)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    if not args.no_build:
        log("building kith (release)")
        subprocess.run(["cargo", "build", "--release", "-p", "kith-cli"], cwd=ROOT, check=True)
    return args


def main():
    def add(parser):
        parser.add_argument("--sizes", default="25000,50000,100000", help="people, comma-separated")
        parser.add_argument("--runs", type=int, default=5)

    args = arguments(__doc__, add)
    rows = []
    for people in (int(s) for s in args.sizes.split(",")):
        path, figures = database(args.work, people, args.seed)
        timed([KITH, "--db", path, "review"])  # warm the page cache
        lists, dumps = [], []
        for run in range(1, args.runs + 1):
            lists.append(timed([KITH, "--db", path, "review"]))
            dumps.append(timed([KITH, "--db", path, "review", "--json", "--limit", "0"]))
            log(f"{people} people: run {run}: review {lists[-1][0]:.2f}s, --json {dumps[-1][0]:.2f}s")
        with sqlite3.connect(path) as db:
            db.execute("DELETE FROM histories")
        warm(path)
        rebuild = timed([KITH, "--db", path, "review"])
        log(f"{people} people: review rebuilding every history {rebuild[0]:.2f}s")
        median = statistics.median(s for s, _ in lists)
        rows.append({
            "people": figures["people"],
            "interactions": figures["interactions"],
            "exchanges": figures["exchanges"],
            "review_s": median,
            "review_rss_mib": max(m for _, m in lists),
            "json_s": statistics.median(s for s, _ in dumps),
            "review_s_per_million": median / (figures["interactions"] / 1e6),
            "rebuild_s": rebuild[0],
            "rebuild_rss_mib": rebuild[1],
        })
    print("| people | interactions | `kith review` | seconds per million interactions | peak RSS "
          "| `review --json --limit 0` | rebuilding every history |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['people']:,} | {r['interactions']:,} | {r['review_s']:.2f} s | {r['review_s_per_million']:.2f} "
            f"| {r['review_rss_mib']:.0f} MiB | {r['json_s']:.2f} s | {r['rebuild_s']:.1f} s |"
        )
    print(f"\nCommand: `python3 bench/review.py --sizes {args.sizes} --seed {args.seed} --runs {args.runs}`; medians.")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"sizes": rows, "runs": args.runs, "seed": args.seed}, f, indent=2)


if __name__ == "__main__":
    main()
