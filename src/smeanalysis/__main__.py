"""``python -m smeanalysis``: the same as the ``smeanalysis`` command."""

import sys

from smeanalysis.cli import main

sys.exit(main())
