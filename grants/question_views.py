"""The officer's page for a call's questions to applicants."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .question_forms import question_formset
from .question_services import save_questions
from .views import _visible_call


@login_required
def call_questions(request, slug):
    call = _visible_call(request, slug)
    if not request.user.has_perm("grants.change_call", call):
        raise PermissionDenied
    if request.method == "POST":
        formset = question_formset(call, request.POST)
        if formset.is_valid():
            save_questions(call, kept=formset.kept(), removed=formset.removed())
            messages.success(request, _("The questions for applicants are saved."))
            return redirect(reverse("grants:call_questions", kwargs={"slug": call.slug}))
    else:
        formset = question_formset(call)
    return render(request, "grants/questions.html", {"call": call, "formset": formset})
