from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews and results")

    def ready(self) -> None:
        from . import panels_assignment, panels_ranking, panels_results, panels_scoring

        for module in (panels_assignment, panels_scoring, panels_ranking, panels_results):
            module.register()
