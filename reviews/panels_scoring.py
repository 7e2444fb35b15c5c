"""Panels of the scoring pages, registered from ReviewsConfig.ready()."""


def register() -> None:
    """Register this part's panels with portal.panels."""
