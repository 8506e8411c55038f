"""The version of teikit (one place; the package and its writers read it here)."""

__version__ = "0.1.0"
