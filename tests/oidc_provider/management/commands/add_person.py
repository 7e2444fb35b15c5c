"""A person who can sign in at the test provider: `add_person EMAIL PASSWORD [--unverified]`."""

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand

from tests.oidc_provider.claims import UNVERIFIED_GROUP


class Command(BaseCommand):
    help = "Create (or update) a person at the test OpenID Connect provider."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("password")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--unverified", action="store_true", help="email_verified is false in the tokens"
        )

    def handle(self, *args, email, password, first_name, last_name, unverified, **options):
        person, _ = User.objects.update_or_create(
            username=email,
            defaults={"email": email, "first_name": first_name, "last_name": last_name},
        )
        person.set_password(password)
        person.save()
        group, _ = Group.objects.get_or_create(name=UNVERIFIED_GROUP)
        if unverified:
            person.groups.add(group)
        else:
            person.groups.remove(group)
        self.stdout.write(str(person.pk))
