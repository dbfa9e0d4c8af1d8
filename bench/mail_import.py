#!/usr/bin/env python3
"""Side-by-side mail import benchmark: kith, the floor and the stdlib baseline.

For each archive format (Maildir, mbox) of one synthetic archive made by gen_maildir.py:

  floor     target/release/examples/read_headers: reads every header block with 2 threads,
            parses nothing, stores nothing (what reading the archive alone costs);
  kith      `kith --db W/run-FORMAT-N.db import ARCHIVE --me OWNER --json`, a fresh database
            file each run; then, on the last run's database, a second import of the same
            archive (re-import) and `kith mail correspondents --json` checked against the
            generator's truth;
  baseline  py_baseline.py, the standard-library Python script.

Floor and kith runs alternate (floor, kith, floor, kith, ...) so that machine noise hits
both alike; the archive is read once before a format's runs so that every run is warm.
Wall time and peak RSS are measured for each child process (os.wait4). Prints a markdown
table (medians) and the command line; --json writes every figure.

Usage:
  python3 bench/mail_import.py [--work /tmp/kith-bench] [--messages 200000] [--seed 1]
      [--runs 5] [--baseline-runs 1] [--formats maildir,mbox] [--kith target/release/kith]
      [--no-build] [--json results.json]

The archive is generated into the work directory (maildir/, all.mbox, truth.json and
maildir.manifest.json) unless the manifest there matches --messages and --seed; symlinks to
an archive generated elsewhere with the same parameters work too.
"""

import argparse
import datetime
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
sys.path.insert(0, BENCH)
sys.dont_write_bytecode = True  # no __pycache__ in the repository
import compare_truth  # noqa: E402  (kith's own helper, next to this script)

OWNER = "alex.owner@example.org"
FORMATS = ("maildir", "mbox")
# gen_maildir.py's defaults: an archive in the work directory is reused only if its manifest
# has these parameters (with --messages and --seed).
GEN_DEFAULTS = {
    "no_maildir": False, "correspondents": 5000, "zipf": 1.07,
    "owner": "Alex Owner <alex.owner@example.org>", "start": "2017-01-01",
    "end": "2024-12-31", "reply_fraction": 0.45, "outgoing_fraction": 0.35,
    "list_fraction": 0.07, "multipart_fraction": 0.2, "dirty_fraction": 0.01,
    "self_cc_fraction": 0.01, "new_fraction": 0.02, "min_body": 200,
    "max_body": 20000, "max_attach": 16384,
}
EXAMPLES_PER_FIELD = 5


def log(msg):
    print("[%s] %s" % (time.strftime("%H:%M:%S"), msg), file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# child processes


class ChildFailed(Exception):
    pass


def measure(cmd, out_path, err_path, cwd=None):
    """Runs cmd with stdout/stderr to files; returns wall seconds, peak RSS and CPU time."""
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd)
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        with open(err_path, "rb") as fh:
            tail = fh.read()[-3000:].decode("utf-8", "replace")
        raise ChildFailed("%s exited with %d:\n%s" % (shlex.join(cmd), proc.returncode, tail))
    return {"seconds": wall, "peak_rss_mib": ru.ru_maxrss / 1024,
            "cpu_seconds": ru.ru_utime + ru.ru_stime}


def read_json(path):
    with open(path, "rb") as fh:
        return json.loads(fh.read())


# --------------------------------------------------------------------------
# the archive


def archive_paths(work):
    return {"maildir": os.path.join(work, "maildir"), "mbox": os.path.join(work, "all.mbox"),
            "truth": os.path.join(work, "truth.json"),
            "manifest": os.path.join(work, "maildir.manifest.json")}


def manifest_matches(paths, messages, seed):
    try:
        manifest = read_json(paths["manifest"])
    except (OSError, ValueError):
        return None
    params = dict(manifest.get("params", {}))
    params.pop("progress", None)
    want = dict(GEN_DEFAULTS, messages=messages, seed=seed)
    if params != want:
        return None
    if not (os.path.isdir(paths["maildir"]) and os.path.isfile(paths["truth"])
            and os.path.isfile(paths["mbox"])
            and os.path.getsize(paths["mbox"]) == manifest.get("mbox_bytes")):
        return None
    return manifest


def remove(path):
    """Removes a file, a symlink (not its target) or a directory tree, if present."""
    if os.path.islink(path) or os.path.isfile(path):
        os.unlink(path)
    elif os.path.isdir(path):
        shutil.rmtree(path)


def ensure_archive(work, messages, seed):
    paths = archive_paths(work)
    manifest = manifest_matches(paths, messages, seed)
    if manifest is not None:
        log("reusing the archive in %s (%d messages, seed %d)" % (work, messages, seed))
        return paths, manifest, False
    for key in ("manifest", "maildir", "mbox", "truth"):
        remove(paths[key])
    cmd = [sys.executable, os.path.join(BENCH, "gen_maildir.py"), "--out", paths["maildir"],
           "--mbox", paths["mbox"], "--truth", paths["truth"],
           "--messages", str(messages), "--seed", str(seed)]
    log("generating the archive: %s" % shlex.join(cmd))
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return paths, read_json(paths["manifest"]), True


def warm(path):
    """Reads every byte under path once, so that the runs find it in the page cache."""
    total = 0
    files = [path] if os.path.isfile(path) else (
        os.path.join(d, f) for d, _, names in os.walk(path, followlinks=True) for f in names)
    for name in files:
        with open(name, "rb", buffering=0) as fh:
            while True:
                chunk = fh.read(1 << 20)
                if not chunk:
                    break
                total += len(chunk)
    return total


# --------------------------------------------------------------------------
# the steps


def fresh_db(path):
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.unlink(path + suffix)


def kith_import(kith, db, archive, logs, name):
    cmd = [kith, "--db", db, "import", archive, "--me", OWNER, "--json"]
    out = os.path.join(logs, name + ".json")
    m = measure(cmd, out, os.path.join(logs, name + ".err"))
    mail = (read_json(out).get("mail") or {})
    m["read"] = mail.get("read")
    m["already_read"] = mail.get("already_read")
    m["stored"] = mail.get("stored")
    return m


def floor_run(floor, fmt, archive, logs, name):
    out = os.path.join(logs, name + ".json")
    m = measure([floor, "--" + fmt, archive], out, os.path.join(logs, name + ".err"))
    reported = read_json(out)
    m["messages"] = reported["messages"]
    m["header_bytes"] = reported["bytes"]
    m["own_seconds"] = reported["seconds"]
    return m


def truth_check(kith, db, truth_path, logs, fmt):
    got_path = os.path.join(logs, "correspondents-%s.json" % fmt)
    measure([kith, "--db", db, "mail", "correspondents", "--json"], got_path,
            os.path.join(logs, "correspondents-%s.err" % fmt))
    # compare_truth.py's own verdict (counts, one example per field) ...
    out = subprocess.run([sys.executable, os.path.join(BENCH, "compare_truth.py"), truth_path,
                          got_path], check=True, capture_output=True, text=True).stdout
    verdict = json.loads(out)
    # ... and more examples, with the same loader and fields.
    truth, got = compare_truth.load(truth_path), compare_truth.load(got_path)
    examples = []
    per_field = {k: 0 for k in compare_truth.KEYS}
    for addr, t in truth.items():
        g = got.get(addr)
        if g is None:
            continue
        for k in compare_truth.KEYS:
            if g.get(k) != t[k] and per_field[k] < EXAMPLES_PER_FIELD:
                per_field[k] += 1
                examples.append({"address": addr, "field": k, "truth": t[k], "kith": g.get(k)})
    verdict["mismatch_examples"] = examples
    verdict["missing_examples"] = [a for a in truth if a not in got][:EXAMPLES_PER_FIELD]
    verdict["total"] = verdict["missing"] + sum(verdict["field_mismatches"].values())
    return verdict


def median(runs, key="seconds"):
    return statistics.median(r[key] for r in runs)


def bench_format(fmt, archive, a, kith, floor, paths, logs):
    log("%s: warming the cache (%s)" % (fmt, archive))
    warmed = warm(archive)
    floors, kiths = [], []
    db = None
    for i in range(1, a.runs + 1):
        log("%s: run %d/%d: floor" % (fmt, i, a.runs))
        floors.append(floor_run(floor, fmt, archive, logs, "floor-%s-%d" % (fmt, i)))
        if db is not None:
            fresh_db(db)  # only the last run's database is kept
        db = os.path.join(a.work, "run-%s-%d.db" % (fmt, i))
        fresh_db(db)
        log("%s: run %d/%d: kith import" % (fmt, i, a.runs))
        kiths.append(kith_import(kith, db, archive, logs, "kith-%s-%d" % (fmt, i)))
        log("%s: run %d: floor %.2fs, kith %.2fs" % (fmt, i, floors[-1]["seconds"],
                                                     kiths[-1]["seconds"]))
    log("%s: re-import into %s" % (fmt, db))
    reimport = kith_import(kith, db, archive, logs, "kith-%s-reimport" % fmt)
    log("%s: correspondents vs truth" % fmt)
    truth = truth_check(kith, db, paths["truth"], logs, fmt)
    baselines = []
    for i in range(1, a.baseline_runs + 1):
        log("%s: stdlib baseline run %d/%d" % (fmt, i, a.baseline_runs))
        name = "baseline-%s-%d" % (fmt, i)
        out = os.path.join(logs, name + ".json")
        m = measure([sys.executable, os.path.join(BENCH, "py_baseline.py"), "--" + fmt, archive,
                     "--owner", OWNER], out, os.path.join(logs, name + ".err"))
        m["reported"] = read_json(out)
        baselines.append(m)
        log("%s: baseline %.1fs" % (fmt, m["seconds"]))

    messages = floors[0]["messages"]
    floor_s, kith_s = median(floors), median(kiths)
    base_s = median(baselines) if baselines else None
    rate = lambda s: messages / s if s else None  # noqa: E731
    return {
        "archive": archive, "warmed_bytes": warmed, "messages": messages,
        "kith_read": sorted({r["read"] for r in kiths}, key=str),
        "floor": {"median_seconds": floor_s, "msgs_per_s": rate(floor_s), "runs": floors},
        "kith": {"median_seconds": kith_s, "msgs_per_s": rate(kith_s),
                 "peak_rss_mib": max(r["peak_rss_mib"] for r in kiths),
                 "median_cpu_seconds": median(kiths, "cpu_seconds"), "runs": kiths},
        "baseline": {"median_seconds": base_s, "msgs_per_s": rate(base_s) if base_s else None,
                     "runs": baselines},
        "kith_over_baseline": base_s / kith_s if base_s else None,
        "floor_over_kith": kith_s / floor_s,
        "reimport": dict(reimport, ratio=reimport["seconds"] / kith_s),
        "truth": truth,
    }


# --------------------------------------------------------------------------
# the report


def machine():
    model = None
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    info = {"nproc": int(nproc) if nproc.isdigit() else os.cpu_count(), "cpu_model": model,
            "kernel": platform.release(), "python": platform.python_version()}
    try:
        with open("/proc/meminfo") as fh:
            info["mem_total_mib"] = int(fh.readline().split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    git = lambda *args: subprocess.run(["git", *args], cwd=ROOT, capture_output=True,  # noqa: E731
                                       text=True).stdout.strip()
    info["git_commit"] = git("rev-parse", "--short", "HEAD") or None
    info["git_dirty"] = bool(git("status", "--porcelain", "--untracked-files=no"))
    return info


def fmt_rate(r):
    return "%s msg/s" % format(round(r), ",") if r else "–"


def fmt_secs(s):
    return "%.2f s" % s if s < 100 else "%.0f s" % s


def table(results, formats):
    label = {"maildir": "Maildir", "mbox": "mbox"}
    rows = [
        ("Messages (files for Maildir)", lambda r: format(r["messages"], ",")),
        ("Floor: read header blocks, 2 threads",
         lambda r: "%s (%s)" % (fmt_secs(r["floor"]["median_seconds"]),
                                fmt_rate(r["floor"]["msgs_per_s"]))),
        ("kith import",
         lambda r: "%s (%s)" % (fmt_secs(r["kith"]["median_seconds"]),
                                fmt_rate(r["kith"]["msgs_per_s"]))),
        ("Python stdlib baseline",
         lambda r: "%s (%s)" % (fmt_secs(r["baseline"]["median_seconds"]),
                                fmt_rate(r["baseline"]["msgs_per_s"]))
         if r["baseline"]["median_seconds"] else "not run"),
        ("kith speed ÷ baseline speed",
         lambda r: "%.1f×" % r["kith_over_baseline"] if r["kith_over_baseline"] else "–"),
        ("Floor speed ÷ kith speed", lambda r: "%.2f×" % r["floor_over_kith"]),
        ("kith peak RSS (max over runs)", lambda r: "%.0f MiB" % r["kith"]["peak_rss_mib"]),
        ("Re-import of the same archive",
         lambda r: "%s (%.2f× the import)" % (fmt_secs(r["reimport"]["seconds"]),
                                               r["reimport"]["ratio"])),
        ("Truth mismatches (missing + fields)",
         lambda r: "%d of %d addresses' figures" % (r["truth"]["total"],
                                                     r["truth"]["truth_contacts"])),
    ]
    lines = ["| | " + " | ".join(label[f] for f in formats) + " |",
             "|---|" + "---|" * len(formats)]
    for name, cell in rows:
        lines.append("| %s | %s |" % (name, " | ".join(cell(results[f]) for f in formats)))
    return "\n".join(lines)


# --------------------------------------------------------------------------


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--work", default="/tmp/kith-bench", help="archive, databases and logs")
    p.add_argument("--messages", type=int, default=200000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--runs", type=int, default=5, help="runs of kith and of the floor")
    p.add_argument("--baseline-runs", type=int, default=1)
    p.add_argument("--formats", default="maildir,mbox", help="comma-separated: maildir,mbox")
    p.add_argument("--kith", default=None,
                   help="the kith binary (default: target/release/kith of this repository)")
    p.add_argument("--no-build", action="store_true", help="don't run cargo build first")
    p.add_argument("--json", help="write every figure here")
    a = p.parse_args()
    formats = [f.strip() for f in a.formats.split(",") if f.strip()]
    if not formats or any(f not in FORMATS for f in formats):
        p.error("--formats takes maildir, mbox or both")
    if a.runs < 1 or a.baseline_runs < 0:
        p.error("--runs must be at least 1, --baseline-runs at least 0")
    command = shlex.join([os.path.basename(sys.executable)] + sys.argv)

    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")
    target = os.path.join(ROOT, target) if not os.path.isabs(target) else target
    kith = os.path.abspath(a.kith) if a.kith else os.path.join(target, "release", "kith")
    floor = os.path.join(target, "release", "examples", "read_headers")
    if not a.no_build:
        for cmd in (["cargo", "build", "--release", "-p", "kith-cli"],
                    ["cargo", "build", "--release", "-p", "kith-import", "--example",
                     "read_headers"]):
            log(shlex.join(cmd))
            subprocess.run(cmd, cwd=ROOT, check=True)
    for binary in (kith, floor):
        if not os.access(binary, os.X_OK):
            sys.exit("not found: %s (build it, or drop --no-build)" % binary)

    a.work = os.path.abspath(a.work)
    os.makedirs(a.work, exist_ok=True)
    logs = os.path.join(a.work, "logs")
    os.makedirs(logs, exist_ok=True)
    # Run copies, so that a build in the repository during the runs cannot swap the binaries.
    bins = os.path.join(a.work, "bin")
    os.makedirs(bins, exist_ok=True)
    built = {}
    for binary in (kith, floor):
        built[os.path.basename(binary)] = {
            "path": binary, "modified": datetime.datetime.fromtimestamp(
                os.path.getmtime(binary), datetime.timezone.utc).isoformat(timespec="seconds")}
    kith = shutil.copy2(kith, os.path.join(bins, "kith"))
    floor = shutil.copy2(floor, os.path.join(bins, "read_headers"))
    started = datetime.datetime.now(datetime.timezone.utc)
    load_before = os.getloadavg()
    if load_before[0] > 0.5 * (os.cpu_count() or 1):
        log("warning: load average %.1f before the runs; figures will be noisy" % load_before[0])
    paths, manifest, generated = ensure_archive(a.work, a.messages, a.seed)

    results = {}
    try:
        for fmt in formats:
            results[fmt] = bench_format(fmt, paths[fmt], a, kith, floor, paths, logs)
    except ChildFailed as e:
        sys.exit(str(e))

    report = table(results, formats)
    print(report)
    print()
    print("Command: `%s`" % command)
    info = machine()
    print("Machine: %s, %s CPUs (nproc); warm cache; medians of %d runs (baseline: %d)."
          % (info["cpu_model"], info["nproc"], a.runs, a.baseline_runs))
    for fmt in formats:
        t = results[fmt]["truth"]
        read = results[fmt]["kith_read"]
        if read != [results[fmt]["messages"]]:
            print("Note (%s): kith read %s messages, the floor %d." %
                  (fmt, read, results[fmt]["messages"]))
        if t["total"] or t["extra"]:
            print("Truth check (%s): %d missing, %d extra (not in the truth, not counted), "
                  "field mismatches %s." % (fmt, t["missing"], t["extra"],
                                            json.dumps(t["field_mismatches"])))
            for ex in t["mismatch_examples"]:
                print("  %s %s: truth %s, kith %s" % (ex["address"], ex["field"],
                                                      json.dumps(ex["truth"]),
                                                      json.dumps(ex["kith"])))
            for addr in t["missing_examples"]:
                print("  missing: %s" % addr)

    if a.json:
        doc = {"command": command, "started": started.isoformat(timespec="seconds"),
               "machine": info, "owner": OWNER,
               "archive": {"work": a.work, "messages": a.messages, "seed": a.seed,
                           "generated_now": generated, "manifest": manifest},
               "load_average": {"before": load_before, "after": os.getloadavg()},
               "binaries": built, "runs": a.runs, "baseline_runs": a.baseline_runs,
               "results": results, "table": report}
        with open(a.json, "w") as fh:
            json.dump(doc, fh, indent=1)
            fh.write("\n")
        log("wrote %s" % a.json)


if __name__ == "__main__":
    main()
