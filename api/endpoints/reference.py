"""Reference data: the 9 sectors, the 5 programmes, the 77 provinces. Short, fixed lists:
given whole, without pagination."""

from ninja import Query, Router

from grants.enums import Region
from grants.models import Programme, Province, Sector

from ..auth import PUBLIC
from ..schemas import ProvinceOut, Reference

router = Router(tags=["reference data"], auth=PUBLIC)


@router.get("/sectors/", response=list[Reference], summary="The social-innovation sectors")
def sectors(request):
    return Sector.objects.order_by("position", "code")


@router.get("/programmes/", response=list[Reference], summary="NIA's support programmes")
def programmes(request):
    return Programme.objects.order_by("position", "code")


@router.get("/provinces/", response=list[ProvinceOut], summary="The 77 provinces")
def provinces(request, region: Region | None = Query(None, description="Only this region.")):
    queryset = Province.objects.order_by("code")
    if region:
        queryset = queryset.filter(region=region)
    return queryset
