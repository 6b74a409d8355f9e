from django.urls import path

from . import views

app_name = "units"

urlpatterns = [
    path("", views.unit_list, name="list"),
    path("new/", views.unit_create, name="create"),
    path("merge/", views.unit_merge, name="merge"),
    path("import/", views.unit_import, name="import"),
    path("import/template.csv", views.unit_import_template, name="import_template"),
    path("<int:pk>/", views.unit_detail, name="detail"),
    path("<int:pk>/rename/", views.unit_rename, name="rename"),
    path("<int:pk>/move/", views.unit_move, name="move"),
    path("<int:pk>/split/", views.unit_split, name="split"),
    path("<int:pk>/dissolve/", views.unit_dissolve, name="dissolve"),
    path("<int:pk>/head/", views.unit_head, name="head"),
    path("scheduled/<int:pk>/cancel/", views.scheduled_cancel, name="scheduled_cancel"),
]
