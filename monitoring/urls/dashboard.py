"""URLs: dashboard."""

urlpatterns = []
