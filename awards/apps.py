from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    """After the award: grants, agreements, tranches, reports and closure; funded projects."""

    name = "awards"
    verbose_name = _("Grants")
