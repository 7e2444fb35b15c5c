"""What a proposal says, as a viewer may read it: the reviewer's scoring page and the
committee's dossier show the same content (templates/reviews/includes/proposal_content.html),
with what blind review hides decided by reviews.blind."""

from proposals.answers import display_value

from .. import blind


def attachment_rows(proposal, viewer) -> tuple[list[dict], dict[int, int]]:
    """The proposal's files with the label `viewer` may read, and each file's number."""
    attachments = list(proposal.attachments.order_by("uploaded_at", "pk"))
    numbers = {a.pk: n for n, a in enumerate(attachments, start=1)}
    rows = [
        {
            "attachment": a,
            "label": blind.attachment_label(a, numbers[a.pk], viewer, proposal),
        }
        for a in attachments
    ]
    return rows, numbers


def proposal_content(proposal, viewer) -> dict:
    """The template context of proposal_content.html (a fixed number of queries)."""
    attachments, numbers = attachment_rows(proposal, viewer)
    answers = [
        (answer, blind.answer_text(answer, display_value(answer), viewer, proposal, numbers))
        for answer in proposal.answers.select_related("attachment")
    ]
    answers.sort(key=lambda pair: (pair[0].question_snapshot.get("position", 0), pair[0].pk))
    return {
        "blind": blind.hides_applicant(proposal, viewer),
        "organisation": blind.visible_organisation(proposal, viewer),
        "team": blind.visible_team(proposal, viewer),
        "sectors": list(proposal.sectors.all()),
        "budget_lines": list(proposal.budget_lines.all()),
        "outcomes": list(proposal.outcomes.all()),
        "attachments": attachments,
        "answers": answers,
    }
