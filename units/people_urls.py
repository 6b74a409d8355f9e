from django.urls import path

from . import account_views as views

app_name = "people"

urlpatterns = [
    path("", views.people_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/password/", views.person_password, name="password"),
    path("<int:pk>/active/", views.person_active, name="active"),
]
