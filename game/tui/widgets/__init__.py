"""Widgets: the hand of cards, the scoreboard, the supply-chain heat map."""
