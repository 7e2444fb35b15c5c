"""`{% pagination page label %}`: the one pager of every paginated list.

Page links keep the rest of the query string (filters, sorting) through Django's
{% querystring %}, and long ranges are elided around the current page.
"""

from django import template

register = template.Library()


@register.inclusion_tag("includes/pagination.html", takes_context=True)
def pagination(context, page, label: str):
    return {
        "page": page,
        "label": label,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
    }
