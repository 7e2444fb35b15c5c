"""The one place where proposal events hand over to notifications.

Services call these inside their transaction: each writes outbox rows (portal.outbox), one per
member of the applicant's organisation, delivered after commit.
"""

from portal.outbox import queue_notification


def _members(proposal):
    return proposal.organisation.members.filter(is_active=True)


def _queue(proposal, kind: str, key: str, **context) -> None:
    for member in _members(proposal):
        queue_notification(
            kind=kind,
            recipient=member,
            dedupe_key=f"{key}:{member.pk}",
            about=f"proposal:{proposal.pk}",
            call=proposal.call,
            link=proposal.get_absolute_url(),
            context={"proposal": proposal, "call": proposal.call, **context},
        )


def proposal_submitted(proposal) -> None:
    """The receipt, with the reference number; once per submitted version."""
    version = proposal.versions.count()
    _queue(proposal, "proposal_submitted", f"receipt:{proposal.pk}:v{version}", version=version)


def proposal_withdrawn(proposal) -> None:
    count = proposal.events.filter(to_state="withdrawn").count()
    _queue(proposal, "proposal_withdrawn", f"withdrawn:{proposal.pk}:{count}")


def information_requested(proposal) -> None:
    due = proposal.info_due.isoformat() if proposal.info_due else ""
    _queue(proposal, "information_requested", f"info:{proposal.pk}:{due}")


def extension_granted(proposal) -> None:
    until = proposal.extension_until.isoformat() if proposal.extension_until else ""
    _queue(proposal, "extension_granted", f"extension:{proposal.pk}:{until}")
