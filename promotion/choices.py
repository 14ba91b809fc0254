"""Codes of investment promotion: activity kinds, target regions, lead stages, chain segments."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    OUTBOUND = "outbound", _("Outbound visit")
    DELEGATION = "delegation", _("Incoming delegation")
    CONFERENCE = "conference", _("Promotion conference or expo")
    ONLINE = "online", _("Online meeting")
    SIGNING = "signing", _("Signing ceremony")


class TargetRegion(models.TextChoices):
    BEIJING_TIANJIN_HEBEI = "bth", _("Beijing–Tianjin–Hebei")
    YANGTZE_DELTA = "yrd", _("Yangtze River Delta")
    GREATER_BAY = "gba", _("Greater Bay Area")
    OTHER = "other", _("Another province or city")


class Stage(models.TextChoices):
    LEAD = "lead", _("Lead")
    ASSESSMENT = "assessment", _("Assessment")
    NEGOTIATION = "negotiation", _("Negotiation")
    SIGNED = "signed", _("Signed")
    REGISTERED = "registered", _("Registered")
    STARTED = "started", _("Started")
    ON_HOLD = "on_hold", _("On hold")
    LOST = "lost", _("Lost")


# The pipeline in order; on hold and lost stand beside it and need a reason.
PIPELINE = [
    Stage.LEAD,
    Stage.ASSESSMENT,
    Stage.NEGOTIATION,
    Stage.SIGNED,
    Stage.REGISTERED,
    Stage.STARTED,
]
ASIDE = {Stage.ON_HOLD, Stage.LOST}


class Segment(models.TextChoices):
    UPSTREAM = "upstream", _("Upstream")
    MIDSTREAM = "midstream", _("Midstream")
    DOWNSTREAM = "downstream", _("Downstream")
