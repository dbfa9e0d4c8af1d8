#!/usr/bin/env python3
"""How fast `kith serve` answers on a large network, beside `kith review`'s time.

The database is the one bench/review.py writes (a kith-sim network of --people, about 57
interactions a person). Then, side by side in one run:
  - `kith review` once, warm (what assessing everyone costs);
  - `kith serve` started on it: the time until it answers (everyone assessed once);
  - the person page, `GET /people/{id}`, for --requests people picked at random, one
    request at a time over one kept-alive connection: wall time per request on loopback
    (which is the server's time plus the loopback's), p50, p95 and the slowest;
  - the API's person read, `GET /api/v1/people/{id}`, the same way;
  - Today, `GET /`, and the Network picture, `GET /network`, 50 times each;
  - requests per second of the API's person read under load, with wrk (Debian's `wrk`)
    on loopback: --threads threads, --connections connections, --seconds seconds, rotating
    over the same people; wrk and the server share the machine's cores.
Requests carry the server token as a bearer token. Prints a markdown table. With
--postgres URL --workspace NAME, the network is that PostgreSQL workspace instead (written
beforehand, e.g. by `kith --db URL --workspace NAME demo --simulate 100000`).

Usage:
  python3 bench/web.py [--work /tmp/kith-review-bench] [--people 100000] [--seed 1]
      [--requests 500] [--seconds 10] [--threads 2] [--connections 8] [--no-build]
      [--postgres URL --workspace NAME]
"""

import http.client
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

from review import KITH, arguments, database, log, timed, warm


def serve(where, config):
    """Starts `kith serve` (on the database `where` names: `--db …` and maybe
    `--workspace …`) on a free loopback port; returns (process, host, port, token)."""
    env = dict(os.environ, KITH_CONFIG_DIR=config)
    started = time.perf_counter()
    child = subprocess.Popen(
        [KITH, *where, "--json", "serve", "--listen", "127.0.0.1:0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True,
    )
    text = ""
    while True:
        text += child.stdout.readline()
        try:
            told = json.loads(text)
            break
        except json.JSONDecodeError:
            continue
    address = urllib.parse.urlparse(told["url"])
    with open(told["token_file"]) as f:
        token = f.read().strip()
    while True:
        try:
            conn = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
            conn.request("GET", "/api/v1/health")
            if conn.getresponse().status == 200:
                break
        except OSError:
            time.sleep(0.05)
    log(f"kith serve answers after {time.perf_counter() - started:.2f}s")
    return child, address.hostname, address.port, token, time.perf_counter() - started


def latencies(host, port, token, paths):
    """Wall seconds of each GET, one at a time over one connection."""
    conn = http.client.HTTPConnection(host, port, timeout=60)
    headers = {"Authorization": f"Bearer {token}"}
    seconds = []
    for path in paths:
        started = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        seconds.append(time.perf_counter() - started)
        if response.status != 200:
            sys.exit(f"GET {path}: {response.status}")
    return seconds


def summary(seconds):
    ms = sorted(s * 1000 for s in seconds)
    return {
        "p50_ms": statistics.median(ms),
        "p95_ms": ms[max(0, int(len(ms) * 0.95) - 1)],
        "max_ms": ms[-1],
        "count": len(ms),
    }


def postgres_rows(url, workspace, sql):
    """The rows of `sql` in `workspace` of the PostgreSQL database at `url`, through psql
    (row-level security shows a session only the workspace it names)."""
    setup = f"SELECT set_config('kith.workspace', id::text, false) FROM workspaces WHERE name = '{workspace}'"
    out = subprocess.run(["psql", url, "-XAtq", "-c", setup, "-c", sql], check=True, capture_output=True,
                         text=True).stdout.split()
    return out[1:]


def postgres_people(url, workspace):
    return postgres_rows(url, workspace, "SELECT id FROM people ORDER BY id")


def postgres_count(args, table):
    return int(postgres_rows(args.postgres, args.workspace, f"SELECT count(*) FROM {table}")[0])


def load(host, port, token, ids, args):
    """Requests per second of the API's person read under wrk."""
    if not shutil.which("wrk"):
        log("wrk is not installed (Debian: apt-get install wrk); no throughput figure")
        return None
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    paths = ",".join(f'"/api/v1/people/{i}"' for i in ids)
    script.write(
        f'local paths = {{{paths}}}\nlocal n = 0\n'
        f'wrk.headers["Authorization"] = "Bearer {token}"\n'
        'request = function()\n  n = n % #paths + 1\n  return wrk.format("GET", paths[n])\nend\n'
        'done = function(summary, latency, requests)\n'
        '  io.write(string.format("RESULT %d %d %d %d %d\\n", summary.requests, summary.duration,\n'
        '    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write\n'
        '    + summary.errors.timeout, latency:percentile(50), latency:percentile(99)))\nend\n'
    )
    script.close()
    out = subprocess.run(
        ["wrk", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{args.seconds}s",
         "-s", script.name, f"http://{host}:{port}"],
        check=True, capture_output=True, text=True,
    ).stdout
    os.remove(script.name)
    line = next(l for l in out.splitlines() if l.startswith("RESULT"))
    requests, duration_us, errors, p50_us, p99_us = map(int, line.split()[1:])
    return {
        "per_second": requests / (duration_us / 1e6),
        "errors": errors,
        "p50_ms": p50_us / 1000,
        "p99_ms": p99_us / 1000,
    }


def main():
    def add(parser):
        parser.add_argument("--people", type=int, default=100000)
        parser.add_argument("--requests", type=int, default=500)
        parser.add_argument("--seconds", type=int, default=10)
        parser.add_argument("--threads", type=int, default=2)
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--postgres", metavar="URL",
                            help="a PostgreSQL database holding the network, instead of the SQLite file")
        parser.add_argument("--workspace", help="the network's workspace in --postgres")

    args = arguments(__doc__, add)
    if args.postgres:
        where = ["--db", args.postgres, "--workspace", args.workspace]
        everyone = postgres_people(args.postgres, args.workspace)
        figures = {"people": len(everyone), "interactions": postgres_count(args, "interactions")}
    else:
        db, figures = database(args.work, args.people, args.seed)
        where = ["--db", db]
        warm(db)
        with sqlite3.connect(db) as conn:
            everyone = [row[0] for row in conn.execute("SELECT id FROM people ORDER BY id")]
    timed([KITH, *where, "review"])  # the first review after writing builds the histories
    review = timed([KITH, *where, "review"])[0]
    log(f"kith review: {review:.2f}s")
    ids = random.Random(args.seed).sample(everyone, min(args.requests, len(everyone)))
    config = tempfile.mkdtemp(prefix="kith-web-bench-")
    child, host, port, token, start = serve(where, config)
    try:
        person = summary(latencies(host, port, token, [f"/people/{i}" for i in ids]))
        api = summary(latencies(host, port, token, [f"/api/v1/people/{i}" for i in ids]))
        today = summary(latencies(host, port, token, ["/"] * 50))
        network = summary(latencies(host, port, token, ["/network"] * 50))
        throughput = load(host, port, token, ids, args)
    finally:
        child.terminate()
        child.wait()
        shutil.rmtree(config, ignore_errors=True)
    print(f"\n{figures['people']:,} people, {figures['interactions']:,} interactions; "
          f"`kith review` {review:.2f} s; `kith serve` answering after {start:.2f} s\n")
    print("| request | p50 | p95 | slowest | requests |")
    print("|---|---|---|---|---|")
    rows = [
        ("person page `GET /people/{id}`", person),
        ("API `GET /api/v1/people/{id}`", api),
        ("Today `GET /`", today),
        ("Network `GET /network`", network),
    ]
    for name, s in rows:
        print(f"| {name} | {s['p50_ms']:.1f} ms | {s['p95_ms']:.1f} ms | {s['max_ms']:.1f} ms | {s['count']} |")
    if throughput:
        print(f"\nwrk, {args.threads} threads, {args.connections} connections, {args.seconds} s: "
              f"{throughput['per_second']:,.0f} person reads/s through the API "
              f"(p50 {throughput['p50_ms']:.1f} ms, p99 {throughput['p99_ms']:.1f} ms, {throughput['errors']} errors)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"review_s": review, "serve_start_s": start, "person": person, "api": api,
                       "today": today, "network": network, "throughput": throughput, **figures}, f, indent=2)


if __name__ == "__main__":
    main()
