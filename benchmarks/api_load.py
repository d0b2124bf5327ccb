"""Load test of the HTTP API: 50 concurrent clients against `munews serve` on a 100,000-article
embedded index.

    python -m benchmarks.api_load                          # the issue's figure
    python -m benchmarks.api_load --docs 20000 --requests 2000   # while developing

Builds (once, cached in benchmarks/.corpus/) a store and a tantivy index from the seeded
generated corpus of :mod:`benchmarks.corpus_gen`, starts the server as a subprocess on
127.0.0.1 with the rate limit off, and sends a fixed number of requests from N concurrent
keep-alive clients: a mix of searches (1–3 words; with region and date filters; by date,
page 2) and article fetches. Reports req/s, p50/p95/p99 and errors. Baselines in the same
run: `/healthz` under the same load (the HTTP stack's ceiling) and the same searches called
in-process on the backend (so the API's own overhead is visible).
Targets: at least 300 req/s, p99 under 200 ms, zero errors.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx

from benchmarks.corpus_gen import CORPUS_DIR, corpus_file, read_corpus
from benchmarks.search_embedded import query_mix
from indexer.config import Config, load_config

ROOT = Path(__file__).resolve().parent.parent
TARGET_RPS = 300
TARGET_P99_MS = 200


def build_data(docs: int, seed: int) -> Config:
    """A data directory with `docs` articles in the store and the index (cached)."""
    from indexer.embedded import EmbeddedBackend
    from indexer.store import Store
    from indexer.sync import sync_index

    data_dir = CORPUS_DIR / f"api-load-{seed}-{docs}"
    config = load_config(environ={}, dotenv_path=None, data_dir=data_dir,
                         sources_file=data_dir / "sources.yaml")
    done = data_dir / "complete"
    if done.exists():
        return config
    data_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with Store(config.store_path) as store:
        for number, article in enumerate(read_corpus(corpus_file(docs, seed)), 1):
            store.upsert(article, commit=False)
            if number % 5000 == 0:
                store.commit()
        store.commit()
        backend = EmbeddedBackend(config.index_dir, timezone=config.timezone, writer_threads=2)
        report = sync_index(store, backend, batch=2000)
        backend.close()
    if report.error:
        raise SystemExit(f"indexing failed: {report.error}")
    done.write_text("ok", encoding="utf-8")
    print(f"built store + index of {docs} articles in {time.perf_counter() - started:.0f} s")
    return config


def request_mix(config: Config, count: int, seed: int) -> list[str]:
    """Fixed, seeded list of request paths."""
    from indexer.store import Store

    with Store(config.store_path) as store:
        ids = [row[0] for row in store.connection.execute(
            "SELECT id FROM articles ORDER BY id LIMIT 2000")]
    rng = random.Random(seed)
    paths = []
    for words, region, since in query_mix(count, seed):
        roll = rng.random()
        if roll < 0.55:
            params: dict[str, object] = {"q": words}
        elif roll < 0.75:
            params = {"q": words, "region": region, "since": since.isoformat()}
        elif roll < 0.85:
            params = {"q": words, "sort": "date", "page": 2}
        elif roll < 0.90:
            params = {}
        else:
            paths.append(f"/api/articles/{rng.choice(ids)}")
            continue
        paths.append("/api/search" + ("?" + urlencode(params) if params else ""))
    return paths


def start_server(config: Config, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MUNEWS_")}
    env.update({"MUNEWS_DATA_DIR": str(config.data_dir), "MUNEWS_RATE_LIMIT": "0",
                "MUNEWS_SOURCES": str(config.sources_file)})
    process = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "--env-file", os.devnull, "serve", "--port",
         str(port), "--workers", str(workers)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("server did not start: " + (process.stderr.read() if process.stderr else b"").decode())


class Connection:
    """A minimal keep-alive HTTP/1.1 GET client on raw asyncio streams.

    Why not httpx: its per-request CPU (~1 ms) on the same two cores as the server made the
    load generator, not the server, the bottleneck; this costs a few tens of microseconds.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        """Send one GET and read the whole response; returns the status code."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        await self.reader.readexactly(length)
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def hammer(base: str, paths: list[str], clients: int) -> tuple[float, list[float], dict[str, int]]:
    """Send every path once from `clients` concurrent connections: (seconds, latencies, errors)."""
    host, port = base.split("//")[1].split(":")
    queue = iter(quote_path(path) for path in paths)
    latencies: list[float] = []
    errors: dict[str, int] = {}

    async def client() -> None:
        connection = Connection(host, int(port))
        for path in queue:
            started = time.perf_counter()
            try:
                status = await connection.get(path)
                if status != 200:
                    errors[str(status)] = errors.get(str(status), 0) + 1
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                await connection.close()
                connection = Connection(host, int(port))
            latencies.append(time.perf_counter() - started)
        await connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return time.perf_counter() - started, latencies, errors


def quote_path(path: str) -> str:
    """Percent-encode the non-ASCII characters of a path (Cyrillic query words)."""
    return quote(path, safe="/?&=%:+-_.~")


def pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000


def line(name: str, seconds: float, latencies: list[float], errors: dict[str, int]) -> float:
    rps = len(latencies) / seconds
    print(f"{name:<22} {len(latencies):>6} req  {rps:7.1f} req/s  p50 {pct(latencies, .5):6.1f} ms  "
          f"p95 {pct(latencies, .95):6.1f} ms  p99 {pct(latencies, .99):6.1f} ms  "
          f"errors {sum(errors.values())} {errors or ''}")
    return rps


def in_process_baseline(config: Config, paths: list[str]) -> float:
    """The same searches straight on the backend, one at a time (no HTTP, no threads)."""
    from datetime import date
    from urllib.parse import parse_qs, urlsplit

    from indexer.embedded import EmbeddedBackend
    from search_api.schemas import build_params

    backend = EmbeddedBackend(config.index_dir, timezone=config.timezone, readonly=True)
    timings = []
    for path in paths:
        parts = urlsplit(path)
        if parts.path != "/api/search":
            continue
        q = {k: v[0] for k, v in parse_qs(parts.query).items()}
        params = build_params(q.get("q", ""), [q["region"]] if "region" in q else None, None,
                              date.fromisoformat(q["since"]) if "since" in q else None, None,
                              q.get("sort", "relevance"), int(q.get("page", 1)))
        started = time.perf_counter()
        backend.search(params.to_query())
        timings.append(time.perf_counter() - started)
    backend.close()
    return line("backend in-process", sum(timings), timings, {})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2,
                        help="server worker processes (default 2: one per core of the test machine)")
    args = parser.parse_args(argv)
    config = build_data(args.docs, args.seed)
    paths = request_mix(config, args.requests, args.seed)
    print(f"{args.docs} articles, {args.clients} clients, {len(paths)} requests per run "
          f"({len(set(paths))} distinct), {args.workers} server workers")
    backend_rps = in_process_baseline(config, paths)
    server = start_server(config, args.port, args.workers)
    base = f"http://127.0.0.1:{args.port}"
    try:
        asyncio.run(hammer(base, paths[:200], args.clients))  # warm-up: caches, connections
        health_rps = line("GET /healthz",
                          *asyncio.run(hammer(base, ["/healthz"] * len(paths), args.clients)))
        seconds, latencies, errors = asyncio.run(hammer(base, paths, args.clients))
        rps = line("API mix", seconds, latencies, errors)
        print(f"ratios: API mix / in-process backend (1 thread) = {rps / backend_rps:.2f}; "
              f"API mix / healthz = {rps / health_rps:.3f}")
    finally:
        server.terminate()
        server.wait(10)
    ok = rps >= TARGET_RPS and pct(latencies, .99) < TARGET_P99_MS and not errors
    print(f"target >= {TARGET_RPS} req/s, p99 < {TARGET_P99_MS} ms, 0 errors: "
          f"{'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
