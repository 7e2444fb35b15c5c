from django.core.paginator import Paginator
from django.template import RequestContext, Template
from django.test import RequestFactory


def render(page_number: int, query: str = "") -> str:
    request = RequestFactory().get(f"/calls/?{query}")
    page = Paginator(list(range(100)), 5).get_page(page_number)
    template = Template("{% load pagination %}{% pagination page 'Pages' %}")
    return template.render(RequestContext(request, {"page": page}))


def test_page_links_keep_the_filters_and_elide_long_ranges():
    html = render(10, "sector=health&o=-amount&page=10")

    assert 'href="?sector=health&amp;o=-amount&amp;page=9" rel="prev"' in html
    assert 'href="?sector=health&amp;o=-amount&amp;page=11" rel="next"' in html
    assert (
        '<li class="page-item active" aria-current="page"><span class="page-link">10</span>' in html
    )
    assert "…" in html
    assert 'aria-label="Pages"' in html


def test_a_single_page_shows_no_pager():
    request = RequestFactory().get("/calls/")
    page = Paginator([1, 2], 5).get_page(1)
    html = Template("{% load pagination %}{% pagination page 'Pages' %}").render(
        RequestContext(request, {"page": page})
    )
    assert html.strip() == ""
