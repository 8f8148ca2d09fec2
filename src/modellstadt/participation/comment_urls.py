"""/kommentare/...: write, reply, edit, delete and report comments; report ideas."""

from django.urls import path

from modellstadt.participation import comment_views as views

app_name = "comments"

urlpatterns = [
    path("neu/<str:kind>/<int:pk>/", views.create, name="create"),
    path("<int:pk>/antworten/", views.reply, name="reply"),
    path("<int:pk>/bearbeiten/", views.edit, name="edit"),
    path("<int:pk>/loeschen/", views.delete, name="delete"),
    path("<int:pk>/melden/", views.report, name="report"),
    path("ideen/<int:pk>/melden/", views.report_idea, name="report_idea"),
]
