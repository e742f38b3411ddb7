"""Benchmarks of TanLedger: state transition throughput against a plain-SQL baseline, replay, memory.

Run `python -m bench --quick` (under a minute) or `make bench` (several minutes).
"""
