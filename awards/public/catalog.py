"""The open-data catalogue as DCAT-AP in JSON-LD (`/data/catalog.jsonld`), for a CKAN portal
(data.go.th runs CKAN; ckanext-dcat harvests DCAT) to list the datasets: every funded
project, and the results of each call whose results are published."""

from django.urls import reverse
from django.utils import timezone

from .opendata import LICENCE_URL, publisher

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
THAILAND = "http://publications.europa.eu/resource/authority/country/THA"
LANGUAGES = [
    {"@id": "http://publications.europa.eu/resource/authority/language/THA"},
    {"@id": "http://publications.europa.eu/resource/authority/language/ENG"},
]
MEDIA = {"csv": ("text/csv", "CSV"), "json": ("application/json", "JSON")}


def _text(th: str, en: str) -> list[dict]:
    return [{"@value": th, "@language": "th"}, {"@value": en, "@language": "en"}]


def _date(moment) -> dict:
    return {"@value": timezone.localtime(moment).date().isoformat(), "@type": "xsd:date"}


def _agent() -> dict:
    names = publisher()
    return {"@type": "foaf:Agent", "foaf:name": _text(names["th"], names["en"])}


def _distributions(base: str, urls: dict[str, str], dictionary: str, title: tuple) -> list:
    return [
        {
            "@id": f"{base}{url}",
            "@type": "dcat:Distribution",
            "dct:title": _text(f"{title[0]} ({MEDIA[kind][1]})", f"{title[1]} ({MEDIA[kind][1]})"),
            "dcat:accessURL": {"@id": f"{base}{url}"},
            "dcat:downloadURL": {"@id": f"{base}{url}"},
            "dcat:mediaType": MEDIA[kind][0],
            "dct:format": MEDIA[kind][1],
            "dct:license": {"@id": LICENCE_URL},
            "dct:conformsTo": {"@id": dictionary},
        }
        for kind, url in urls.items()
    ]


def _dataset(
    base: str, *, key: str, title: tuple, description: tuple, urls: dict, issued, modified
) -> dict:
    index = f"{base}{reverse('opendata:index')}"
    dictionary = f"{base}{reverse('opendata:dictionary_csv')}"
    return {
        "@id": f"{index}#{key}",
        "@type": "dcat:Dataset",
        "dct:identifier": key,
        "dct:title": _text(*title),
        "dct:description": _text(*description),
        "dct:publisher": _agent(),
        "dct:issued": _date(issued),
        "dct:modified": _date(modified),
        "dct:language": LANGUAGES,
        "dct:spatial": {"@id": THAILAND},
        "dct:license": {"@id": LICENCE_URL},
        "dcat:keyword": _text("นวัตกรรมเพื่อสังคม", "social innovation") + _text("ทุน", "grants"),
        "dcat:landingPage": {"@id": index},
        "dcat:contactPoint": {
            "@type": "vcard:Organization",
            "vcard:fn": publisher()["en"],
            "vcard:hasURL": {"@id": index},
        },
        "dcat:distribution": _distributions(base, urls, dictionary, title),
    }


def catalog(base: str, publications: list) -> dict:
    """The catalogue: the dataset of every funded project and one per published call
    (`publications`: reviews.Publication with their calls, newest first)."""
    first = publications[-1].published_at if publications else timezone.now()
    last = publications[0].published_at if publications else timezone.now()
    datasets = [
        _dataset(
            base,
            key="funded-projects",
            title=("โครงการที่ได้รับทุน", "Funded projects"),
            description=(
                "โครงการนวัตกรรมเพื่อสังคมทุกโครงการที่ได้รับทุน จากทุกประกาศและทุกปี",
                "Every funded social-innovation project, across calls and years.",
            ),
            urls={
                "csv": reverse("opendata:projects_csv"),
                "json": reverse("opendata:projects_json"),
            },
            issued=first,
            modified=last,
        )
    ]
    for publication in publications:
        call = publication.call
        datasets.append(
            _dataset(
                base,
                key=f"results-{call.slug}",
                title=(
                    f"ผลการคัดเลือก: {call.title_th}",
                    f"Results: {call.title_en or call.title_th}",
                ),
                description=(
                    f"โครงการที่ได้รับทุนจากประกาศ {call.title_th}",
                    f"The projects funded by the call {call.title_en or call.title_th}.",
                ),
                urls={
                    "csv": reverse("opendata:call_csv", kwargs={"slug": call.slug}),
                    "json": reverse("opendata:call_json", kwargs={"slug": call.slug}),
                },
                issued=publication.published_at,
                modified=publication.published_at,
            )
        )
    index = f"{base}{reverse('opendata:index')}"
    return {
        "@context": CONTEXT,
        "@id": f"{base}{reverse('opendata:catalog')}",
        "@type": "dcat:Catalog",
        "dct:title": _text("ข้อมูลเปิด: ทุนนวัตกรรมเพื่อสังคม", "Open data: social-innovation grants"),
        "dct:description": _text(
            "ข้อมูลโครงการที่ได้รับทุนนวัตกรรมเพื่อสังคม เผยแพร่ภายใต้สัญญาอนุญาต CC BY 4.0",
            "Funded social-innovation projects, published under CC BY 4.0.",
        ),
        "dct:publisher": _agent(),
        "dct:language": LANGUAGES,
        "dct:license": {"@id": LICENCE_URL},
        "dct:modified": _date(last),
        "foaf:homepage": {"@id": index},
        "dcat:dataset": datasets,
    }
