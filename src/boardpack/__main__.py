"""Allow ``python -m boardpack``."""

from boardpack.cli import run

run()
