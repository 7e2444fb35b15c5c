"""Each existing organisation member becomes a membership with a role.

The owner is the person who created the organisation's first proposal, when they are still
a member; otherwise the first member (the lowest row of the old members table, which is
who made the organisation: proposals.services.drafting.save_organisation). Everybody else
becomes an editor: until now every member could edit and submit, and nobody loses that.
"""

from django.db import migrations


def memberships_from_members(apps, schema_editor):
    Organisation = apps.get_model("proposals", "Organisation")
    Membership = apps.get_model("proposals", "OrganisationMembership")
    Proposal = apps.get_model("proposals", "Proposal")
    OldMembers = Organisation.members.through
    rows = []
    for organisation in Organisation.objects.order_by("pk").iterator():
        members = list(
            OldMembers.objects.filter(organisation_id=organisation.pk)
            .order_by("pk")
            .values_list("user_id", flat=True)
        )
        if not members:
            continue
        first_proposal = (
            Proposal.objects.filter(organisation_id=organisation.pk, created_by__isnull=False)
            .order_by("created_at", "pk")
            .values_list("created_by_id", flat=True)
            .first()
        )
        owner = first_proposal if first_proposal in members else members[0]
        for user_id in members:
            rows.append(
                Membership(
                    organisation_id=organisation.pk,
                    user_id=user_id,
                    role="owner" if user_id == owner else "editor",
                    added_at=organisation.created_at,
                )
            )
    Membership.objects.bulk_create(rows, batch_size=1000)


def members_from_memberships(apps, schema_editor):
    Organisation = apps.get_model("proposals", "Organisation")
    Membership = apps.get_model("proposals", "OrganisationMembership")
    OldMembers = Organisation.members.through
    OldMembers.objects.bulk_create(
        (
            OldMembers(organisation_id=m.organisation_id, user_id=m.user_id)
            for m in Membership.objects.order_by("pk").iterator()
        ),
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0010_organisation_membership_and_last_saved_by"),
    ]

    operations = [
        migrations.RunPython(memberships_from_members, members_from_memberships),
    ]
