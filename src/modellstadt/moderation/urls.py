"""Reporting to the moderators. The addresses stay below /kommentare/ where they have always been."""

from django.urls import path

from modellstadt.moderation import views

app_name = "moderation"

urlpatterns = [
    path("kommentare/<int:pk>/melden/", views.report, name="report_comment"),
    path("kommentare/ideen/<int:pk>/melden/", views.report_idea, name="report_idea"),
]
