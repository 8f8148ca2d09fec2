"""Back-office addresses of the dossier app, mounted at /verwaltung/dossiers/ by wagtail_hooks."""

from django.urls import path

from modellstadt.dossier import views

urlpatterns = [
    path("", views.dossier_index, name="index"),
    path("<int:pk>/", views.dossier_detail, name="detail"),
    path("<int:pk>/bearbeiten/", views.dossier_edit, name="edit"),
    path("<int:pk>/themen/<int:theme_id>/", views.theme_text, name="theme_text"),
    path("<int:pk>/abschnitte/<int:requirement_id>/", views.section, name="section"),
    path("<int:pk>/selbsteinschaetzung/", views.assessment, name="assessment"),
    path("<int:pk>/exportieren/", views.export, name="export_start"),
    path("<int:pk>/einfrieren/", views.freeze, name="freeze"),
    path("<int:pk>/vergleich/", views.compare, name="compare"),
    path("ausschreibungen/<int:call_id>/zuordnung/", views.mapping, name="mapping"),
    path("exporte/<int:export_id>/", views.export_status, name="export"),
    path("exporte/<int:export_id>/pdf/", views.export_download, {"kind": "pdf"}, name="export_pdf"),
    path("exporte/<int:export_id>/docx/", views.export_download, {"kind": "docx"}, name="export_docx"),
    # the stable download address of a frozen version's PDF
    path("versionen/<int:version_id>/", views.version_detail, name="version"),
    path("versionen/<int:version_id>/pdf/", views.version_file, {"kind": "pdf"}, name="version_pdf"),
    path("versionen/<int:version_id>/docx/", views.version_file, {"kind": "docx"}, name="version_docx"),
]
