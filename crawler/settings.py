"""Scrapy project settings (named by ``scrapy.cfg``), bridged from the typed Config.

Values come from the environment and ``.env`` through :func:`indexer.config.load_config`,
so ``scrapy crawl news -a source=ID`` and ``munews crawl`` behave the same.
"""

from __future__ import annotations

from crawler.crawl_settings import build_settings
from indexer.config import load_config

globals().update(build_settings(load_config()))
