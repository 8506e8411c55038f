"""``--profile auto``: the page's layout picks the shipped profile.

A shipped profile may say how its pages look (``metadata.detect``, a regular
expression searched in the page with ``re.M``, and ``metadata.detect_reason``,
the reason the report gives); the first profile whose pattern is found is
chosen, in the order of :func:`~teikit.profiles.loader.shipped_profiles`.  A page
no profile claims gets the default, ``wilson-center``.  A named profile always
overrides the choice.
"""

from __future__ import annotations

import re

from .loader import load_profile, shipped_profiles
from .model import Profile

AUTO = "auto"
DEFAULT = "wilson-center"


def choose_profile(text: str) -> tuple[Profile, str]:
    """The profile for the page ``text``, and why it was chosen."""
    for name in shipped_profiles():
        profile = load_profile(name)
        pattern = profile.metadata.get("detect")
        if pattern and re.search(str(pattern), text, re.M):
            why = str(profile.metadata.get("detect_reason", "the page has its layout"))
            return profile, f"chosen by the page's layout: {why}"
    return load_profile(DEFAULT), "the default: no shipped profile's layout matched the page"
