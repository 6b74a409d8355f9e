"""API v1: every app registers its viewsets on one router here."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from core.api_views import NotificationViewSet
from inspections.api.views import FindingViewSet, InspectionViewSet, PlanViewSet, ReformAreaViewSet
from remediation.api.views import DirectiveViewSet, TaskViewSet
from reports.api.stats import StatsView
from reports.api.views import DocumentViewSet
from units.api.tokens import TokenView
from units.api.views import MeView, UnitViewSet

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("reform-areas", ReformAreaViewSet, basename="reform-area")
router.register("plans", PlanViewSet, basename="plan")
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("findings", FindingViewSet, basename="finding")
router.register("directives", DirectiveViewSet, basename="directive")
router.register("tasks", TaskViewSet, basename="task")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("documents", DocumentViewSet, basename="document")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("me/", MeView.as_view(), name="me"),
    path("stats/", StatsView.as_view(), name="stats"),
    *router.urls,
]
