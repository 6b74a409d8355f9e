from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("notifications/read-all/", views.notifications_mark_all_read, name="notifications_read_all"),
    path("spreadsheets/<int:pk>/", views.spreadsheet_detail, name="spreadsheet"),
    path("spreadsheets/<int:pk>/download/", views.spreadsheet_download, name="spreadsheet_download"),
]
