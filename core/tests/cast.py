"""The named test cast: who they are and what each may do."""

from dataclasses import dataclass

from accounts.choices import Role
from accounts.models import User
from core.choices import RegionLevel
from core.tests.factories import RegionFactory, UserFactory

PASSWORD = "pass-for-tests-1"


def seed_regions():
    """Liaoning → Anshan → Haicheng, Tiedong; Heilongjiang → Shuangyashan → Jianshan."""
    liaoning = RegionFactory(code="210000", name_zh="辽宁省", name_en="Liaoning", level="province")
    anshan = RegionFactory(
        code="210300", name_zh="鞍山市", name_en="Anshan", level=RegionLevel.CITY, parent=liaoning
    )
    haicheng = RegionFactory(
        code="210381", name_zh="海城市", name_en="Haicheng City", parent=anshan
    )
    tiedong = RegionFactory(
        code="210302", name_zh="铁东区", name_en="Tiedong District", parent=anshan
    )
    heilongjiang = RegionFactory(
        code="230000", name_zh="黑龙江省", name_en="Heilongjiang", level="province"
    )
    shuangyashan = RegionFactory(
        code="230500",
        name_zh="双鸭山市",
        name_en="Shuangyashan",
        level=RegionLevel.CITY,
        parent=heilongjiang,
    )
    jianshan = RegionFactory(
        code="230502", name_zh="尖山区", name_en="Jianshan District", parent=shuangyashan
    )
    return locals()


@dataclass
class Cast:
    administrator: User  # sees and changes everything
    office: User  # Anshan project office: the whole city subtree
    county: User  # Haicheng county office: only Haicheng
    county2: User  # Tiedong county office: only Tiedong
    unit: User  # a project unit in Haicheng: its own projects only
    department: User  # Anshan natural-resources bureau: problems assigned to it
    leader: User  # Anshan vice mayor: reads dashboards and own projects
    other_city: User  # Shuangyashan project office: nothing in Anshan
    regions: dict


def make_cast():
    regions = seed_regions()

    def person(username, role, region):
        return UserFactory(username=username, role=role, region=regions.get(region))

    return Cast(
        administrator=person("admin", Role.ADMINISTRATOR, None),
        office=person("office", Role.PROJECT_OFFICE, "anshan"),
        county=person("county", Role.COUNTY_OFFICE, "haicheng"),
        county2=person("county2", Role.COUNTY_OFFICE, "tiedong"),
        unit=person("unit", Role.PROJECT_UNIT, "haicheng"),
        department=person("department", Role.DEPARTMENT, "anshan"),
        leader=person("leader", Role.LEADER, "anshan"),
        other_city=person("other_city", Role.PROJECT_OFFICE, "shuangyashan"),
        regions=regions,
    )
