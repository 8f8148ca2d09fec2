"""Public addresses of the progress app."""

from django.urls import path

from modellstadt.progress import views

urlpatterns = [
    path("fortschritt/", views.overview, name="progress_overview"),
    path("fortschritt/selbstbewertung/", views.assessments, name="progress_assessments"),
    path("fortschritt/selbstbewertung/<int:pk>/", views.assessment_detail, name="progress_assessment"),
    path("fortschritt/berichte/<int:pk>/sachstandsbericht.pdf", views.report_file, {"kind": "pdf"},
         name="progress_report_pdf"),
    path("fortschritt/berichte/<int:pk>/sachstandsbericht.docx", views.report_file, {"kind": "docx"},
         name="progress_report_docx"),
    path("fortschritt/<slug:slug>/", views.indicator_detail, name="progress_indicator"),
    path("fortschritt/<slug:slug>/werte.csv", views.indicator_csv, name="progress_indicator_csv"),
    path("fortschritt/<slug:slug>/werte.json", views.indicator_json, name="progress_indicator_json"),
    path("karte/", views.map_page, name="progress_map"),
    path("karte/daten.json", views.map_data, name="progress_map_data"),
    path("karte/basiskarte.pmtiles", views.base_map, name="progress_base_map"),
]
