"""Allow ``python -m framing.cli``."""

import sys

from . import main

sys.exit(main())
