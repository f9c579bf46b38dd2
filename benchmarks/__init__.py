"""Benchmarks for issue 8's targets, each against a baseline measured in the same run.

``make bench`` (``python -m benchmarks``) runs them all; ``python -m benchmarks.<name>`` runs one. They
are not part of ``make test``: ``tests/test_benchmarks_smoke.py`` only checks that each still runs.
"""
