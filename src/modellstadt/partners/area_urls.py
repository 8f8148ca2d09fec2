"""Addresses of the partner area and of the public supporters page (included before Wagtail's pages)."""

from django.urls import path

from modellstadt.partners import area_views as views

app_name = "partners_area"

urlpatterns = [
    path("partnerbereich/", views.area_home, name="home"),
    path("partnerbereich/beitreten/", views.join, name="join"),
    path("partnerbereich/einladung/<str:token>/", views.invitation, name="invitation"),
    path("partnerbereich/organisation/<slug:slug>/", views.organisation, name="organisation"),
    path("partnerbereich/organisation/<slug:slug>/profil/", views.profile, name="profile"),
    path("partnerbereich/organisation/<slug:slug>/schreiben/neu/", views.letter_create, name="letter_create"),
    path("partnerbereich/organisation/<slug:slug>/zusagen/neu/", views.pledge_create, name="pledge_create"),
    path("partnerbereich/schreiben/<int:pk>/datei/", views.letter_download, name="letter_download"),
    path("partnerbereich/schreiben/<int:pk>/loeschen/", views.letter_delete, name="letter_delete"),
    path("partnerbereich/zusagen/<int:pk>/bearbeiten/", views.pledge_edit, name="pledge_edit"),
    path("partnerbereich/zusagen/<int:pk>/loeschen/", views.pledge_delete, name="pledge_delete"),
    path("unterstuetzer/", views.supporters, name="supporters"),
]
