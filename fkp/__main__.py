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
    for stream in (sys.stdout, sys.stderr):
        # Output sent to a file on Windows is in the ANSI code page, which has no letter for
        # the QR code's blocks or a forum title's "—": print a "?" rather than stop.
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        cli(prog_name=prog_name)
    except config.ConfigError as e:  # a mistyped setting: say which, without a traceback
        sys.exit(f"Error: {e}")


if __name__ == "__main__":
    main(prog_name="python -m fkp")
