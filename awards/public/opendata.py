"""Open data of funded projects: the data dictionary, the records, CSV and JSON, and the
DCAT-AP catalogue (JSON-LD) that a CKAN portal such as data.go.th harvests.

Personal data never appears: no person's name (an individual applicant's "organisation" is
left empty), no email, phone, address or tax ID. tests/awards/test_opendata.py reads every
field against a list of personal fields and every value against the seeded people.
"""

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from grants.enums import ApplicantType
from grants.models import Call, Province, Sector
from portal.text import one_line
from proposals.exports import BOM, neutralise
from proposals.models import Proposal

from .queries import project_facts

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_NAME = "Creative Commons Attribution 4.0 International (CC BY 4.0)"  # in the data
LICENCE_LABEL = gettext_lazy("Creative Commons Attribution 4.0 International (CC BY 4.0)")
LIST_SEPARATOR = ";"  # between the codes of a list field in the CSV


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # string, integer, number, date, array (of strings)
    nullable: bool
    th: str
    en: str


# The data dictionary: every field of the records, in order. Both languages at once, so not
# through the translation catalogue.
DICTIONARY = [
    Field(
        "reference", "string", False, "เลขที่อ้างอิงของข้อเสนอโครงการ", "The proposal's reference number"
    ),
    Field("title", "string", False, "ชื่อโครงการ", "Project title"),
    Field("summary", "string", False, "สรุปโครงการ", "Summary of the project"),
    Field(
        "organisation",
        "string",
        True,
        "ชื่อหน่วยงานผู้รับทุน (ว่างเมื่อผู้รับทุนเป็นบุคคลธรรมดา)",
        "The grantee organisation (empty when the grantee is an individual)",
    ),
    Field(
        "organisation_type", "string", False, "ประเภทหน่วยงาน (รหัส)", "Type of organisation (code)"
    ),
    Field(
        "province_code",
        "string",
        True,
        "รหัสจังหวัดพื้นที่ดำเนินโครงการ ตาม ISO 3166-2",
        "ISO 3166-2 code of the project's province",
    ),
    Field("province_th", "string", True, "ชื่อจังหวัด (ภาษาไทย)", "Province name in Thai"),
    Field("province_en", "string", True, "ชื่อจังหวัด (ภาษาอังกฤษ)", "Province name in English"),
    Field("region", "string", True, "ภูมิภาค (รหัส)", "Region (code)"),
    Field("primary_sector", "string", True, "สาขาหลักของโครงการ (รหัส)", "Primary sector (code)"),
    Field(
        "sectors",
        "array",
        False,
        "สาขาทั้งหมดของโครงการ (รหัส คั่นด้วย ; ในไฟล์ CSV)",
        "All the project's sectors (codes; separated by ; in the CSV)",
    ),
    Field("programme", "string", False, "โปรแกรมการสนับสนุน (รหัส)", "Support programme (code)"),
    Field("call_code", "string", False, "รหัสประกาศรับข้อเสนอ", "Code of the call for proposals"),
    Field(
        "call_title_th", "string", False, "ชื่อประกาศรับข้อเสนอ (ภาษาไทย)", "Title of the call in Thai"
    ),
    Field(
        "call_title_en",
        "string",
        False,
        "ชื่อประกาศรับข้อเสนอ (ภาษาอังกฤษ)",
        "Title of the call in English",
    ),
    Field(
        "year",
        "integer",
        False,
        "ปีที่ประกาศผล (ค.ศ.)",
        "Year the results were published (Common Era)",
    ),
    Field(
        "results_published",
        "date",
        False,
        "วันที่ประกาศผล (YYYY-MM-DD เวลาประเทศไทย)",
        "Date the results were published (YYYY-MM-DD, Bangkok time)",
    ),
    Field("amount_awarded", "number", False, "จำนวนเงินทุนที่ได้รับ (บาท)", "Amount awarded (baht)"),
    Field(
        "duration_months",
        "integer",
        True,
        "ระยะเวลาโครงการ (เดือน)",
        "Duration of the project (months)",
    ),
    Field(
        "status",
        "string",
        False,
        "สถานะของโครงการ (รหัส): funded (ได้รับทุน ก่อนระบบติดตามทุน), agreement_pending "
        "(รอลงนามสัญญา), active (ดำเนินโครงการ), suspended (ระงับชั่วคราว), closed (ปิดโครงการ), "
        "cancelled (ยกเลิก)",
        "Status of the project (code): funded (awarded before the portal followed its grant), "
        "agreement_pending, active, suspended, closed, cancelled",
    ),
    Field("url", "string", False, "หน้าเว็บของโครงการ", "The project's web page"),
]
FIELD_NAMES = [field.name for field in DICTIONARY]


# What a record reads of each project: plain values, no model instances (20,000 projects
# would make 200,000 of them); the few calls, provinces and sectors are looked up.
COLUMNS = (
    "pk",
    "reference",
    "title",
    "summary",
    "organisation__name",
    "organisation__type",
    "area_id",
    "primary_sector_id",
    "call_id",
    "amount",
    "duration_months",
)


@dataclass(frozen=True)
class _Call:
    code: str
    title_th: str
    title_en: str
    programme: str
    published: date


def _calls(ids: set[int]) -> dict[int, _Call]:
    calls = Call.objects.filter(pk__in=ids).select_related("programme", "publication")
    return {
        call.pk: _Call(
            call.code,
            call.title_th,
            call.title_en or call.title_th,
            call.programme.code,
            timezone.localtime(call.publication.published_at).date(),
        )
        for call in calls
    }


def _sector_codes(queryset, codes: dict[int, str]) -> dict[int, list[str]]:
    links = Proposal.sectors.through.objects.filter(
        proposal_id__in=queryset.order_by().values("pk")
    ).values_list("proposal_id", "sector_id")
    found = defaultdict(list)
    for proposal_id, sector_id in links:
        found[proposal_id].append(codes[sector_id])
    return {pk: sorted(items) for pk, items in found.items()}


def records(queryset, *, base_url: str) -> Iterator[dict]:
    """One record per funded project of `queryset` (queries.projects(), filtered), with
    exactly the dictionary's fields. Seven queries, whatever the number of projects (two of them
    the grants' facts)."""
    rows = list(queryset.values_list(*COLUMNS))
    facts = project_facts([row[0] for row in rows])
    provinces = {p.pk: p for p in Province.objects.all()}
    sector_code = dict(Sector.objects.values_list("pk", "code"))
    calls = _calls({row[8] for row in rows})
    sectors = _sector_codes(queryset, sector_code)
    # The project page's address, reversed once rather than 20,000 times.
    path = reverse("projects:project_detail", kwargs={"pk": 0}).removesuffix("0/")
    for pk, reference, title, summary, name, kind, area, sector, call_id, amount, months in rows:
        province = provinces.get(area)
        call = calls[call_id]
        yield {
            "reference": reference,
            "title": one_line(title),
            "summary": one_line(summary),
            # An individual's name is personal data (queries.public_organisation).
            "organisation": None if kind == ApplicantType.INDIVIDUAL else one_line(name),
            "organisation_type": kind,
            "province_code": province.code if province else None,
            "province_th": province.name_th if province else None,
            "province_en": province.name_en if province else None,
            "region": province.region if province else None,
            "primary_sector": sector_code.get(sector),
            "sectors": sectors.get(pk, []),
            "programme": call.programme,
            "call_code": call.code,
            "call_title_th": call.title_th,
            "call_title_en": call.title_en,
            "year": call.published.year,
            "results_published": call.published.isoformat(),
            "amount_awarded": float(amount),
            "duration_months": months,
            "status": facts[pk].status,
            "url": f"{base_url}{path}{pk}/",
        }


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return neutralise(value)


def csv_text(rows: Iterable[dict]) -> Iterator[str]:
    """The records as CSV in UTF-8 with a byte-order mark, so Excel opens the Thai intact;
    yields the text piece by piece, a header row first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(FIELD_NAMES)
    yield BOM + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_cell(row[name]) for name in FIELD_NAMES])
        yield buffer.getvalue()


def dictionary_rows() -> list[dict]:
    return [
        {
            "field": f.name,
            "type": f.type,
            "nullable": f.nullable,
            "description_th": f.th,
            "description_en": f.en,
        }
        for f in DICTIONARY
    ]


def publisher() -> dict:
    return {"th": settings.RESULTS_ISSUER_TH, "en": settings.RESULTS_ISSUER_EN}


def plain_csv(lines: list[list]) -> str:
    """Rows as CSV text in UTF-8 with a byte-order mark (for Excel)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(lines)
    return BOM + buffer.getvalue()
