"""The one place where proposal events hand over to notifications.

Services call these inside their transaction. The notifications issue turns each into outbox
rows (written in the same transaction, delivered after commit); until then they record what
would be sent in the log, so the hooks are exercised by the services' tests.
"""

import logging

logger = logging.getLogger(__name__)


def proposal_submitted(proposal) -> None:
    """The receipt, with the reference number, to the organisation's members."""
    logger.info("notify submitted %s %s", proposal.pk, proposal.reference)


def proposal_withdrawn(proposal) -> None:
    logger.info("notify withdrawn %s %s", proposal.pk, proposal.reference)


def information_requested(proposal) -> None:
    logger.info("notify information requested %s", proposal.pk)


def extension_granted(proposal) -> None:
    logger.info("notify extension %s until %s", proposal.pk, proposal.extension_until)
