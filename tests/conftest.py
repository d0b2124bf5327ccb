"""Shared fixtures. Area-specific fixtures live in tests/fixtures_*.py plugins."""

from __future__ import annotations

import os

import pytest

# Fixtures shared by area; registered here so that tests use them without importing them.
pytest_plugins = ["tests.fixtures_search", "tests.fixtures_elastic"]

# Settings that must not leak from the developer's shell or .env into tests.
_ISOLATED_PREFIXES = ("MUNEWS_", "ELASTICSEARCH_", "SMTP_")
_KEEP = {"MUNEWS_REQUIRE_ELASTICSEARCH", "MUNEWS_REQUIRE_BROWSER", "ELASTICSEARCH_TEST_URL"}


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(_ISOLATED_PREFIXES) and name not in _KEEP:
            monkeypatch.delenv(name)


@pytest.fixture
def config(tmp_path):
    """A Config whose data directory is a fresh temporary folder."""
    from indexer.config import load_config

    return load_config(environ={}, dotenv_path=None, data_dir=tmp_path / "data")
