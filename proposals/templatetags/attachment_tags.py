"""Template filters of the attachments panel."""

from django import template
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from .. import filetypes

register = template.Library()


@register.filter
def file_kind(content_type: str) -> str:
    """'PDF document', 'Word document'… for a stored content type."""
    return filetypes.label(content_type)


@register.simple_tag
def attachment_limits() -> dict:
    """The upload limits, for the sentence under the upload form."""
    return {
        "max_size": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
        "max_count": settings.ATTACHMENT_MAX_COUNT,
        "accept": filetypes.ACCEPT,
    }
