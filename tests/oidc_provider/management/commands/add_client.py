"""A relying party registered at the test provider, as an agency registers the portal:
`add_client CLIENT_ID SECRET REDIRECT_URI [--skip-consent]`."""

from django.core.management.base import BaseCommand
from oauth2_provider.models import get_application_model


class Command(BaseCommand):
    help = "Register a confidential client (authorization code, RS256) at the test provider."

    def add_arguments(self, parser):
        parser.add_argument("client_id")
        parser.add_argument("secret")
        parser.add_argument("redirect_uri")
        parser.add_argument("--name", default="NIA Grant Portal")
        parser.add_argument("--skip-consent", action="store_true")

    def handle(self, *args, client_id, secret, redirect_uri, name, skip_consent, **options):
        Application = get_application_model()
        Application.objects.filter(client_id=client_id).delete()
        application = Application.objects.create(
            name=name,
            client_id=client_id,
            client_secret=secret,  # kept hashed: the provider never stores it in clear
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=redirect_uri,
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=skip_consent,
        )
        self.stdout.write(str(application.pk))
