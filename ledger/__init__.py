"""The TanLedger kernel: pure functions and values, no I/O, no clock, no randomness."""
