"""The test library: projects in Haicheng and Tiedong (Anshan) and Jianshan (Shuangyashan)."""

from dataclasses import dataclass

from projects.models import Project, ProjectList
from projects.tests.factories import MembershipFactory, ProjectFactory, ProjectListFactory


@dataclass
class Library:
    haicheng: Project  # Haicheng county; the demo project unit builds it
    tiedong: Project  # Tiedong district
    jianshan: Project  # Shuangyashan: out of Anshan's scope
    anshan_list: ProjectList  # Anshan 2024 municipal list with haicheng and tiedong


def make_library(cast):
    regions = cast.regions
    haicheng = ProjectFactory(name="丰帆储能装备制造项目", region=regions["haicheng"])
    haicheng.unit_members.add(cast.unit)
    tiedong = ProjectFactory(name="铁东智慧物流园", region=regions["tiedong"])
    jianshan = ProjectFactory(name="双鸭山石墨负极材料项目", region=regions["jianshan"])
    anshan_list = ProjectListFactory(name="鞍山市重点项目", region=regions["anshan"])
    MembershipFactory(project=haicheng, project_list=anshan_list)
    MembershipFactory(project=tiedong, project_list=anshan_list)
    return Library(haicheng, tiedong, jianshan, anshan_list)
