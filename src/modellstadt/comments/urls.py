"""/kommentare/...: write, reply, edit and delete comments (reports: moderation.urls)."""

from django.urls import path

from modellstadt.comments import views

app_name = "comments"

urlpatterns = [
    path("neu/<str:kind>/<int:pk>/", views.create, name="create"),
    path("<int:pk>/antworten/", views.reply, name="reply"),
    path("<int:pk>/bearbeiten/", views.edit, name="edit"),
    path("<int:pk>/loeschen/", views.delete, name="delete"),
]
