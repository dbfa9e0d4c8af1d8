#!/usr/bin/env python3
"""Two builds of kith side by side: a first mail import, a re-import and a review.

Compares two kith binaries (say the previous design, built from an older commit, and this
one) on the same inputs, in one run:

  mail    for each archive (a Maildir and an mbox written by gen_maildir.py), a fresh
          database file per run: `kith --db DB import ARCHIVE --me OWNER --json`, then the
          same import again (nothing new: the re-import);
  review  `kith --db DB review` and `kith --db DB review --json --limit 0` on one database
          (written by review.py or `kith demo --simulate N`), each binary once first so
          that its histories are built and the file is warm.

Runs alternate between the builds and the order flips every run (old, new, new, old, ...),
and the file system is synced before every timed run, so that neither build pays for the
other's writes. Wall time and peak RSS of each child (os.wait4); prints a markdown table of
medians and --json writes every figure.

Usage:
  python3 bench/side_by_side.py --old OLD_KITH --new NEW_KITH [--work /tmp/kith-side]
      [--maildir DIR] [--mbox FILE] [--owner ADDRESS] [--review-db DB]
      [--runs 5] [--json results.json]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def timed(argv, log):
    """Wall seconds and peak RSS (MiB) of one run of argv; stops the script if it fails."""
    os.sync()
    start = time.perf_counter()
    with open(os.devnull, "w") as sink:
        child = subprocess.Popen(argv, stdout=sink, stderr=log)
        _, status, usage = os.wait4(child.pid, 0)
    took = time.perf_counter() - start
    if status != 0:
        sys.exit(f"failed ({status}): {' '.join(argv)}; see {log.name}")
    return took, usage.ru_maxrss / 1024


def remove_database(path):
    for name in (path, path + "-wal", path + "-shm"):
        if os.path.exists(name):
            os.remove(name)


def turns(builds, run):
    """The builds in this run's order: as given on even runs, reversed on odd ones."""
    order = list(builds.items())
    return order if run % 2 == 0 else order[::-1]


def mail(builds, archive, owner, runs, work, log):
    figures = {name: {"import": [], "re-import": [], "rss": []} for name in builds}
    label = os.path.basename(archive.rstrip("/"))
    for run in range(runs):
        for name, kith in turns(builds, run):
            db = os.path.join(work, f"mail-{label}-{name}.db")
            remove_database(db)
            command = [kith, "--db", db, "import", archive, "--me", owner, "--json"]
            took, rss = timed(command, log)
            again, _ = timed(command, log)
            figures[name]["import"].append(took)
            figures[name]["re-import"].append(again)
            figures[name]["rss"].append(rss)
            print(f"{label} run {run} {name}: {took:.2f} s, again {again:.2f} s, {rss:.0f} MiB", flush=True)
    for name in builds:
        remove_database(os.path.join(work, f"mail-{label}-{name}.db"))
    return figures


def review(builds, db, runs, log):
    figures = {name: {"review": [], "review --json": [], "rss": []} for name in builds}
    for kith in builds.values():
        timed([kith, "--db", db, "review"], log)
    for run in range(runs):
        for name, kith in turns(builds, run):
            took, rss = timed([kith, "--db", db, "review"], log)
            as_json, _ = timed([kith, "--db", db, "review", "--json", "--limit", "0"], log)
            figures[name]["review"].append(took)
            figures[name]["review --json"].append(as_json)
            figures[name]["rss"].append(rss)
            print(f"review run {run} {name}: {took:.2f} s, json {as_json:.2f} s, {rss:.0f} MiB", flush=True)
    return figures


def table(results, builds):
    names = list(builds)
    lines = ["| measure | " + " | ".join(names) + " | new / old |", "|---" * (len(names) + 2) + "|"]
    for subject, figures in results.items():
        for measure in figures[names[0]]:
            medians = [statistics.median(figures[name][measure]) for name in names]
            unit = "MiB" if measure == "rss" else "s"
            cells = " | ".join(f"{m:.0f} {unit}" if unit == "MiB" else f"{m:.3f} {unit}" for m in medians)
            lines.append(f"| {subject}: {measure} | {cells} | {medians[-1] / medians[0]:.2f} |")
    return "\n".join(lines)


def main():
    doc = __doc__
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--old", required=True, help="the kith binary compared against")
    parser.add_argument("--new", required=True, help="the kith binary measured")
    parser.add_argument("--work", default="/tmp/kith-side")
    parser.add_argument("--maildir", help="a Maildir archive (gen_maildir.py --out)")
    parser.add_argument("--mbox", help="an mbox archive (gen_maildir.py --mbox)")
    parser.add_argument("--owner", default="alex.owner@example.org", help="the archive's owner")
    parser.add_argument("--review-db", help="a database to review (review.py writes them)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", help="write every figure here")
    args = parser.parse_args()
    if not (args.maildir or args.mbox or args.review_db):
        parser.error("give at least one of --maildir, --mbox, --review-db")
    builds = {"old": os.path.abspath(args.old), "new": os.path.abspath(args.new)}
    os.makedirs(args.work, exist_ok=True)
    results = {}
    with open(os.path.join(args.work, "errors.log"), "a") as log:
        for archive in (args.maildir, args.mbox):
            if archive:
                results[os.path.basename(archive.rstrip("/"))] = mail(
                    builds, archive, args.owner, args.runs, args.work, log
                )
        if args.review_db:
            results["review"] = review(builds, args.review_db, args.runs, log)
    print(table(results, builds))
    print("\n" + " ".join(["python3", "bench/side_by_side.py"] + sys.argv[1:]))
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"builds": builds, "runs": args.runs, "results": results}, out, indent=1)


if __name__ == "__main__":
    main()
