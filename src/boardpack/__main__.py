"""Allow ``python -m boardpack``."""

from boardpack.cli import main

raise SystemExit(main())
