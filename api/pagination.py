"""One page of a list: `?page=` and `?page_size=`, and the links to the neighbours."""

from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import PaginationBase

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Past this a page is empty anyway; the bound keeps the database's OFFSET in range.
MAX_PAGE = 1_000_000


class PageParams(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="The page, from 1.")
    page_size: int = Field(
        PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page (at most 100)."
    )


class Pages(PaginationBase):
    Input = PageParams

    class Output(Schema):
        count: int = Field(description="Items in the whole list.")
        page: int
        page_size: int
        next: str | None = Field(description="The next page's URL, or null on the last page.")
        previous: str | None = Field(description="The previous page's URL, or null.")
        items: list[Any]

    items_attribute = "items"

    def paginate_queryset(
        self, queryset: QuerySet | list, pagination: PageParams, **params
    ) -> dict:
        request = params["request"]
        page, size = pagination.page, pagination.page_size
        offset = (page - 1) * size
        count = len(queryset) if isinstance(queryset, list) else queryset.count()
        return {
            "count": count,
            "page": page,
            "page_size": size,
            "next": _link(request, page + 1, size) if offset + size < count else None,
            "previous": _link(request, page - 1, size) if page > 1 else None,
            "items": list(queryset[offset : offset + size]),
        }


def _link(request, page: int, size: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    query["page_size"] = str(size)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
