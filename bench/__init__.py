"""Benchmarks: site build and control times at scale, each against its floor."""
