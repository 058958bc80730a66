"""Views: experts."""

urlpatterns = []
