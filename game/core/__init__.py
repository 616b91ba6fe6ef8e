"""The rules core: pure Python, no I/O, no UI, no storage. Everything else depends on it."""

from . import network as _network

#: True when the rules core runs compiled (the opt-in mypyc build, setup.py): its modules are C
#: extension modules (.so, .pyd) instead of .py files. Same results either way.
COMPILED: bool = not str(getattr(_network, "__file__", "")).endswith((".py", ".pyc"))
ENGINE: str = "compiled (mypyc)" if COMPILED else "pure Python"
