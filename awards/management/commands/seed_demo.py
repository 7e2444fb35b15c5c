"""`manage.py seed_demo`: demo people and data for every stage; safe to run again.

It lives in the top app (awards) so that it may call every app's demo: each app seeds its own
(portal, grants, proposals, reviews, awards), in the order the apps depend on each other."""

from django.conf import settings
from django.core.management.base import BaseCommand

from awards.demo import seed_awards
from awards.public.demo import seed_funded_history
from grants.demo import seed_calls
from portal.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_USERS, seed_accounts, seed_users
from portal.enums import Role
from proposals.demo import OTHER_APPLICANTS, seed_proposals
from reviews.demo import MORE_APPLICANTS, REVIEWERS, seed_reviews
from reviews.demo_meetings import COMMITTEE


class Command(BaseCommand):
    help = "Create the demo users, calls and data (idempotent)."

    def handle(self, *args, **options):
        people = seed_users(notice_version=settings.PRIVACY_NOTICE_VERSION)
        calls = seed_calls(officer=people["officer"])
        created = seed_proposals(applicant=people["applicant"], calls=calls)
        reviewed = seed_reviews(people=people, calls=calls)
        history = seed_funded_history()
        seed_awards(people=people, call=reviewed["past"])
        seed_accounts()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(calls)} calls; new proposals: {len(created['draft'])} "
                f"draft, {len(created['submitted'])} submitted; results published on "
                f"{reviewed['past'].code}, {reviewed['village'].code} in review; earlier "
                f"funded projects in {', '.join(call.code for call in history)}."
            )
        )
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        for email, _name, roles in DEMO_USERS:
            self.stdout.write(f"  {roles[0].label:<18} {email}")
        for email, _name, _organisation in OTHER_APPLICANTS + MORE_APPLICANTS:
            self.stdout.write(f"  {Role.APPLICANT.label:<18} {email}")
        for email, *_rest in REVIEWERS[1:]:
            self.stdout.write(f"  {Role.REVIEWER.label:<18} {email}")
        for email, _name in COMMITTEE[1:]:
            self.stdout.write(f"  {Role.COMMITTEE.label:<18} {email}")
        self.stdout.write(
            "\nAdministrators, officers and committee members also give a code from an "
            f"authenticator app with the secret {DEMO_TOTP_SECRET}\n"
            f"  (for example: oathtool --totp -b {DEMO_TOTP_SECRET})"
        )
        self.stdout.write("")
