from django.urls import path

from .views import documents, series

app_name = "reports"

urlpatterns = [
    path("", documents.document_list, name="list"),
    path("new/<int:plan_pk>/", documents.document_create, name="create"),
    path("reports/new/", documents.report_create, name="report_create"),
    path("<int:pk>/", documents.document_detail, name="detail"),
    path("<int:pk>/preview/", documents.document_preview, name="preview"),
    path("<int:pk>/issue/", documents.document_issue, name="issue"),
    path("<int:pk>/withdraw/", documents.document_withdraw, name="withdraw"),
    path("<int:pk>/render/", documents.document_render, name="render"),
    path("<int:pk>/status/", documents.document_status, name="status"),
    path("<int:pk>/pdf/", documents.document_pdf, name="pdf"),
    path("register/", documents.register, name="register"),
    path("exports/", documents.export_create, name="export_create"),
    path("exports/<int:pk>/", documents.export_detail, name="export"),
    path("exports/<int:pk>/download/", documents.export_download, name="export_download"),
    path("exports/<int:pk>/again/", documents.export_again, name="export_again"),
    path("series/", series.series_list, name="series_list"),
    path("series/new/", series.series_create, name="series_create"),
    path("series/<int:pk>/", series.series_edit, name="series_edit"),
    path("series/<int:pk>/delete/", series.series_delete, name="series_delete"),
]
