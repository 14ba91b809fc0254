"""The OC4IDS 0.9 project package of the projects on a year's key-project lists."""

import datetime
import json
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from core.scoping import region_prefix
from projects.choices import OC4IDS_STATUS, Category, Nature
from projects.models import Membership, Project

VERSION = "0.9"
PUBLISHER = "Groundbreak"
LANGUAGE = "zh"  # names are exported in Chinese whatever the interface language
CURRENCY = "CNY"
PROJECT_CODE_SCHEME = "CN-GBT40058"  # 项目代码, GB/T 40058-2021
REGION_SCHEME = "GB/T 2260"
INDUSTRY_SCHEME = "GB/T 4754-2017"
CREDIT_CODE_SCHEME = "CN-USCI"  # org-id.guide's code for the unified social credit code

# projectType codes. A relocation builds a new plant to replace the one it leaves;
# a technical upgrade renews an asset that exists.
PROJECT_TYPE = {
    Nature.NEW: "construction",
    Nature.CONTINUING: "construction",
    Nature.EXPANSION: "expansion",
    Nature.UPGRADE: "rehabilitation",
    Nature.RELOCATION: "replacement",
}

# projectSector codes of a category, used when the industry does not say more.
CATEGORY_SECTORS = {
    Category.INDUSTRIAL: ["economy"],
    Category.INFRASTRUCTURE: ["transport"],
    Category.SOCIAL: ["governance"],
    Category.URBAN: ["transport", "transport.urban"],
    Category.AGRICULTURE: ["economy"],
    Category.ECOLOGY: ["naturalResources"],
    Category.OTHER: ["economy"],
}

# projectSector codes of GB/T 4754-2017 divisions and sections that name an infrastructure
# sector; the category is too coarse to tell a power line from a road.
INDUSTRY_SECTORS = {
    "44": ["energy"],
    "45": ["energy"],
    "46": ["waterAndWaste"],
    "53": ["transport", "transport.rail"],
    "54": ["transport", "transport.road"],
    "55": ["transport", "transport.water"],
    "56": ["transport", "transport.air"],
    "60": ["communications"],
    "76": ["naturalResources"],
    "77": ["naturalResources"],
    "D": ["energy"],
    "G": ["transport"],
    "I": ["communications"],
    "P": ["education"],
    "Q": ["health"],
    "R": ["cultureSportsAndRecreation"],
    "S": ["governance"],
}

LEADER_ROLE = (
    "publicAuthority"  # the city leader answers for the project on the government's behalf
)
RESPONSIBLE_ROLE = "administrativeEntity"  # the responsible person and the working group run it
INVESTOR_ROLE = "funder"


def project_package(projects, *, year, uri):
    """The package of the given projects that sit on a list of ``year``, as a JSON-ready dict."""
    now = timezone.now()
    projects = (
        projects.filter(memberships__project_list__year=year)
        .distinct()
        .select_related(
            "region__parent__parent",
            "industry__parent",
            "leader",
            "responsible_person",
        )
        .prefetch_related(
            "working_group",
            "milestones",
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(project_list__year=year).select_related(
                    "project_list"
                ),
                to_attr="year_memberships",
            ),
        )
    )
    return {
        "uri": uri,
        "publishedDate": now.isoformat(),
        "publisher": {"name": PUBLISHER},
        "version": VERSION,
        "projects": [_project(project, year=year, now=now) for project in projects],
    }


def in_region(projects, region):
    """The projects in the region's subtree."""
    return projects.filter(region__code__startswith=region_prefix(region))


def dumps(package):
    return json.dumps(package, ensure_ascii=False, indent=2)


def _project(project: Project, *, year, now):
    data = {
        "id": f"gb-{project.pk}",
        "updated": project.updated_at.isoformat(),
        "language": LANGUAGE,
        "title": project.name,
        "description": project.description,
        "status": OC4IDS_STATUS[project.status],
        "type": PROJECT_TYPE[project.nature],
        "sector": _sectors(project),
        "identifiers": [{"id": project.code, "scheme": PROJECT_CODE_SCHEME}]
        if project.code
        else None,
        "additionalClassifications": [
            {
                "scheme": REGION_SCHEME,
                "id": project.region.code,
                "description": project.region.name_zh,
            },
            {
                "scheme": INDUSTRY_SCHEME,
                "id": project.industry.code,
                "description": project.industry.name_zh,
            },
        ],
        "locations": [_location(project)],
        "budget": {"amount": _value(project.total_investment)},
        "period": _period(project.planned_start, project.planned_completion),
        "completion": {"endDate": _datetime(project.actual_completion)}
        if project.actual_completion
        else None,
        "forecasts": _forecasts(project, year),
        "milestones": [_milestone(m, now=now) for m in project.milestones.all()] or None,
    }
    parties = _parties(project)
    data["parties"] = parties or None
    if project.leader_id:
        leader = next(p for p in parties if p["id"] == _person_id(project.leader))
        data["publicAuthority"] = {"id": leader["id"], "name": leader["name"]}
    # OC4IDS forbids empty strings, arrays and objects: leave out what is not known.
    return {key: value for key, value in data.items() if value}


def _sectors(project):
    industry = project.industry
    sectors = INDUSTRY_SECTORS.get(industry.code)
    if sectors is None and industry.parent_id:
        sectors = INDUSTRY_SECTORS.get(industry.parent.code)
    return sectors or CATEGORY_SECTORS[project.category]


def _location(project):
    county = province = project.region
    while province.parent_id:
        province = province.parent
    address = {"locality": county.name_zh, "countryName": "中国"}
    if project.address:
        address["streetAddress"] = project.address
    if province != county:
        address["region"] = province.name_zh
    return {"id": "1", "description": project.address or county.name_zh, "address": address}


def _forecasts(project, year):
    observations = [
        {
            "id": f"list-{membership.project_list_id}",
            "period": {
                "startDate": _datetime(datetime.date(year, 1, 1)),
                "endDate": _datetime(datetime.date(year, 12, 31)),
            },
            "value": _value(membership.annual_plan),
            "notes": str(membership.project_list),
            "dimensions": {
                "year": year,
                "list": membership.project_list.name,
                "level": membership.project_list.level,
            },
        }
        for membership in project.year_memberships
    ]
    if not observations:
        return None
    return [
        {
            "id": "financialProgress",
            "title": f"{year}年度计划投资",
            "description": "项目所在各重点项目清单的年度计划投资",
            "observations": observations,
        }
    ]


def _parties(project):
    """One party per person, with every role they hold, then the investor."""
    parties = {}

    def add(person, role):
        party = parties.setdefault(_person_id(person), _person_party(person))
        if role not in party["roles"]:
            party["roles"].append(role)

    if project.leader_id:
        add(project.leader, LEADER_ROLE)
    if project.responsible_person_id:
        add(project.responsible_person, RESPONSIBLE_ROLE)
    for member in project.working_group.all():
        add(member, RESPONSIBLE_ROLE)
    result = list(parties.values())
    if project.investor_name:
        result.append(_investor_party(project))
    return result


def _person_id(person):
    return f"person-{person.pk}"


def _person_party(person):
    # A party is an organisation; the person acts in it. Phone numbers stay out of an
    # export meant for publication.
    someone = {"id": str(person.pk), "name": person.name}
    if person.title:
        someone["jobTitle"] = person.title
    return {
        "id": _person_id(person),
        "name": person.organisation or person.name,
        "roles": [],
        "people": [someone],
    }


def _investor_party(project):
    party = {"id": "investor", "name": project.investor_name, "roles": [INVESTOR_ROLE]}
    if project.investor_credit_code:
        party["id"] = f"{CREDIT_CODE_SCHEME}-{project.investor_credit_code}"
        party["identifier"] = {
            "scheme": CREDIT_CODE_SCHEME,
            "id": project.investor_credit_code,
            "legalName": project.investor_name,
        }
    return party


def _milestone(milestone, *, now):
    data = {
        "id": str(milestone.pk),
        "title": milestone.name,
        "type": milestone.oc4ids_type,
        "dueDate": _datetime(milestone.due_date),
    }
    if milestone.oc4ids_code:
        data["code"] = milestone.oc4ids_code
    if milestone.done_date:
        data["status"] = "met"
        data["dateMet"] = _datetime(milestone.done_date)
    else:
        overdue = milestone.is_overdue(timezone.localdate(now))
        data["status"] = "notMet" if overdue else "scheduled"
        # notMet and scheduled are judged as of the export.
        data["dateModified"] = now.isoformat()
    return data


def _period(start, end):
    period = {}
    if start:
        period["startDate"] = _datetime(start)
    if end:
        period["endDate"] = _datetime(end)
    return period or None


def _value(amount_wan):
    """An amount in 万元 as OC4IDS wants it: a number of yuan."""
    yuan = Decimal(amount_wan) * 10000
    amount = int(yuan) if yuan == yuan.to_integral_value() else float(round(yuan, 2))
    return {"amount": amount, "currency": CURRENCY}


def _datetime(date):
    """OC4IDS dates are date-times: midnight of the day, local time."""
    midnight = datetime.datetime.combine(date, datetime.time.min)
    return timezone.make_aware(midnight, timezone.get_default_timezone()).isoformat()
