"""Following sectors: the page where a person picks the sectors they hear new calls about."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Sector, SectorFollow
from .services import set_followed_sectors


class FollowForm(forms.Form):
    sectors = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Tell me about new calls in these sectors"),
        queryset=Sector.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


@login_required
def follow_sectors(request):
    current = Sector.objects.filter(
        pk__in=SectorFollow.objects.filter(user=request.user).values("sector_id")
    )
    # Not `request.POST or None`: unticking every box posts nothing, and that is a choice too.
    form = FollowForm(
        request.POST if request.method == "POST" else None, initial={"sectors": current}
    )
    if request.method == "POST" and form.is_valid():
        set_followed_sectors(request.user, form.cleaned_data["sectors"])
        messages.success(request, _("Your sectors are saved."))
        return redirect("grants:follow_sectors")
    return render(request, "grants/follow.html", {"form": form})
