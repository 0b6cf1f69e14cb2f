"""Benchmarks: ratios against baselines measured in the same run (``python -m benchmarks``).

Each ``bench_*.py`` module exposes ``run(quick: bool) -> None`` printing a markdown table; the
shared timing, table and data helpers live in :mod:`benchmarks.harness`.
"""
