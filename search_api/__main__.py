"""`python -m search_api [--host H] [--port P]`: serve the page and the API (like `munews serve`)."""

from __future__ import annotations

import argparse
import sys

from indexer.config import ConfigError, load_config
from search_api.server import serve


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m search_api", description=__doc__)
    parser.add_argument("--env-file", default=".env", help="dotenv file to read (default: .env)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="TCP port (default: 8000)")
    args = parser.parse_args(argv)
    try:
        config = load_config(dotenv_path=args.env_file)
    except ConfigError as exc:
        print(f"munews: error: {exc}", file=sys.stderr)
        return 2
    return serve(config, args.host, args.port)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
