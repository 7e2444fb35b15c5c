from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    """After the award: grants, agreements, tranches, reports and closure; funded projects."""

    name = "awards"
    verbose_name = _("Grants")

    def ready(self) -> None:
        # Imported here: panels and services read the models, not loaded at import time.
        from reviews.services.publication import register_after_publication

        from . import panels, privacy
        from .services.lifecycle import create_grants_for_publication

        panels.register()
        privacy.register()
        # Publishing a call's results makes one grant per awarded proposal (same transaction).
        register_after_publication(create_grants_for_publication)
