"""Default milestone templates per category (an administrator can change them)."""

from django.db import migrations

# category: (name, OC4IDS type, OC4IDS code, days after planned start, responsible unit)
DEFAULTS = {
    "industrial": [
        ("项目备案", "approval", "projectApproval", -90, "发改部门"),
        ("用地预审与规划许可", "approval", "", -60, "自然资源部门"),
        ("环评批复", "approval", "", -45, "生态环境部门"),
        ("施工许可", "approval", "", -10, "住建部门"),
        ("开工建设", "delivery", "commencement", 0, ""),
        ("主体工程完工", "delivery", "", 180, ""),
        ("设备安装调试", "delivery", "", 270, ""),
        ("竣工验收", "delivery", "completion", 365, ""),
        ("投产", "delivery", "commissioning", 395, ""),
    ],
    "infrastructure": [
        ("立项批复", "approval", "projectApproval", -120, "发改部门"),
        ("初步设计批复", "approval", "", -60, "行业主管部门"),
        ("施工招标完成", "procurement", "", -20, "公共资源交易中心"),
        ("开工建设", "delivery", "commencement", 0, ""),
        ("主体工程完工", "delivery", "", 300, ""),
        ("竣工验收", "delivery", "completion", 540, ""),
    ],
}
GENERIC = [
    ("立项批复", "approval", "projectApproval", -60, "发改部门"),
    ("开工建设", "delivery", "commencement", 0, ""),
    ("竣工验收", "delivery", "completion", 365, ""),
]
CATEGORIES = ["industrial", "infrastructure", "social", "urban", "agriculture", "ecology", "other"]


def add_templates(apps, schema_editor):
    MilestoneTemplate = apps.get_model("projects", "MilestoneTemplate")
    MilestoneTemplate.objects.bulk_create(
        MilestoneTemplate(
            category=category,
            name=name,
            oc4ids_type=kind,
            oc4ids_code=code,
            days_after_start=days,
            responsible_unit=unit,
        )
        for category in CATEGORIES
        for name, kind, code, days, unit in DEFAULTS.get(category, GENERIC)
    )


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]
    operations = [migrations.RunPython(add_templates, migrations.RunPython.noop)]
