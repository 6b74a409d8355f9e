from django.urls import path

from .views import dashboard

app_name = "dashboard"

urlpatterns = [
    path("", dashboard.dashboard, name="index"),
    path("units/<int:pk>/", dashboard.unit_history, name="unit_history"),
]
