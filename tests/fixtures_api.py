"""A fixture corpus in a real store and index, and a real `munews serve` process over it.

Imported by the API, feed, fuzz and web tests (not a conftest plugin: only they need it).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from indexer.config import Config, load_config
from indexer.documents import Article

ROOT = Path(__file__).resolve().parent.parent

SOURCES = (
    ("kursk-smo", "Совет муниципальных образований Курской области", "Курская область"),
    ("tver-smo", "Совет муниципальных образований Тверской области", "Тверская область"),
    ("omsk-smo", "Ассоциация «Совет муниципальных образований Омской области»", "Омская область"),
    ("yugra-smo", "Совет муниципальных образований Ханты-Мансийского автономного округа — Югры",
     "Ханты-Мансийский автономный округ — Югра"),
)
TOPICS = (
    ("Лучшие практики молодежной политики", ("Молодёжный совет поселения представил лучшие практики "
     "вовлечения молодежи в благоустройство.")),
    ("Семинар для глав поселений", ("Главы муниципальных образований обсудили бюджет и "
     "инициативное бюджетирование на семинаре.")),
    ("Благоустройство дворов", ("В рамках программы формирования комфортной городской среды "
     "благоустроены дворы и общественные пространства.")),
    ("Общее собрание членов Совета", ("Состоялось общее собрание членов Совета муниципальных "
     "образований, утвержден план работы на год.")),
    ("Конкурс «Лучшая муниципальная практика»", ("Подведены итоги регионального этапа конкурса "
     "«Лучшая муниципальная практика» в номинации муниципальная экономическая политика.")),
)
XSS_TITLE = 'Опасный заголовок <script>window.__xss = 1</script>'
XSS_TEXT = ('Текст с полезной нагрузкой <img src=x onerror="window.__xss=2"> и '
            '<script>window.__xss = 3</script> про водоснабжение поселка.')


def corpus() -> list[Article]:
    """60 articles: 4 sources in 4 regions, 5 topics, dates over 2023–2024, 11 tagged as best
    practice (the contest topic), one XSS payload."""
    articles = []
    for i in range(59):
        source_id, source_name, region = SOURCES[i % len(SOURCES)]
        title, text = TOPICS[i % len(TOPICS)]
        month, day = 1 + (i * 7) % 12, 1 + (i * 11) % 28
        year = 2023 + (i // 4) % 2  # every source has articles in both years
        articles.append(Article(
            url=f"https://{source_id}.example.ru/news/{i}/", source_id=source_id,
            source_name=source_name, region=region, title=f"{title} — №{i}",
            text=f"{text}\nАбзац второй новости номер {i}: подробности мероприятия.",
            published_at=f"{year}-{month:02d}-{day:02d}T10:00:00+03:00", date_source="meta",
            fetched_at="2024-12-01T00:00:00+00:00", best_practice=i % len(TOPICS) == 4,
        ))
    articles.append(Article(
        url="https://tver-smo.example.ru/news/xss/", source_id="tver-smo",
        source_name=SOURCES[1][1], region=SOURCES[1][2], title=XSS_TITLE, text=XSS_TEXT,
        published_at="2024-06-15T12:00:00+03:00", fetched_at="2024-12-01T00:00:00+00:00",
    ))
    return articles


def write_sources(path: Path) -> None:
    lines = ["sources:"]
    for source_id, name, region in SOURCES:
        lines += [f"- id: {source_id}", f'  name: "{name.replace(chr(34), "")}"',
                  f'  region: "{region}"', f"  start_urls: [https://{source_id}.example.ru/news/]"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def add_articles(config: Config, articles: list[Article]) -> None:
    """Upsert into the real store and replay into the real index, as a crawl does."""
    from indexer.backends import open_backend
    from indexer.store import Store
    from indexer.sync import sync_index

    with Store(config.store_path) as store:
        for article in articles:
            store.upsert(article, commit=False)
        store.commit()
        backend = open_backend(config, store=store)
        try:
            report = sync_index(store, backend)
            assert report.error is None, report.error
        finally:
            backend.close()


def build_data(data_dir: Path, **overrides: object) -> Config:
    """A data directory with the fixture corpus indexed (in the backend the overrides name,
    the embedded one by default) and two recorded crawl runs."""
    from indexer.store import Store

    data_dir.mkdir(parents=True, exist_ok=True)
    sources_file = data_dir / "sources.yaml"
    write_sources(sources_file)
    config = load_config(environ={}, dotenv_path=None, data_dir=data_dir, sources_file=sources_file,
                         **overrides)
    add_articles(config, corpus())
    with Store(config.store_path) as store:
        run = store.start_run("kursk-smo")
        store.finish_run(run, status="ok", pages_fetched=40, new=15, updated=0, unchanged=0,
                         errors={})
        run = store.start_run("tver-smo")
        store.finish_run(run, status="failed", pages_fetched=1, new=0, updated=0, unchanged=0,
                         errors={"http_500": 1}, message="news section answered 500")
    return config


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A `munews serve` subprocess; `url` is its base URL."""

    data_dir: Path
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None
    url: str = ""

    def start(self, timeout: float = 30.0) -> Server:
        port = free_port()
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("MUNEWS_", "ELASTICSEARCH_", "SMTP_"))}
        env.update({"MUNEWS_DATA_DIR": str(self.data_dir),
                    "MUNEWS_SOURCES": str(self.data_dir / "sources.yaml"),
                    "MUNEWS_RATE_LIMIT": "0", **self.env})
        with open(self.data_dir / f"server-{port}.log", "wb") as log:  # the child keeps it open
            self.process = subprocess.Popen(
                [sys.executable, "-m", "crawler.cli", "--env-file", os.devnull, "serve",
                 "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            )
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {(self.data_dir / f'server-{port}.log').read_text()}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1.0).status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("server did not come up")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
