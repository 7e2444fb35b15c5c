"""What the grants app holds about a person (portal.privacy): the sectors they follow (an
optional alert they may stop) and the calls they run as an officer."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.privacy import register_optional, register_section, row

from .enums import CallState
from .models import Call, SectorFollow


def calls_still_run_by(user):
    """Calls `user` is an officer of that are not archived yet."""
    return Call.objects.filter(officers=user).exclude(state=CallState.ARCHIVED)


def _export(user) -> dict:
    return {
        "followed_sectors": [
            row(follow, sector_code=follow.sector.code)
            for follow in SectorFollow.objects.filter(user=user).select_related("sector")
        ],
        "calls_run": list(Call.objects.filter(officers=user).values("pk", "code", "state")),
    }


def _erase(user) -> None:
    SectorFollow.objects.filter(user=user).delete()
    for call in Call.objects.filter(officers=user):
        call.officers.remove(user)


def _blocks(user) -> str | None:
    codes = list(calls_still_run_by(user).values_list("code", flat=True)[:5])
    if not codes:
        return None
    return ngettext(
        "You still run the call %(codes)s. Ask an administrator to hand it to another officer "
        "(or archive it) before your account can be erased.",
        "You still run the calls %(codes)s. Ask an administrator to hand them to another "
        "officer (or archive them) before your account can be erased.",
        len(codes),
    ) % {"codes": ", ".join(codes)}


def _follows_on(user) -> bool:
    return SectorFollow.objects.filter(user=user).exists()


def _follows_off(user) -> None:
    SectorFollow.objects.filter(user=user).delete()


def register() -> None:
    register_section(
        "calls",
        export=_export,
        order=10,
        erase=_erase,
        blocks=_blocks,
        erases=(_("the sectors you follow"),),
    )
    register_optional(
        "sector_alerts",
        label=_("New-call alerts for the sectors you follow"),
        description=_("An email when a call opens in a sector you follow."),
        is_on=_follows_on,
        withdraw=_follows_off,
        order=20,
    )
