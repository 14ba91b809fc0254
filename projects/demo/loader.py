"""Load the demo projects: people, lists, the seed projects, then the generated ones."""

import datetime
import random
from decimal import Decimal

from django.db import transaction

from accounts.models import User
from core.changelog import acting_as
from core.models import Industry, Region
from core.validators import CREDIT_CODE_CHARS, credit_code_check_character
from projects.demo.constants import ANLU, ANSHAN, GOV, LAST_EVENT, SHUANGYASHAN, START
from projects.demo.generated import Generator
from projects.demo.people import COUNTY_HEADS, USER_PEOPLE, make_lists, make_people
from projects.demo.seeds import FENGFAN_CODE, SEEDS
from projects.demo.vocabulary import PLACE
from projects.models import Membership, Project
from projects.services import (
    change_status,
    fill_plan_from_templates,
    resume_project,
    stall_project,
)

# GB 11714 organisation codes: their characters and the weights of the check character.
ORG_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


@transaction.atomic
def load(stdout):
    if Project.objects.filter(code=FENGFAN_CODE).exists():
        stdout.write("demo projects: already loaded")
        return
    regions = {r.code: r for r in Region.objects.all()}
    missing = {ANSHAN, SHUANGYASHAN, ANLU, *COUNTY_HEADS} - set(regions)
    if missing:
        raise LookupError(f"Regions {sorted(missing)} are missing: run manage.py load_reference.")
    industries = {i.code: i for i in Industry.objects.filter(level="division")}
    if not industries:
        raise LookupError("GB/T 4754 divisions are missing: run manage.py load_reference.")
    users = {u.username: u for u in User.objects.filter(username__in=[*USER_PEOPLE, "office"])}
    if "office" not in users:
        raise LookupError("The demo user 'office' is missing: load accounts.demo first.")
    loader = Loader(regions, industries, users)
    with acting_as(users["office"]):
        loader.run()
    stdout.write(
        f"demo projects: {loader.project_count} projects, {len(loader.lists)} lists, "
        f"{loader.membership_count} memberships, {len(loader.people)} people (created)"
    )


class Loader:
    def __init__(self, regions, industries, users):
        self.regions, self.industries, self.users = regions, industries, users
        self.actor = users["office"]
        self.rng = random.Random(2023)
        self.people, self.lists, self.seen_names = {}, {}, set()
        self.codes, self.credit_codes = set(), {}
        self.project_count = self.membership_count = 0
        self.unit_projects = []

    def run(self):
        self.people = make_people(self.regions, self.users)
        self.lists = make_lists(self.regions)
        made = {}
        for spec in SEEDS:
            spec = dict(spec, parent=made.get(spec.get("parent")))
            made[spec["key"]] = self.create(spec, plan_milestones=True)
        generator = Generator(self.rng, self.regions, self.seen_names, self.codes)
        for spec in generator.specs():
            made[spec["key"]] = self.create(dict(spec, parent=made.get(spec.get("parent"))))
        unit = self.users.get("unit")
        if unit:
            for project in self.unit_projects:
                project.unit_members.add(unit)

    # one project ----------------------------------------------------------------------------

    def create(self, spec, plan_milestones=False):
        region = self.regions[spec["region"]]
        investor = spec.get("investor", "")
        credit = ""
        if spec.get("credit") is True:
            where = spec["region"]
            if spec["source"] != GOV and PLACE[where] in ("鞍山", "双鸭山"):
                where = _city_of(where)  # a city-wide company registers with the city
            credit = self.credit_code(investor, where, spec["source"])
        elif spec.get("credit"):
            credit = spec["credit"]
        start, completion = spec["planned"]
        project = Project(
            name=spec["name"],
            code=spec.get("code"),
            region=region,
            industry=self.industries[spec["industry"]],
            category=spec["category"],
            nature=spec["nature"],
            source=spec["source"],
            investor_name=investor,
            investor_credit_code=credit,
            total_investment=Decimal(spec["total"]),
            planned_start=start,
            planned_completion=completion,
            capacity=_decimal(spec.get("capacity")),
            capacity_unit=spec.get("unit", ""),
            promised_sales=_decimal(spec.get("sales")),
            promised_profit=_decimal(spec.get("profit")),
            promised_tax=_decimal(spec.get("tax")),
            promised_jobs=spec.get("jobs"),
            promised_output_value=_decimal(spec.get("output")),
            parent=spec.get("parent"),
            description=spec.get("description", ""),
            leader=self.people.get(spec.get("leader")),
            responsible_person=self.people.get(spec.get("head")),
            responsible_unit=spec.get("resp_unit", ""),
        )
        project.full_clean()
        project.save()
        self.project_count += 1
        if project.code:
            self.codes.add(project.code)
        self.seen_names.add(project.name)
        group = [self.people[key] for key in spec.get("group", []) if key in self.people]
        if group:
            project.working_group.set(group)
        for event in spec["history"]:
            self.apply(project, event)
        if plan_milestones:
            project.refresh_from_db()
            self.plan(project, spec)
        self.join_lists(project, spec)
        if spec.get("unit_member"):
            self.unit_projects.append(project)
        return project

    def apply(self, project, event):
        kind, on, *rest = event
        reason = rest[0] if rest else ""
        if kind == "stall":
            stall_project(project, on=on, reason=reason, actor=self.actor)
        elif kind == "resume":
            resume_project(project, on=on, reason=reason, actor=self.actor)
        else:
            change_status(project, kind, on=on, reason=reason, actor=self.actor)

    def plan(self, project, spec):
        """The category's milestones: those before today's state done, some later ones overdue."""
        milestones = fill_plan_from_templates(project, actor=self.actor)
        # The templates assume a one-year build: stretch the later nodes to the planned span.
        begin, end = project.planned_start, project.planned_completion
        ends = [m for m in milestones if m.oc4ids_code == "completion"]
        template_span = (ends[0].due_date - begin).days if ends else 0
        if end and template_span > 0:
            for milestone in milestones:
                offset = (milestone.due_date - begin).days
                if offset > 0:
                    stretched = round(offset * (end - begin).days / template_span)
                    milestone.due_date = begin + datetime.timedelta(days=stretched)
                    milestone.save(update_fields=["due_date"])
        history = {event[0]: event[1] for event in spec["history"]}
        started = project.actual_start
        finished = project.actual_completion
        producing = history.get("in_production")
        late = set(spec.get("overdue", []))
        for milestone in milestones:
            due, done = milestone.due_date, None
            if milestone.oc4ids_code == "commencement":
                done = started
            elif milestone.oc4ids_code == "completion":
                done = finished
            elif milestone.oc4ids_code == "commissioning":
                done = producing
            elif milestone.name in late:
                done = None
            elif started and due <= started:
                done = min(due + datetime.timedelta(days=self.rng.randint(-5, 12)), started)
            elif finished:
                done = min(due + datetime.timedelta(days=self.rng.randint(0, 30)), finished)
            elif started and due < LAST_EVENT and self.rng.random() < 0.6:
                done = min(due + datetime.timedelta(days=self.rng.randint(0, 45)), LAST_EVENT)
            elif not started and due < LAST_EVENT and self.rng.random() < 0.5:
                done = due + datetime.timedelta(days=self.rng.randint(0, 20))
            if done:
                milestone.done_date = min(done, LAST_EVENT)
                milestone.save(update_fields=["done_date"])

    def join_lists(self, project, spec):
        city = _city_of(spec["region"])
        total = spec["total"]
        provincial = spec.get("provincial")
        if provincial is None:
            provincial = total >= (50000 if city == ANLU else 100000)
        first_start = next((e[1] for e in spec["history"] if e[0] == "started"), None)
        for year, (amount, plan) in spec["plans"].items():
            kinds = ["main"]
            if provincial and not spec.get("phase"):
                kinds.append("province")
            if city == ANLU and total >= 10000 and not spec.get("phase"):
                kinds.append("xiaogan")
            start = first_start if first_start and first_start.year == year else None
            start = start or (project.planned_start if project.planned_start.year == year else None)
            if plan == START and start and start.month in (3, 4, 5):
                kinds.append("spring")
            for kind in kinds:
                membership = Membership(
                    project_list=self.lists[(city, kind, year)],
                    project=project,
                    annual_plan=Decimal(amount),
                    plan=plan,
                )
                membership.save()
                self.membership_count += 1

    # codes ----------------------------------------------------------------------------------

    def credit_code(self, name, region_code, source):
        """The same investor keeps its code; agencies register as 11…, enterprises as 91…."""
        if name in self.credit_codes:
            return self.credit_codes[name]
        rng = self.rng
        if source == GOV:
            prefix, body = "11", "".join(rng.choice("0123456789") for _ in range(8))
        elif rng.random() < 0.7:  # registered since 2015: organisation code "MA…"
            prefix, body = "91", "MA" + "".join(rng.choice(CREDIT_CODE_CHARS) for _ in range(6))
        else:
            prefix, body = "91", "".join(rng.choice("0123456789") for _ in range(8))
        first17 = prefix + region_code + _organisation_code(body)
        code = first17 + credit_code_check_character(first17)
        self.credit_codes[name] = code
        return code


# helpers ------------------------------------------------------------------------------------


def _decimal(value):
    return None if value is None else Decimal(str(value))


def _city_of(county):
    return ANLU if county == ANLU else county[:4] + "00"


def _organisation_code(body):
    """GB 11714: eight characters and their check character (0–9 or X)."""
    total = sum(ORG_CHARS.index(c) * w for c, w in zip(body, ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))
