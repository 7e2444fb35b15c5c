from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews and results")

    def ready(self) -> None:
        # Imported here: panels read the models, which are not loaded at import time.
        from . import panels

        panels.register()
