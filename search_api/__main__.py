"""`python -m search_api`: the same as `munews serve`."""

from __future__ import annotations

import sys

from crawler.cli import main

if __name__ == "__main__":
    sys.exit(main(["serve", *sys.argv[1:]]))
