"""Run the benchmarks: ``python -m benchmarks [NAME ...] [--quick]``.

NAME is a module's name without the ``bench_`` prefix (``calendar`` runs
``benchmarks/bench_calendar.py``); with no NAME every ``bench_*.py`` module runs.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path

from benchmarks.harness import machine


def discover() -> list[str]:
    """Names (without ``bench_``) of the bench modules beside this file, sorted."""
    here = Path(__file__).parent
    return sorted(
        info.name.removeprefix("bench_")
        for info in pkgutil.iter_modules([str(here)])
        if info.name.startswith("bench_")
    )


def main(argv: list[str] | None = None) -> int:
    available = discover()
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"one of: {', '.join(available)}")
    parser.add_argument("--quick", action="store_true", help="smaller data, fewer repeats")
    args = parser.parse_args(argv)
    names = [n.removeprefix("bench_") for n in args.names] or available
    unknown = [n for n in names if n not in available]
    if unknown:
        parser.error(f"unknown benchmark(s) {', '.join(unknown)}; known: {', '.join(available)}")
    print(f"Machine: {machine()}" + (" (quick run)" if args.quick else ""))
    for name in names:
        print(f"\n## {name}\n", flush=True)
        module = importlib.import_module(f"benchmarks.bench_{name}")
        module.run(quick=args.quick)
    return 0


if __name__ == "__main__":
    sys.exit(main())
