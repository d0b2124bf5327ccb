"""Scrapy settings built from the typed :class:`~indexer.config.Config`.

`crawler/settings.py` (the module ``scrapy.cfg`` names) calls :func:`build_settings` with the
configuration from the environment and ``.env``; `munews crawl` calls it with the
configuration it already loaded. Components find the Config itself under ``MUNEWS_CONFIG``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from indexer.config import Config

__all__ = ["build_settings"]

# Statuses worth a retry: server overload and gateway trouble are usually transient on
# small municipal hosting; 429 is a polite "slow down".
RETRY_HTTP_CODES = [500, 502, 503, 504, 520, 521, 522, 524, 408, 429]


def build_settings(config: Config) -> dict[str, Any]:
    """The Scrapy settings dictionary for `config`."""
    max_bytes = config.max_response_mb * 1024 * 1024
    return {
        "BOT_NAME": "munews",
        "SPIDER_MODULES": ["spiders"],
        "NEWSPIDER_MODULE": "spiders",
        "USER_AGENT": config.user_agent,
        "ROBOTSTXT_OBEY": config.robotstxt_obey,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": config.concurrency_per_domain,
        "DOWNLOAD_DELAY": config.download_delay,
        "DOWNLOAD_TIMEOUT": config.download_timeout,
        "DOWNLOAD_MAXSIZE": max_bytes,
        # Warn at a quarter of the cap: a heavy but real article page is worth a log line.
        "DOWNLOAD_WARNSIZE": max_bytes // 4,
        "AUTOTHROTTLE_ENABLED": config.autothrottle,
        "AUTOTHROTTLE_START_DELAY": max(config.download_delay, 0.1),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(config.concurrency_per_domain),
        "RETRY_ENABLED": True,
        "RETRY_TIMES": 2,
        "RETRY_HTTP_CODES": RETRY_HTTP_CODES,
        "MUNEWS_RETRY_AFTER_MAX": config.retry_after_max,
        "MUNEWS_CRAWL_DELAY_MAX": config.crawl_delay_max,
        # A source over its time limit closes as "closespider_timeout", recorded as timeout.
        "CLOSESPIDER_TIMEOUT": config.source_time_limit,
        # The spider bounds depth itself: paging through one listing is not "deeper".
        "DEPTH_LIMIT": 0,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "REDIRECT_MAX_TIMES": 5,
        "HTTPCACHE_ENABLED": False,
        "FEED_EXPORT_ENCODING": "utf-8",
        "LOG_LEVEL": "INFO",
        # 50: before robots.txt (100), so an off-site host is not even asked for robots.txt.
        # 540: responses reach it after decompression (590) and retries (550).
        # 550: Scrapy's RetryMiddleware replaced by one that honours Retry-After.
        "DOWNLOADER_MIDDLEWARES": {"crawler.middlewares.StayOnSiteMiddleware": 50,
                                   # 60: cuts each download to the time the source has left.
                                   "crawler.middlewares.TimeBudgetMiddleware": 60,
                                   "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
                                   "crawler.middlewares.RetryAfterMiddleware": 550,
                                   "crawler.middlewares.CharsetFixMiddleware": 540,
                                   # 100: Scrapy's robots.txt middleware, with RFC 9309 errors.
                                   "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
                                   "crawler.robots.RobotsPolicyMiddleware": 100},
        # Log lines name an item by its URL: Scrapy's own print the whole page.
        "LOG_FORMATTER": "crawler.storage_errors.QuietItemsLogFormatter",
        "SPIDER_MIDDLEWARES": {"crawler.storage_errors.StorageErrorMiddleware": 950},
        "ITEM_PIPELINES": {
            "crawler.pipelines.CleaningPipeline": 100,
            "crawler.attachments_pipeline.AttachmentsPipeline": 300,
            "crawler.pipelines.StorePipeline": 500,
            "crawler.pipelines.IndexPipeline": 900,
        },
        "MUNEWS_CONFIG": config,
        "MUNEWS_STORE_PATH": str(config.store_path),
    }
