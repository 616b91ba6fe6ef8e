"""Screens: start, new game, resume, decks, the game itself, and dialogs."""
