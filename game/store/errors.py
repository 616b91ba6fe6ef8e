"""The one error the store raises: its message is meant for the person at the keyboard."""


class StoreError(Exception):
    """A save cannot be opened, read or written; str(exc) says why in plain words."""
