"""The rules core: pure Python, no I/O, no UI, no storage. Everything else depends on it."""
