"""The generated province's people: provincial and city leaders, county heads and deputies."""

from projects.models import Person
from projects.province.names import full_name

COLUMNS = ["name", "title", "organisation", "phone", "region_id", "user_id"]
HEAD = {"区": "区长", "县": "县长", "市": "市长", "旗": "旗长"}


def generate(ctx, namer):
    """Write the people; ``ctx.people`` maps a region id to the ids of its people."""
    specs = [(ctx.province, "副省长", 3)]
    specs += [(city, "副市长", 3) for city in ctx.cities]
    rows, people = [], {}
    for region, title, count in specs:
        office = f"{full_name(region)}人民政府"
        for _ in range(count):
            rows.append((namer.person(), title, office, region.pk))
            people.setdefault(region.pk, []).append(len(rows) - 1)
    for county in ctx.counties:
        head = HEAD.get(county.name_zh[-1], "县长")
        office = f"{county.name_zh}人民政府"
        for title in (head, f"副{head}", "发展和改革局局长"):
            rows.append((namer.person(), title, office, county.pk))
            people.setdefault(county.pk, []).append(len(rows) - 1)
    rows = [(name, title, office, "", region, None) for name, title, office, region in rows]
    ids = ctx.write(Person, COLUMNS, rows)
    ctx.people = {region: [ids[i] for i in indexes] for region, indexes in people.items()}
