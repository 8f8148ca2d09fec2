"""Public addresses of the progress app."""

urlpatterns: list = []
