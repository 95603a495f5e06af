"""URL classification of the reports app and of the compilation (results app)."""

# The published report and its downloads are open documents.
PUBLIC = {
    "reports:detail",
    "reports:version",
    "reports:pdf",
    "reports:csv",
    "reports:xlsx",
    "reports:json",
}
# "Reports to my committees": lists only the viewer's own units' reports.
ALL_STAFF_READ = {"report_staff:list"}


def url_kwargs(world) -> dict[str, dict]:
    dialogue = world["dialogue"]
    return {
        "compilation:dialogue": {"pk": dialogue.pk},
        "report_staff:edit": {"pk": dialogue.pk},
        "reports:detail": {"slug": dialogue.slug},
        "reports:version": {"slug": dialogue.slug, "number": 1},
        "reports:pdf": {"slug": dialogue.slug, "number": 1},
        "reports:csv": {"slug": dialogue.slug, "number": 1},
        "reports:xlsx": {"slug": dialogue.slug, "number": 1},
        "reports:json": {"slug": dialogue.slug, "number": 1},
    }
