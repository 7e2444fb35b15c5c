"""What the API app holds about a person (portal.privacy): their personal tokens (never
their secrets). Erasure deletes them."""

from django.utils.translation import gettext_lazy as _

from portal.privacy import register_section, row

from .models import ApiToken


def _export(user) -> dict:
    return {
        "api_tokens": [
            row(token, exclude=("secret_hash",)) for token in ApiToken.objects.filter(user=user)
        ]
    }


def _erase(user) -> None:
    ApiToken.objects.filter(user=user).delete()


def _erases(user) -> tuple:
    return (_("your API tokens"),) if ApiToken.objects.filter(user=user).exists() else ()


def register() -> None:
    register_section(
        "api",
        export=_export,
        order=50,
        erase=_erase,
        erases=_erases,
    )
