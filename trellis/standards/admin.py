from django.contrib import admin

from trellis.standards.models import KSB, Standard, StandardVersion


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "level", "lars_code"]
    search_fields = ["reference", "title"]


class KSBInline(admin.TabularInline):
    model = KSB
    extra = 0
    fields = ["code", "kind", "statement", "guid"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(StandardVersion)
class StandardVersionAdmin(admin.ModelAdmin):
    """Read-only: a standard version changes only by loading its data file."""

    list_display = ["standard", "version", "assessment_plan", "loaded_at"]
    readonly_fields = [f.name for f in StandardVersion._meta.fields]
    inlines = [KSBInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
