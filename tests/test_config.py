"""The typed configuration: defaults, .env, casting errors, and documentation of every setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.config import SETTINGS, Config, ConfigError, load_config

ROOT = Path(__file__).resolve().parent.parent


def test_defaults_without_environment():
    config = load_config(environ={}, dotenv_path=None)
    assert config.data_dir == Path("./data")
    assert config.sources_file == Path("sources.yaml")
    assert config.timezone == "Europe/Moscow"
    assert config.backend == "embedded"
    assert config.store_path == Path("./data/munews.sqlite3")


def test_environment_beats_dotenv_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("MUNEWS_DATA_DIR=/from/file\nMUNEWS_DOWNLOAD_DELAY=0.25\n", encoding="utf-8")
    config = load_config(environ={"MUNEWS_DATA_DIR": "/from/env"}, dotenv_path=env_file)
    assert config.data_dir == Path("/from/env")
    assert config.download_delay == 0.25


def test_bad_value_names_the_setting():
    with pytest.raises(ConfigError, match="MUNEWS_CONCURRENCY_PER_DOMAIN"):
        load_config(environ={"MUNEWS_CONCURRENCY_PER_DOMAIN": "many"}, dotenv_path=None)


@pytest.mark.parametrize("zone", ["Mars/Base", "", "Europe/"])
def test_a_time_zone_this_machine_does_not_know_is_refused(zone):
    with pytest.raises(ConfigError, match="MUNEWS_TIMEZONE"):
        load_config(environ={"MUNEWS_TIMEZONE": zone}, dotenv_path=None)


def test_elasticsearch_backend_needs_url():
    with pytest.raises(ConfigError, match="ELASTICSEARCH_URL"):
        load_config(environ={"MUNEWS_BACKEND": "elasticsearch"}, dotenv_path=None)


def test_unknown_backend_is_rejected():
    with pytest.raises(ConfigError, match="MUNEWS_BACKEND"):
        load_config(environ={"MUNEWS_BACKEND": "solr"}, dotenv_path=None)


def test_every_setting_is_a_config_field():
    assert {s.attr for s in SETTINGS} == set(Config.__dataclass_fields__)


@pytest.mark.parametrize("document", ["README.md", ".env.example"])
def test_every_setting_is_documented(document):
    text = (ROOT / document).read_text(encoding="utf-8")
    missing = [s.env for s in SETTINGS if s.env not in text]
    assert not missing, f"{document} does not mention {missing}"


def test_env_example_loads_to_the_defaults():
    assert load_config(environ={}, dotenv_path=ROOT / ".env.example") == load_config(
        environ={}, dotenv_path=None
    )


def test_the_cli_says_which_setting_is_bad_and_exits_2(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("MUNEWS_")}
    env.update({"MUNEWS_TIMEZONE": "Mars/Base", "MUNEWS_DATA_DIR": str(tmp_path)})
    done = subprocess.run([sys.executable, "-m", "crawler.cli", "search", "школа"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2 and "MUNEWS_TIMEZONE" in done.stderr and "Traceback" not in done.stderr
