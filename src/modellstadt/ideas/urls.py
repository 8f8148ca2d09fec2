from django.urls import path

from modellstadt.ideas import partner_views, views

app_name = "ideas"

urlpatterns = [
    path("beteiligung/", views.process_list, name="process_list"),
    path("beteiligung/<slug:slug>/", views.process_detail, name="process_detail"),
    path("beteiligung/<slug:slug>/idee-einreichen/", views.idea_create, name="idea_create"),
    path("ideen/", views.idea_list, name="idea_list"),
    path("ideen/aehnliche/", views.similar_ideas, name="similar_ideas"),
    path("ideen/<int:pk>/", views.idea_detail, name="idea_detail"),
    path("ideen/<int:pk>/bearbeiten/", views.idea_edit, name="idea_edit"),
    path("ideen/<int:pk>/zurueckziehen/", views.idea_withdraw, name="idea_withdraw"),
    path("ideen/<int:pk>/unterstuetzen/", views.idea_support, name="idea_support"),
    path("ideen/<int:pk>/unterstuetzung-zuruecknehmen/", views.idea_unsupport, name="idea_unsupport"),
    # in the partner area, beside the organisation's other pages (partners/area_urls.py)
    path("partnerbereich/organisation/<slug:slug>/ideen/neu/", partner_views.partner_idea_create,
         name="partner_idea_create"),
]
