"""Write every proposal's search words and fingerprint again, and compare the received ones
never compared: after the migration that added search (0007_search), after a change to
portal.thai, or to rebuild the index.

    manage.py index_proposals [--duplicates]
"""

from django.core.management.base import BaseCommand

from proposals.models import Proposal
from proposals.search import index_proposal
from proposals.services.screening import check_duplicates


class Command(BaseCommand):
    help = "Index every proposal for search and near-duplicates."

    def add_arguments(self, parser):
        parser.add_argument(
            "--duplicates",
            action="store_true",
            help="also compare each received proposal never compared with the others",
        )

    def handle(self, *args, duplicates: bool = False, **options):
        proposals = Proposal.objects.select_related("organisation").prefetch_related(
            "answers", "attachments"
        )
        count = 0
        for proposal in proposals.iterator(chunk_size=500):
            index_proposal(proposal)
            count += 1
        self.stdout.write(f"{count} proposals indexed.")
        if duplicates:
            unchecked = Proposal.objects.filter(
                submitted_at__isnull=False, duplicates_checked_at__isnull=True
            ).order_by("submitted_at", "pk")
            found = sum(len(check_duplicates(p)) for p in unchecked.iterator(chunk_size=500))
            self.stdout.write(f"{found} near-duplicates recorded.")
