from django.urls import path

from trellis.api.endpoints import api

urlpatterns = [path("", api.urls)]
