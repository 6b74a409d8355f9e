from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("new/<int:plan_pk>/", views.document_create, name="create"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/preview/", views.document_preview, name="preview"),
    path("<int:pk>/issue/", views.document_issue, name="issue"),
    path("<int:pk>/render/", views.document_render, name="render"),
    path("<int:pk>/status/", views.document_status, name="status"),
    path("<int:pk>/pdf/", views.document_pdf, name="pdf"),
    path("register/", views.register, name="register"),
    path("exports/", views.export_create, name="export_create"),
    path("exports/<int:pk>/", views.export_detail, name="export"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("exports/<int:pk>/again/", views.export_again, name="export_again"),
]
