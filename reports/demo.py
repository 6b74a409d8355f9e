"""Demo documents: seed 002's remediation letter as a draft, and issued documents of the 2021 plan."""

import datetime

from inspections.models import InspectionPlan
from units.models import User

from . import services
from .models import Document, DocumentKind, NumberCounter
from .numbering import SHARED_SERIES

D = datetime.date


def load(plans: dict) -> None:
    plan: InspectionPlan = plans["2021"]
    if Document.objects.filter(plan=plan).exists():
        return
    leader = User.objects.get(username="truongdoan")
    # Sở KH&CN had issued eight documents in 2021 before its plan, which became no. 09.
    NumberCounter.objects.update_or_create(issuer=plan.issuer, series=SHARED_SERIES, year=2021, defaults={"last": 8})
    cctdc = plan.visits.get(unit__code="CCTĐC")
    issued = [
        (DocumentKind.PLAN, None, D(2021, 2, 23)),
        (DocumentKind.TEAM_DECISION, None, D(2021, 3, 1)),
        (DocumentKind.MINUTES, cctdc, D(2021, 9, 14)),
        (DocumentKind.CONCLUSION, cctdc, D(2021, 9, 30)),
    ]
    for kind, visit, day in issued:
        document = services.document_create(actor=leader, kind=kind, plan=plan, visit=visit)
        services.document_issue(actor=leader, document=document, issued_on=day, expected_version=document.version)
    # Seed 002: the letter itself, still a draft (its number and date are left blank).
    services.document_create(actor=leader, kind=DocumentKind.REMEDIATION_LETTER, plan=plan)
