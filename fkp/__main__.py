"""Command line: python -m fkp serve | migrate | demo | create-user | export | backup | restore …

gevent is monkey-patched here, at the process entry point, and only for `serve`.
"""
import sys

if sys.argv[1:2] == ["serve"]:
    from gevent import monkey
    monkey.patch_all()

from . import config  # noqa: E402 - after the monkey-patch, which must come before Flask
from .cli import cli  # noqa: E402

if __name__ == "__main__":
    try:
        cli(prog_name="python -m fkp")
    except config.ConfigError as e:  # a mistyped setting: say which, without a traceback
        sys.exit(f"Error: {e}")
