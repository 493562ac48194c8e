"""Benchmarks: the program measured against baselines run side by side."""
