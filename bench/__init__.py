"""Benchmarks: `python -m bench [--quick] [--only NAME]` prints one table of every figure."""
