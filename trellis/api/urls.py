from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, path

from trellis.api.endpoints import api

api_patterns, api_app_name, api_namespace = api.urls
# The API authenticates with bearer tokens, not sessions: exempt its views from the
# sign-in redirect, so that a missing token gets a JSON 401 rather than an HTML page.
for pattern in api_patterns:
    if isinstance(pattern, URLPattern):
        login_not_required(pattern.callback)

urlpatterns = [path("", (api_patterns, api_app_name, api_namespace))]
