"""The one error the store raises: its message is meant for the person at the keyboard."""


class StoreError(Exception):
    """A save cannot be opened, read or written; str(exc) says why in plain words."""


class StaleCopy(StoreError):
    """An action on a copy of the game that another window or process has moved on since it
    was loaded: nothing was written, and the action can be tried again on a fresh copy."""
