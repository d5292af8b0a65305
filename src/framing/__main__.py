"""Allow ``python -m framing``."""

import sys

from framing.present.cli import main

sys.exit(main())
