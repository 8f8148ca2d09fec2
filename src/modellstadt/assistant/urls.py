"""Public addresses of the assistant app."""

urlpatterns: list = []
