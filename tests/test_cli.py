"""The `munews` dispatcher: help, unknown commands, and every declared command importable."""

from __future__ import annotations

import argparse
import importlib

import pytest

from crawler.cli import COMMANDS, build_parser, main


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert "crawl" in capsys.readouterr().out


def test_unknown_command_is_a_usage_error():
    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"])
    assert exit_info.value.code == 2


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_module_declares_its_arguments(name):
    module = importlib.import_module(f"crawler.commands.{COMMANDS[name][0]}")
    parser = argparse.ArgumentParser(prog=f"munews {name}")
    module.add_arguments(parser)
    assert callable(module.run)
    assert name in build_parser().format_help()


def test_invalid_config_exits_2(tmp_path, capsys):
    env_file = tmp_path / ".env"
    env_file.write_text("MUNEWS_BACKEND=solr\n", encoding="utf-8")
    assert main(["--env-file", str(env_file), "export", "--format", "jsonl"]) == 2
    assert "MUNEWS_BACKEND" in capsys.readouterr().err


def test_closed_output_pipe_ends_quietly(tmp_path):
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from crawler import cli\n"
        "from crawler.commands import export\n"
        "def run(args, config):\n"
        "    for _ in range(100000):\n"
        "        print('x' * 100)\n"
        "    return 0\n"
        "export.run = run\n"
        "sys.exit(cli.main(['export']))\n"
    )
    reader = subprocess.Popen(["head", "-n", "1"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    writer = subprocess.run([sys.executable, "-c", script], stdout=reader.stdin,
                            stderr=subprocess.PIPE, cwd=tmp_path.parent, timeout=60,
                            env={"PYTHONPATH": str(__import__("pathlib").Path(__file__).parent.parent),
                                 "PATH": "/usr/bin:/bin"})
    reader.stdin.close()
    reader.wait(timeout=10)
    assert "Traceback" not in writer.stderr.decode()
    assert writer.returncode == 141


def test_command_help_lists_the_commands_own_options(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["search", "--help"])
    assert exit_info.value.code == 0
    assert "--region" in capsys.readouterr().out


def test_a_failing_command_prints_one_prefixed_line_and_its_exit_code(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MUNEWS_DATA_DIR", str(tmp_path / "data"))
    env = ["--env-file", str(tmp_path / "absent.env")]
    assert main([*env, "export"]) == 1  # no store yet
    assert main([*env, "search", "x", "--limit", "0"]) == 2  # misuse
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines[0].startswith("munews export: error: no store at ")
    assert lines[1] == "munews search: error: --limit must be at least 1 and --offset not negative"
