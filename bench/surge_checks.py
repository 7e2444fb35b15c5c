"""The surge's checks: what the applicants were told against the database, outbox and mail."""

import time
from collections import Counter
from datetime import UTC, datetime

SEED_SUMMARY = "ร่างแรก"  # the seeded drafts' summary (bench.surge.seed)


def _deadline_message(deadline) -> tuple[str, str]:
    """The refusal's fixed opening and the deadline as the applicant (Thai) reads them."""
    from django.utils import translation
    from django.utils.translation import gettext

    from portal.formatting import format_datetime_seconds

    with translation.override("th"):
        template = gettext(
            "Too late: the deadline for this proposal was %(deadline)s and your submission "
            "was received at %(received)s. Your draft has been kept."
        )
        return template.split("%(")[0].strip(), format_datetime_seconds(deadline)


def run_checks(*, call_pk, deadline: float, outcomes, records, sink, mail_wait: float):
    """Print and return [(check, passed, detail)]."""
    from portal.models import Notification
    from proposals.enums import ProposalState
    from proposals.models import Proposal, ProposalEvent, ProposalVersion

    checks: list[tuple[str, bool, str]] = []

    def check(name: str, failures: list, total: int, note: str = "") -> None:
        detail = f"{total - len(failures)}/{total} ok{note}"
        if failures:
            detail += "; e.g. " + "; ".join(str(f) for f in failures[:3])
        checks.append((name, not failures, detail))
        print(f"{'PASS' if not failures else 'FAIL'}  {name}: {detail}")

    print()
    broken = [r for r in records if r.error or (r.status and r.status >= 500)]
    check(
        "no 5xx, timeouts or connection errors",
        [f"{r.kind} {r.status or r.error}" for r in broken],
        len(records),
    )
    check(
        "every applicant got an answer to their submit",
        [
            f"#{o.plan.number}: {o.failure or o.submit_status}"
            for o in outcomes
            if not (o.acknowledged or o.refused)
        ],
        len(outcomes),
    )

    proposals = {p.pk: p for p in Proposal.objects.filter(call_id=call_pk).select_related("call")}
    versions = Counter(
        ProposalVersion.objects.filter(proposal__call_id=call_pk).values_list(
            "proposal_id", flat=True
        )
    )
    submitted_events = Counter(
        ProposalEvent.objects.filter(
            proposal__call_id=call_pk, to_state=ProposalState.SUBMITTED
        ).values_list("proposal_id", flat=True)
    )
    limit = datetime.fromtimestamp(deadline, UTC)

    acknowledged = [o for o in outcomes if o.acknowledged]
    failures = []
    for o in acknowledged:
        p = proposals[o.plan.proposal]
        problems = [
            text
            for text, bad in (
                (f"state {p.state}", p.state != ProposalState.SUBMITTED),
                (
                    f"reference {p.reference!r} vs {o.reference!r}",
                    o.reference and p.reference != o.reference,  # "": receipt page unread
                ),
                (f"{versions[p.pk]} versions", versions[p.pk] != 1),
                (f"{submitted_events[p.pk]} log rows", submitted_events[p.pk] != 1),
                ("submitted after the deadline", not p.submitted_at or p.submitted_at > limit),
            )
            if bad
        ]
        if problems:
            failures.append(f"#{o.plan.number}: " + ", ".join(problems))
    check("every acknowledged submission exists exactly once", failures, len(acknowledged))

    submitted = sorted(
        (p for p in proposals.values() if p.state == ProposalState.SUBMITTED),
        key=lambda p: p.sequence or 0,
    )
    code = next(iter(proposals.values())).call.code
    expected = [f"{code}-{n:04d}" for n in range(1, len(submitted) + 1)]
    failures = []
    if [p.reference for p in submitted] != expected:
        failures.append("references are not SURGE-0001… without gaps or duplicates")
    told = {o.plan.proposal for o in acknowledged}
    # A submit the client gave up on (timeout) may have gone in: it must then be whole.
    unanswered = {o.plan.proposal for o in outcomes if o.submit_sent and not o.submit_status}
    untold = [p.pk for p in submitted if p.pk not in told and p.pk not in unanswered]
    if untold:
        failures.append(f"submitted but answered otherwise: {untold[:5]}")
    in_anyway = [p.pk for p in submitted if p.pk in unanswered]
    for pk in in_anyway:
        p = proposals[pk]
        if versions[pk] != 1 or submitted_events[pk] != 1 or p.submitted_at > limit:
            failures.append(f"proposal {pk}: submitted without an answer, but not once in time")
    check(
        "references unique and sequential; every submission acknowledged or unanswered",
        failures,
        len(submitted),
        f" ({len(submitted)} submitted, {expected[-1] if expected else 'none'} last; "
        f"{len(in_anyway)} of them after the client gave up waiting)",
    )

    opening, deadline_text = _deadline_message(limit)
    refused = [o for o in outcomes if o.submit_status and not o.acknowledged]
    failures = []
    for o in refused:
        p = proposals[o.plan.proposal]
        problems = []
        if o.submit_received < deadline:
            problems.append("refused before the deadline")
        if not (o.refused and opening in o.refusal_text and deadline_text in o.refusal_text):
            problems.append(f"told {o.submit_status} {o.refusal_text[:100]!r}")
        if p.state != ProposalState.DRAFT or p.reference or versions[p.pk]:
            problems.append(f"stored as {p.state} {p.reference}")
        if problems:
            failures.append(f"#{o.plan.number}: " + ", ".join(problems))
    late = [o for o in outcomes if o.submit_sent and o.submit_sent > deadline]
    late_ok = [o.plan.number for o in late if o.acknowledged]
    if late_ok:
        failures.append(f"sent after the deadline and acknowledged: {late_ok[:5]}")
    check(
        "refused submits were told the deadline and their drafts kept",
        failures,
        len(refused),
        f" ({len(late)} submits sent after the deadline, "
        f"{sum(1 for o in refused if o.submit_sent <= deadline)} sent before it and "
        "answered after it)",
    )

    failures = []
    for o in outcomes:
        p = proposals[o.plan.proposal]
        wanted = o.acked_text or SEED_SUMMARY
        # A save with no answer (timeout) may have been stored: that is not a loss.
        problems = []
        if p.summary != wanted and p.summary not in o.unacked_texts:
            problems.append(f"stored {p.summary[-20:]!r}, saved {wanted[-20:]!r}")
        if p.state == ProposalState.SUBMITTED:
            data = ProposalVersion.objects.get(proposal=p).data
            if data.get("summary") != p.summary:
                problems.append("submitted version differs from the draft")
        if problems:
            failures.append(f"#{o.plan.number}: " + ", ".join(problems))
    saves = sum(o.autosaves_ok for o in outcomes)
    check(
        "no draft content lost (last acknowledged autosave is what is stored)",
        failures,
        len(outcomes),
        f" ({saves} autosaves acknowledged)",
    )

    abouts = {f"proposal:{p.pk}" for p in submitted}
    receipts = list(
        Notification.objects.filter(kind="proposal_submitted", about__startswith="proposal:")
        .filter(about__in=[f"proposal:{pk}" for pk in proposals])
        .values_list("about", "dedupe_key")
    )
    per_proposal = Counter(about for about, _key in receipts)
    failures = [f"{a}: {per_proposal[a]} receipts" for a in abouts if per_proposal[a] != 1]
    failures += [
        f"{a}: receipt for a proposal not submitted" for a in per_proposal if a not in abouts
    ]
    keys = [key for _about, key in receipts]
    if len(set(keys)) != len(keys):
        failures.append("duplicate dedupe keys")
    check("outbox: exactly one receipt per submission", failures, len(abouts))

    wanted_keys = set(keys)
    limit_wait = time.monotonic() + mail_wait
    started = time.monotonic()
    while time.monotonic() < limit_wait and not wanted_keys <= set(sink.received_keys()):
        time.sleep(0.5)
    waited = time.monotonic() - started
    time.sleep(2)  # a late duplicate would show now
    received = Counter(k for k in sink.received_keys() if k in wanted_keys)
    failures = [f"{k}: received {received[k]}×" for k in sorted(wanted_keys) if received[k] != 1]
    check(
        "mail: the SMTP sink received exactly one receipt per submission",
        failures,
        len(wanted_keys),
        f" (all in {waited:.1f} s after the load)",
    )
    return checks
