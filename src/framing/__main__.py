"""Allow ``python -m framing``."""

import sys

from .cli import main

sys.exit(main())
