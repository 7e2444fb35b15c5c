"""Panels of the officer side, registered from ProposalsConfig.ready()."""


def register() -> None:
    """Register this side's panels with portal.panels."""
