#!/usr/bin/env python3
"""A team server under load: many API clients of several workspaces at once, writing too.

Makes a new PostgreSQL database on the server given (--postgres, or KITH_TEST_POSTGRES),
adds one user per workspace with `kith user add` (each user's own workspace), fills each
workspace with the sample network (`kith demo`), gives every client a personal token
(`kith token add`), and starts `kith serve` on that database (loopback, any free port).
Then --clients clients (threads; each of one workspace, in turn) send requests for
--seconds seconds, or until each has sent --requests: the attention list, a people
search, a person's page, and writes (a note, a tag) on their own workspace's people.

Every note a client writes carries its workspace's mark, and every answer is checked:
a person's id must be one of the client's own workspace, and no answer may carry another
workspace's mark. Any error or any read of another workspace fails the run (exit 1).
Prints the requests made, the errors, and the latency (median, p90, p99, max) of reads and
of writes; the database is dropped at the end.

Usage:
  python3 bench/team_load.py [--postgres postgres://kith:kith@127.0.0.1:5432/postgres]
      [--workspaces 4] [--clients 20] [--seconds 60] [--requests 100000]
      [--no-build | --kith PATH] [--json results.json]
"""

import argparse
import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.path.join(ROOT, os.environ.get("CARGO_TARGET_DIR") or "target")
KITH = os.path.join(TARGET, "release", "kith")
PASSWORD = "a long enough password"


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def kith(db, *argv, workspace=None, stdin=None):
    """Runs kith on `db` (in `workspace`) with --json; returns its parsed output."""
    command = [KITH, "--db", db, "--json"] + (["--workspace", workspace] if workspace else []) + list(argv)
    done = subprocess.run(command, input=stdin, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command[3:])} failed ({done.returncode}): {done.stderr.strip()}")
    return json.loads(done.stdout) if done.stdout.strip() else None


def psql(server, sql):
    subprocess.run(["psql", server, "-v", "ON_ERROR_STOP=1", "-qc", sql], check=True)


def database_url(server, name):
    """The address of the database `name` on the server `server` is the address of."""
    parts = urllib.parse.urlsplit(server)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


class Client(threading.Thread):
    """One script of one workspace, sending requests until the time or its count is up."""

    def __init__(self, number, port, token, workspace, mark, own_ids, deadline, most):
        super().__init__(daemon=True)
        self.number, self.port, self.token, self.workspace = number, port, token, workspace
        self.mark, self.own_ids, self.deadline, self.most = mark, own_ids, deadline, most
        self.own_set = set(own_ids)
        self.reads, self.writes, self.errors, self.crossed = [], [], [], []
        self.random = random.Random(number)

    def send(self, connection, method, path, body=None):
        headers = {"Authorization": f"Bearer {self.token}", "Kith-Workspace": self.workspace}
        if body is not None:
            headers["Content-Type"] = "application/json"
            body = json.dumps(body)
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        seconds = time.perf_counter() - started
        (self.reads if method == "GET" else self.writes).append(seconds)
        if response.status != 200:
            self.errors.append(f"{method} {path}: {response.status} {text[:200]}")
            return None
        return text

    def check(self, path, text):
        """Notes a read of another workspace: a foreign person id or a foreign mark."""
        if text is None:
            return
        for other in MARKS:
            if other != self.mark and other in text:
                self.crossed.append(f"{path}: carries {other}")
        for person in set(PERSON_ID.findall(text)) - self.own_set:
            self.crossed.append(f"{path}: person {person} is not of {self.workspace}")

    def run(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        sent = 0
        try:
            while time.monotonic() < self.deadline and sent < self.most:
                sent += 1
                someone = self.random.choice(self.own_ids)
                roll = self.random.random()
                if roll < 0.15:
                    path = f"/api/v1/people/{someone}/notes"
                    self.send(connection, "POST", path, {"text": f"{self.mark} note {sent}"})
                elif roll < 0.25:
                    path = f"/api/v1/people/{someone}/tags"
                    self.send(connection, "POST", path, {"tags": [f"client-{self.number}"]})
                elif roll < 0.40:
                    self.send(connection, "GET", "/api/v1/review?limit=20")
                elif roll < 0.65:
                    path = "/api/v1/people?limit=50&offset=" + str(self.random.randrange(0, 40))
                    self.check(path, self.send(connection, "GET", path))
                else:
                    path = f"/api/v1/people/{someone}"
                    self.check(path, self.send(connection, "GET", path))
        except Exception as e:  # a broken connection is an error of the run, not a crash of the script
            self.errors.append(f"client {self.number}: {e!r}")


# Every workspace's mark, put in the notes its clients write.
MARKS = []
# A person's id wherever an answer names one.
PERSON_ID = re.compile(r'"(p_[0-9a-z]+)"')


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def figures(latencies):
    return {
        "count": len(latencies),
        "median_ms": statistics.median(latencies) * 1000 if latencies else None,
        "p90_ms": percentile(latencies, 0.90) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "max_ms": max(latencies) * 1000 if latencies else None,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", default=os.environ.get("KITH_TEST_POSTGRES"))
    parser.add_argument("--workspaces", type=int, default=4)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--requests", type=int, default=100_000, help="at most this many per client")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--kith", help="this kith binary, not a release build made first (CI: the tests' debug build)")
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()
    if not args.postgres:
        sys.exit("give a PostgreSQL server with --postgres or KITH_TEST_POSTGRES")
    global KITH
    if args.kith:
        KITH = os.path.abspath(args.kith)
    elif not args.no_build:
        log("building kith (release)")
        subprocess.run(["cargo", "build", "--release", "-p", "kith-cli"], cwd=ROOT, check=True)

    name = f"kith_load_{os.getpid()}"
    psql(args.postgres, f"CREATE DATABASE {name}")
    db = database_url(args.postgres, name)
    server = None
    try:
        workspaces = [f"team{n}" for n in range(1, args.workspaces + 1)]
        own_ids = {}
        for workspace in workspaces:
            kith(db, "user", "add", workspace, stdin=PASSWORD + "\n")
            kith(db, "demo", workspace=workspace)
            own_ids[workspace] = [p["id"] for p in kith(db, "person", "list", workspace=workspace)]
            MARKS.append(f"mark-of-{workspace}-")
        log(f"{len(workspaces)} workspaces of {len(own_ids[workspaces[0]])} people each")
        tokens = []
        for number in range(args.clients):
            workspace = workspaces[number % len(workspaces)]
            made = kith(db, "token", "add", "--user", workspace, "--label", f"client {number}")
            tokens.append((workspace, made["secret"]))

        # Its log goes to a file: a pipe nobody reads could fill and stall the server.
        server_log = tempfile.TemporaryFile("w+")
        server = subprocess.Popen(
            [KITH, "--db", db, "--json", "serve", "--listen", "127.0.0.1:0"],
            stdout=subprocess.PIPE, stderr=server_log, text=True,
        )
        told = ""
        while True:
            line = server.stdout.readline()
            if not line:
                server_log.seek(0)
                sys.exit(f"kith serve stopped: {server_log.read().strip()}")
            told += line
            try:
                url = json.loads(told)["url"]
                break
            except json.JSONDecodeError:
                continue
        port = urllib.parse.urlsplit(url).port
        log(f"serving at {url}; {args.clients} clients for {args.seconds:g} s")

        deadline = time.monotonic() + args.seconds
        clients = [
            Client(n, port, token, ws, f"mark-of-{ws}-", own_ids[ws], deadline, args.requests)
            for n, (ws, token) in enumerate(tokens)
        ]
        started = time.monotonic()
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        elapsed = time.monotonic() - started

        reads = [s for c in clients for s in c.reads]
        writes = [s for c in clients for s in c.writes]
        errors = [e for c in clients for e in c.errors]
        crossed = [x for c in clients for x in c.crossed]
        result = {
            "clients": args.clients,
            "workspaces": args.workspaces,
            "seconds": elapsed,
            "requests": len(reads) + len(writes),
            "requests_per_second": (len(reads) + len(writes)) / elapsed,
            "errors": len(errors),
            "cross_workspace_reads": len(crossed),
            "reads": figures(reads),
            "writes": figures(writes),
            "all": figures(reads + writes),
        }
        print(json.dumps(result, indent=2))
        if args.json:
            with open(args.json, "w") as f:
                json.dump(result, f, indent=2)
        for problem in (errors + crossed)[:20]:
            log(problem)
        if errors or crossed:
            sys.exit(1)
    finally:
        if server is not None:
            server.terminate()
            server.wait()
        psql(args.postgres, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


if __name__ == "__main__":
    main()
