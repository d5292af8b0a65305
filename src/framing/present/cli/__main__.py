"""Allow ``python -m framing.present.cli``."""

import sys

from framing.present.cli import main

sys.exit(main())
