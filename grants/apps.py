from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Calls for proposals")

    def ready(self) -> None:
        from portal.outbox_scope import register_calls_run_by

        from . import panels, privacy
        from .queries import call_ids_run_by

        panels.register()
        privacy.register()
        # The outbox shows an officer the messages of the calls they run.
        register_calls_run_by(call_ids_run_by)
