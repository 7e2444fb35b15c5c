"""The claims the test provider puts in its ID tokens and userinfo answers."""

from oauth2_provider.oauth2_validators import OAuth2Validator

# People in this group have an address the provider has not verified: their tokens say
# "email_verified": false, as an identity provider does for an address it never checked.
UNVERIFIED_GROUP = "email-unverified"


class EmailClaimsValidator(OAuth2Validator):
    """email and email_verified for the "email" scope, name claims for "profile"
    (the standard scopes: OAuth2Validator.oidc_claim_scope)."""

    def get_additional_claims(self):
        return {
            "email": lambda request: request.user.email,
            "email_verified": lambda request: (
                not request.user.groups.filter(name=UNVERIFIED_GROUP).exists()
            ),
            "name": lambda request: request.user.get_full_name(),
            "given_name": lambda request: request.user.first_name,
            "family_name": lambda request: request.user.last_name,
        }
