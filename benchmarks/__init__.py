"""Speed and scale runs (not tests): ``python -m benchmarks.run --help``."""
