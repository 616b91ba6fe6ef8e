"""Chokepoint: a tabletop wargame engine about supply-chain resilience."""

__version__ = "0.1.0"
