from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The REST API at /api/ and the personal tokens that open it. Above every other app: it
    reads them all, nothing imports it."""

    name = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from . import privacy

        privacy.register()
