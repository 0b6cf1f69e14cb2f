"""``python -m smeanalysis``: the same as the ``smeanalysis`` command."""

import sys

from smeanalysis.cli import main

if __name__ == "__main__":  # not when imported (pytest's doctest collection imports it)
    sys.exit(main())
