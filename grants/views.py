from django.shortcuts import get_object_or_404, render

from .models import Call


def call_list(request):
    return render(request, "grants/call_list.html", {"calls": Call.objects.public()})


def call_detail(request, slug):
    call = get_object_or_404(Call, slug=slug)
    return render(request, "grants/call_detail.html", {"call": call})
