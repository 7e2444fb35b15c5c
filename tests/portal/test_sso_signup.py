"""An account made by single sign-on becomes an applicant's, with the consent given."""

from django.conf import settings

from portal import services
from portal.enums import Role
from portal.models import Consent, User


def test_welcome_applicant_from_provider_gives_the_role_and_records_the_consent(db):
    user = User.objects.create(email="Malee@Agency.Example", full_name="")
    user.set_unusable_password()
    user.save()

    services.welcome_applicant_from_provider(user, full_name="  มาลี ใจงาม ", language="en")

    user = User.objects.get(pk=user.pk)
    assert user.email == "malee@agency.example"
    assert user.full_name == "มาลี ใจงาม"
    assert user.language == "en"
    assert user.has_role(Role.APPLICANT)
    assert [c.notice_version for c in Consent.objects.filter(user=user)] == [
        settings.PRIVACY_NOTICE_VERSION
    ]
    assert not user.has_usable_password()
