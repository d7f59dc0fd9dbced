from django.contrib import admin

from trellis.apprenticeships.models import Apprenticeship


@admin.register(Apprenticeship)
class ApprenticeshipAdmin(admin.ModelAdmin):
    """Read-only for operator staff: enrolments change through the provider's own pages."""

    list_display = ["apprentice", "employer", "provider", "standard_version", "status"]
    list_filter = ["status", "provider", "standard_version"]
    search_fields = ["apprentice__full_name", "apprentice__email", "employer__name"]
    list_select_related = ["apprentice", "employer", "provider", "standard_version__standard"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
