"""``python -m helpers.export FORMAT OUT [--data DIR]``."""

import sys

from helpers.export import main

sys.exit(main())
