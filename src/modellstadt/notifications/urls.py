"""/konto/folgen/ and /konto/benachrichtigungen/…: included in modellstadt.urls before allauth's URLs."""

from django.urls import path

from modellstadt.notifications import views

urlpatterns = [
    path("folgen/", views.follow_view, name="participation_follow"),
    path("benachrichtigungen/", views.notification_list, name="notification_list"),
    path("benachrichtigungen/einstellungen/", views.notification_settings, name="notification_settings"),
    path("benachrichtigungen/abbestellen/<str:token>/", views.unsubscribe, name="notification_unsubscribe"),
]
