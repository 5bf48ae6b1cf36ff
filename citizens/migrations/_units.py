"""Shared by 0005_units and 0006_units_required (its name starts with "_": not a migration)."""

import django.db.models.deletion
from django.db import models

MODELS = [
    "official",
    "contactoffice",
    "hotline",
    "citizensettings",
    "receptionschedule",
    "receptionsession",
    "feedback",
    "dailycounter",
    "feedbackattachment",
    "questiontopic",
    "question",
    "usefulnessvote",
]


def unit_field(null):
    return models.ForeignKey(
        editable=False,
        null=null,
        on_delete=django.db.models.deletion.CASCADE,
        related_name="+",
        to="portal.unit",
        verbose_name="đơn vị",
    )
