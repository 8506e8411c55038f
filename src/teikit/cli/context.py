"""What the command line keeps for a run in click's context: the config file used.

:func:`teikit.cli.options.use_config` stores the :class:`~teikit.config.Config`;
the reports name its file (:func:`config_used`).
"""

from __future__ import annotations

import click

from ..config import Config

CONFIG_KEY = "teikit.config"  # where the command line keeps the config (the root ctx.meta)


def config_used() -> str | None:
    """The config file the current command took its defaults from, or None."""
    ctx = click.get_current_context(silent=True)
    found = ctx.find_root().meta.get(CONFIG_KEY) if ctx is not None else None
    return str(found.path) if isinstance(found, Config) and found.path else None


def with_config() -> dict[str, str]:
    """``{"config": path}`` when a config file gave defaults, else nothing (for JSON)."""
    path = config_used()
    return {"config": path} if path else {}
