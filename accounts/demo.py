"""Demo users: one per role, in the regions of the seed articles (Anshan, Shuangyashan, Anlu)."""

from django.db import transaction

from accounts.choices import Role
from accounts.models import User
from core.changelog import acting_as
from core.models import Region

DEMO_PASSWORD = "groundbreak-demo"  # noqa: S105 - printed on purpose: demo data only

# username, role, region code, full name, organisation
DEMO_USERS = [
    ("admin", Role.ADMINISTRATOR, None, "系统管理员", "市发改委信息中心"),
    ("office", Role.PROJECT_OFFICE, "210300", "王建国", "鞍山市重点项目办"),
    ("promotion", Role.PROMOTION, "210300", "李招商", "鞍山市招商局"),
    ("county", Role.COUNTY_OFFICE, "210381", "赵海城", "海城市发改局"),
    ("county2", Role.COUNTY_OFFICE, "210302", "钱铁东", "铁东区发改局"),
    ("unit", Role.PROJECT_UNIT, "210381", "孙项目", "海城丰帆储能科技有限公司"),
    ("department", Role.DEPARTMENT, "210300", "周自然", "鞍山市自然资源局"),
    ("leader", Role.LEADER, "210300", "吴市长", "鞍山市人民政府"),
    ("commissioner", Role.COMMISSIONER, "210300", "郑专员", "鞍山市营商环境建设局"),
    ("sys_office", Role.PROJECT_OFFICE, "230500", "冯双鸭", "双鸭山市重点项目办"),
    ("anlu_office", Role.COUNTY_OFFICE, "420982", "陈安陆", "安陆市发改局"),
    ("sys_commissioner", Role.COMMISSIONER, "230500", "孙专员", "双鸭山市营商环境建设监督局"),
    ("anlu_commissioner", Role.COMMISSIONER, "420982", "周专员", "安陆市营商环境建设办公室"),
]

DEMO_REGIONS = ["210300", "230500", "420982"]


@transaction.atomic
def load(stdout):
    missing = set(DEMO_REGIONS) - set(
        Region.objects.filter(code__in=DEMO_REGIONS).values_list("code", flat=True)
    )
    if missing:
        raise LookupError(f"Regions {sorted(missing)} are missing: run manage.py load_reference.")
    regions = {r.code: r for r in Region.objects.all()}
    existing = set(User.objects.values_list("username", flat=True))
    created = 0
    with acting_as(None):
        for username, role, code, name, organisation in DEMO_USERS:
            if username in existing:
                continue
            user = User(
                username=username,
                role=role,
                region=regions.get(code),
                last_name=name[:1],
                first_name=name[1:],
                organisation=organisation,
                email=f"{username}@demo.groundbreak.local",
                is_superuser=role == Role.ADMINISTRATOR,
                is_staff=role == Role.ADMINISTRATOR,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            created += 1
    stdout.write(f"demo users: {len(DEMO_USERS)} (created {created})")
