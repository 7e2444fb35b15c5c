"""A number per call that moves whenever anything its ranking is computed from changes: the
cached ranking is keyed on it (`reviews.ranking.load`), so a warm ranking page reads one
indexed row instead of aggregating the call's proposals, assignments and reviews.

The number is moved by database triggers (migration 0010), in the same transaction as the
change, on: proposals in a ranked state (eligible, awarded, reserve, not selected, before or
after the change), assignments, submitted reviews and their scores, decisions, stage results
and the call's rubric. Triggers see every write: the services, bulk updates, the admin and
hand edits alike. A row is created at a random number, so that a call whose rows were rolled
back or deleted never finds an older ranking under the same number.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RankingVersion(models.Model):
    # Not a foreign key: the triggers write it while a call's proposals are being deleted,
    # and a call's deletion must not wait for it.
    call_id = models.BigIntegerField(_("call"), primary_key=True)
    version = models.BigIntegerField(_("version"))

    def __str__(self) -> str:
        return f"{self.call_id}:{self.version}"
