from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def has_assignments(call) -> bool:
    """Reviewers are assigned in the call (possibly closed early, before its review started):
    for grants, its review has begun (the rubric and blind review are fixed)."""
    from .models import Assignment  # the models are ready only once the apps are

    return Assignment.objects.filter(proposal__call=call).exists()


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews and results")

    def ready(self) -> None:
        # Imported here: panels read the models, which are not loaded at import time.
        from grants.phases import register_review_activity

        from . import panels, privacy

        panels.register()
        privacy.register()
        register_review_activity(has_assignments)
