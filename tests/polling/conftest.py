"""The round fixtures of the elections tests, shared here."""

from tests.elections.conftest import rnd, today

__all__ = ["rnd", "today"]
