"""Command line: fkp serve (or python -m fkp serve) | migrate | demo | create-user | export | backup | restore …

gevent is monkey-patched here, at the process entry point, and only for `serve`.
"""
import sys

if sys.argv[1:2] == ["serve"]:
    from gevent import monkey
    monkey.patch_all()

from . import config  # noqa: E402 - after the monkey-patch, which must come before Flask
from .cli import cli  # noqa: E402


def main(prog_name=None):
    """`fkp …` (the installed command) and `python -m fkp …`: the same commands."""
    try:
        cli(prog_name=prog_name)
    except config.ConfigError as e:  # a mistyped setting: say which, without a traceback
        sys.exit(f"Error: {e}")


if __name__ == "__main__":
    main(prog_name="python -m fkp")
