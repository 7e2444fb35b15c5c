from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal and accounts")

    def ready(self) -> None:
        from . import audit, checks, panels, privacy, two_factor  # noqa: F401 - checks registers itself

        panels.register()
        audit.connect()
        two_factor.connect()
        privacy.register()
