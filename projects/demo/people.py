"""The demo people and key-project lists: who they are, and creating them."""

from projects.choices import ListLevel
from projects.demo.constants import ANLU, ANSHAN, SHUANGYASHAN, YEARS
from projects.models import Person, ProjectList

# Key-project lists, per city: (name, level, issuing region). Each exists for 2023 and 2024,
# with a "春季集中开工" batch of the city's own list. Shuangyashan's 2023 list is the one of
# article 002 (201 projects, 52 provincial, 107 started in spring); Anshan's municipal list is its
# "521" list of article 000.
CITY_LISTS = {
    ANSHAN: {
        "main": ("鞍山市重点项目", ListLevel.MUNICIPAL, "210300"),
        "province": ("辽宁省重点项目", ListLevel.PROVINCIAL, "210000"),
    },
    SHUANGYASHAN: {
        "main": ("双鸭山市重点项目", ListLevel.MUNICIPAL, "230500"),
        "province": ("黑龙江省重点项目", ListLevel.PROVINCIAL, "230000"),
    },
    ANLU: {
        "main": ("安陆市重点项目", ListLevel.COUNTY, "420982"),
        "xiaogan": ("孝感市重点项目", ListLevel.MUNICIPAL, "420900"),
        "province": ("湖北省重点项目", ListLevel.PROVINCIAL, "420000"),
    },
}
SPRING = "春季集中开工"

# Demo users who also appear as people (working-group members, leaders): username → title.
USER_PEOPLE = {
    "leader": "副市长",
    "office": "重点项目办主任",
    "department": "副局长",
    "commissioner": "服务专员",
    "county": "发改局局长",
    "county2": "发改局局长",
    "sys_office": "重点项目办主任",
    "anlu_office": "发改局局长",
    "unit": "项目负责人",
}
# All names below are invented for the demo (key, name, title, organisation, region).
PEOPLE = [
    # municipal leaders who "package" projects (a vice mayor per project)
    ("as_vm1", "刘振东", "副市长", "鞍山市人民政府", ANSHAN),
    ("as_vm2", "高明远", "副市长", "鞍山市人民政府", ANSHAN),
    ("sys_vm1", "韩志强", "副市长", "双鸭山市人民政府", SHUANGYASHAN),
    ("sys_vm2", "马春雷", "副市长", "双鸭山市人民政府", SHUANGYASHAN),
    ("sys_vm3", "罗丽华", "副市长", "双鸭山市人民政府", SHUANGYASHAN),
    ("al_vm1", "黄建平", "副市长", "安陆市人民政府", ANLU),
    ("al_vm2", "程志刚", "副市长", "安陆市人民政府", ANLU),
    # heads of development zones, responsible for the projects inside them
    ("sys_kfq", "于海涛", "主任", "双鸭山经济技术开发区管委会", SHUANGYASHAN),
    ("al_kfq", "罗晓军", "主任", "安陆经济开发区管委会", ANLU),
    # working-group members from the departments
    ("as_eco", "石磊", "副局长", "鞍山市生态环境局", ANSHAN),
    ("as_build", "唐俊", "副局长", "鞍山市住房和城乡建设局", ANSHAN),
    ("as_power", "何平", "副经理", "鞍山供电公司", ANSHAN),
    ("sys_drc", "邹明", "科长", "双鸭山市发展和改革委员会", SHUANGYASHAN),
    ("sys_land", "田野", "副局长", "双鸭山市自然资源局", SHUANGYASHAN),
    ("sys_promo", "曹阳", "副局长", "双鸭山市经济合作促进局", SHUANGYASHAN),
    ("sys_env", "梁宇", "副局长", "双鸭山市营商环境建设监督局", SHUANGYASHAN),
    ("al_promo", "胡敏", "副主任", "安陆市招商服务中心", ANLU),
    ("al_land", "汪涛", "副局长", "安陆市自然资源和规划局", ANLU),
    ("al_eco", "刘畅", "副局长", "安陆市经济和信息化局", ANLU),
]
# The head of each county or district: the responsible person of its projects (invented names).
COUNTY_HEADS = {
    "210302": "孟庆国",
    "210303": "孙立新",
    "210304": "段宏伟",
    "210311": "潘志军",
    "210321": "郭海峰",
    "210323": "关玉成",
    "210381": "董振宇",
    "230502": "许文斌",
    "230503": "白云峰",
    "230505": "赵德胜",
    "230506": "邓志远",
    "230521": "杨立国",
    "230522": "蒋春生",
    "230523": "宋国庆",
    "230524": "姜海波",
    "420982": "熊卫东",
}
LEADERS = {
    ANSHAN: ["leader", "as_vm1", "as_vm2"],
    SHUANGYASHAN: ["sys_vm1", "sys_vm2", "sys_vm3"],
    ANLU: ["al_vm1", "al_vm2"],
}


def make_people(regions, users):
    """Create the demo people, by key: demo users who act as people, officials, county heads."""
    people = {}
    for username, title in USER_PEOPLE.items():
        user = users.get(username)
        if user is None or Person.objects.filter(user=user).exists():
            continue
        people[username] = _person(
            name=f"{user.last_name}{user.first_name}",
            title=title,
            organisation=user.organisation,
            region=user.region or regions[ANSHAN],
            user=user,
        )
    for key, name, title, organisation, region in PEOPLE:
        people[key] = _person(name, title, organisation, regions[region])
    for code, name in COUNTY_HEADS.items():
        region = regions[code]
        title = {"区": "区长", "县": "县长"}.get(region.name_zh[-1], "市长")
        people[code] = _person(name, title, f"{region.name_zh}人民政府", region)
    return people


def make_lists(regions):
    """Create the key-project lists, by (city, kind, year); kind "spring" is the spring batch."""
    lists = {}
    for city, city_lists in CITY_LISTS.items():
        for year in YEARS:
            for kind, (name, level, region) in city_lists.items():
                lists[(city, kind, year)] = _project_list(regions, name, level, year, "", region)
            name, level, region = city_lists["main"]
            lists[(city, "spring", year)] = _project_list(
                regions, name, level, year, SPRING, region
            )
    return lists


def _person(name, title, organisation, region, user=None):
    person = Person(name=name, title=title, organisation=organisation, region=region, user=user)
    person.full_clean()
    person.save()
    return person


def _project_list(regions, name, level, year, batch, region):
    project_list = ProjectList(
        name=name, level=level, year=year, batch=batch, region=regions[region]
    )
    project_list.full_clean()
    project_list.save()
    return project_list
