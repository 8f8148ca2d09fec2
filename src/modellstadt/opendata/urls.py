"""Public addresses of the opendata app."""

urlpatterns: list = []
