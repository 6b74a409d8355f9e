"""Official documents (Nghị định 30/2020/NĐ-CP): drafts, numbering, the outgoing register, PDFs."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.choices import QuickChoiceLabels
from core.concurrency import Versioned
from core.models import BackgroundFile


class DocumentKind(models.TextChoices):
    PLAN = "plan", _("Inspection plan")
    TEAM_DECISION = "team_decision", _("Decision forming the inspection team")
    MINUTES = "minutes", _("Minutes of the inspection")
    CONCLUSION = "conclusion", _("Conclusion notice")
    REMEDIATION_LETTER = "remediation_letter", _("Remediation letter")
    REPORT = "report", _("Inspection results report")
    ANNUAL_REPORT = "annual_report", _("Province's annual inspection results report")
    REMEDIATION_REPORT = "remediation_report", _("Remediation status report")
    UNIT_HISTORY = "unit_history", _("A unit's inspection history")


# Reports of the province's figures, drawn up from a selection (a year, a unit), not from one plan.
PROVINCE_REPORTS = frozenset({DocumentKind.ANNUAL_REPORT, DocumentKind.REMEDIATION_REPORT, DocumentKind.UNIT_HISTORY})


# Phụ lục III: the abbreviation of each typed document; a công văn has none.
TYPE_ABBREVIATIONS = {
    DocumentKind.PLAN: "KH",
    DocumentKind.TEAM_DECISION: "QĐ",
    DocumentKind.MINUTES: "BB",
    DocumentKind.CONCLUSION: "TB",
    DocumentKind.REPORT: "BC",
    DocumentKind.REMEDIATION_LETTER: "",
    DocumentKind.ANNUAL_REPORT: "BC",
    DocumentKind.REMEDIATION_REPORT: "BC",
    DocumentKind.UNIT_HISTORY: "BC",
}
# The type printed as the title of typed documents.
TYPE_TITLES = {
    DocumentKind.PLAN: "KẾ HOẠCH",
    DocumentKind.TEAM_DECISION: "QUYẾT ĐỊNH",
    DocumentKind.MINUTES: "BIÊN BẢN",
    DocumentKind.CONCLUSION: "THÔNG BÁO",
    DocumentKind.REPORT: "BÁO CÁO",
    DocumentKind.REMEDIATION_LETTER: "",
    DocumentKind.ANNUAL_REPORT: "BÁO CÁO",
    DocumentKind.REMEDIATION_REPORT: "BÁO CÁO",
    DocumentKind.UNIT_HISTORY: "BÁO CÁO",
}


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    # Thu hồi: no longer in force; it keeps its number (never reused) and stays in the register.
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Numbered documents: the register lists both, and both are frozen.
NUMBERED = (DocumentStatus.ISSUED, DocumentStatus.WITHDRAWN)


class PdfStatus(models.TextChoices):
    NONE = "none", _("Not rendered")
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Rendering")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class Authority(models.TextChoices):
    """How the signer signs (Nghị định 30, Điều 13)."""

    OWN = "", _("In their own name")
    KT = "KT.", _("KT. (on behalf of the head)")
    TM = "TM.", _("TM. (on behalf of the collective)")
    Q = "Q.", _("Q. (acting)")
    TL = "TL.", _("TL. (by order of the head)")
    TUQ = "TUQ.", _("TUQ. (by authorisation)")


# What a drafter edits on a draft; everything else comes from the data or from issuing.
EDITABLE_FIELDS = (
    "subject",
    "recipients",
    "body",
    "copies_to",
    "authority",
    "authority_title",
    "signer_title",
    "signer_name",
    "second_signature_title",
    "second_signer_name",
    "drafter_code",
    "register_note",
)


STATUS_STYLE = {DocumentStatus.DRAFT: "secondary", DocumentStatus.ISSUED: "success", DocumentStatus.WITHDRAWN: "danger"}


class Document(QuickChoiceLabels, Versioned):
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT)
    # The plan a document belongs to; none for the province's reports, drawn up from a selection.
    plan = models.ForeignKey(
        "inspections.InspectionPlan", null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    visit = models.ForeignKey(
        "inspections.InspectionVisit", null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    issuer = models.ForeignKey("units.Unit", verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="+")
    drafter_code = models.CharField(
        _("drafting division code"),
        max_length=30,
        blank=True,
        help_text=_("For a letter: the code after the issuer in its number, e.g. TTr in 123/SKHCN-TTr."),
    )
    # Header as printed: filled when drafted, refreshed with the names valid on the day of issue.
    parent_name = models.CharField(_("parent body"), max_length=255, blank=True)
    issuer_name = models.CharField(_("issuing body"), max_length=255)
    place_name = models.CharField(_("place name"), max_length=100, blank=True)
    subject = models.CharField(_("subject"), max_length=500)
    recipients = models.TextField(_("addressed to"), blank=True, help_text=_("One recipient per line."))
    body = models.TextField(
        _("content"),
        help_text=_(
            "One paragraph per line. A line starting with “# ” is a heading; “[bảng]” places the table "
            "(“[bảng 2]” a report's second one), “[biểu đồ by_area]” one of a report's charts."
        ),
    )
    table = models.JSONField(
        default=list, blank=True, help_text="Rows of the document's table; the first is the header."
    )
    # A province report's further tables ("[bảng 2]" places the second: {"title", "rows"}, header first)
    # and the figures it was drawn up from, as counted then: its charts ("[biểu đồ by_area]") draw them.
    tables = models.JSONField(default=list, blank=True)
    figures = models.JSONField(default=dict, blank=True)
    subject_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit reported on"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    copies_to = models.TextField(_("copies to (Nơi nhận)"), blank=True, help_text=_("One per line."))
    authority = models.CharField(_("signing authority"), max_length=10, choices=Authority.choices, blank=True)
    authority_title = models.CharField(
        _("title of the authority"), max_length=100, blank=True, help_text=_("e.g. GIÁM ĐỐC after KT.")
    )
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True, help_text=_("e.g. PHÓ GIÁM ĐỐC"))
    signer_name = models.CharField(_("signer's name"), max_length=150, blank=True)
    # Minutes carry a second signature, for the inspected unit.
    second_signature_title = models.CharField(
        _("second signature"), max_length=150, blank=True, help_text=_("Minutes only, e.g. ĐẠI DIỆN ĐƠN VỊ.")
    )
    second_signer_name = models.CharField(_("second signer's name"), max_length=150, blank=True)

    # Numbering (set when issued, never for a draft).
    year = models.PositiveIntegerField(null=True, blank=True)
    series = models.CharField(max_length=50, blank=True)
    number = models.PositiveIntegerField(null=True, blank=True)
    number_text = models.CharField(_("number and symbol"), max_length=80, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    register_note = models.CharField(_("register note"), max_length=255, blank=True)
    # Withdrawal (thu hồi), by whoever may issue; a replacement is a new draft pointing at what it replaces.
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    replaces = models.ForeignKey(
        "self", verbose_name=_("replaces"), null=True, blank=True, on_delete=models.PROTECT, related_name="replacements"
    )
    # The directives a remediation letter carries: issuing it locks these, and only these.
    directives = models.ManyToManyField("remediation.Directive", blank=True, related_name="+")
    # The units an issued document is addressed to (Kính gửi, Nơi nhận, the visited or directed units):
    # what a unit's own people may read of it (`reports.addressing`, `selectors.documents_visible_to`).
    addressees = models.ManyToManyField("units.Unit", blank=True, related_name="+")

    pdf_status = models.CharField(max_length=20, choices=PdfStatus.choices, default=PdfStatus.NONE)
    pdf_file = models.FileField(max_length=255, blank=True)
    pdf_version = models.PositiveIntegerField(null=True, blank=True, help_text="The document version the PDF shows.")
    pdf_error = models.TextField(blank=True)
    # When the PDF was asked for (queued) and when a worker took it (its lease runs from then).
    pdf_requested_at = models.DateTimeField(null=True, blank=True)
    pdf_started_at = models.DateTimeField(null=True, blank=True)
    # How far the worker is (charts drawn, pages laid out, written): the page's progress bar.
    pdf_progress = models.PositiveSmallIntegerField(default=0)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(
        excluded_fields=[
            "pdf_status",
            "pdf_file",
            "pdf_version",
            "pdf_error",
            "pdf_requested_at",
            "pdf_started_at",
            "pdf_progress",
            "figures",
            "tables",
        ]  # fmt: skip
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "series", "year", "number"],
                condition=Q(number__isnull=False),
                name="one_number_per_series_and_year",
            )
        ]
        indexes = [
            models.Index(fields=["issuer", "year", "status"]),
            # The order of the documents list, newest first: a page is read, not sorted.
            models.Index(fields=["-created_at", "-id"], name="document_newest_first"),
        ]

    def __str__(self) -> str:
        return f"{self.number_text or self.get_status_display()} · {self.subject[:60]}"

    @property
    def is_issued(self) -> bool:
        return self.status == DocumentStatus.ISSUED

    @property
    def is_draft(self) -> bool:
        """Only a draft is edited or issued; an issued or withdrawn document is frozen."""
        return self.status == DocumentStatus.DRAFT

    @property
    def is_withdrawn(self) -> bool:
        return self.status == DocumentStatus.WITHDRAWN

    @property
    def status_style(self) -> str:
        """The colour of its status badge."""
        return STATUS_STYLE.get(self.status, "secondary")

    @property
    def type_title(self) -> str:
        return TYPE_TITLES[self.kind]

    @property
    def is_letter(self) -> bool:
        """A công văn: no type title, `V/v` under the number."""
        return self.kind == DocumentKind.REMEDIATION_LETTER

    @property
    def pdf_is_current(self) -> bool:
        return self.pdf_status == PdfStatus.DONE and self.pdf_version == self.version and bool(self.pdf_file)

    def pdf_waiting_seconds(self, now=None) -> int | None:
        """How long the PDF has waited since it was asked for (queued or rendering), for the page."""
        if self.pdf_status not in (PdfStatus.QUEUED, PdfStatus.RENDERING) or not self.pdf_requested_at:
            return None
        return int(((now or timezone.now()) - self.pdf_requested_at).total_seconds())

    def file_missing(self, field_name: str) -> None:
        """Its PDF is gone from the disk (`check_files --delete`): forget it, so it can be rendered again."""
        Document.objects.filter(pk=self.pk).update(
            pdf_status=PdfStatus.NONE, pdf_file="", pdf_version=None, pdf_started_at=None
        )

    def pdf_can_render_again(self, now=None) -> bool:
        """Failed, or waiting past the lease (its worker is gone, or the broker was down): offer "render again"."""
        if self.pdf_status == PdfStatus.FAILED:
            return True
        waited = self.pdf_waiting_seconds(now)
        return waited is not None and waited > settings.JOB_LEASE_SECONDS


class NumberingSeries(Versioned):
    """A separate number series of an issuer for some kinds (Điều 15.1.c); all others share one.

    Written only through `reports.series`, which checks the kinds against `DocumentKind`.
    """

    issuer = models.ForeignKey("units.Unit", verbose_name=_("issuing unit"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=50)
    kinds = models.JSONField(_("document kinds"), default=list, help_text=_("Kinds numbered in this series."))

    history = HistoricalRecords()  # who moved which kinds to which series, in the audit log

    class Meta:
        verbose_name = _("number series")
        verbose_name_plural = _("number series")
        constraints = [models.UniqueConstraint(fields=["issuer", "name"], name="unique_series_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_labels(self) -> list[str]:
        return [DocumentKind(kind).label for kind in self.kinds or [] if kind in DocumentKind.values]


class NumberCounter(models.Model):
    """The last number given in one series of one issuer in one year; rows are locked while issuing."""

    issuer = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    series = models.CharField(max_length=50)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "series", "year"], name="one_counter_per_series_year")]

    def __str__(self) -> str:
        return f"{self.series} {self.year}: {self.last}"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Rendering the documents")
    ZIPPING = "zipping", _("Building the ZIP")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class DocumentExport(BackgroundFile):
    """A ZIP of many PDFs (all letters of a plan, every conclusion of a year), built in the background."""

    documents = models.ManyToManyField(Document, related_name="+")
    status = models.CharField(max_length=20, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    done_count = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)

    class Meta(BackgroundFile.Meta):
        pass

    @property
    def percent(self) -> int:
        return round(100 * self.done_count / self.total) if self.total else 0

    @property
    def is_working(self) -> bool:
        return self.status in WORKING_EXPORTS

    def file_missing(self, field_name: str) -> None:
        """Its ZIP is gone from the disk: it can be built again."""
        DocumentExport.objects.filter(pk=self.pk).update(
            status=ExportStatus.FAILED, file="", error=str(_("The ZIP file is gone; build it again."))
        )

    def waiting_seconds(self, now=None) -> int | None:
        if not self.is_working:
            return None
        return int(((now or timezone.now()) - self.created_at).total_seconds())

    def can_run_again(self, now=None) -> bool:
        """Failed, or not moved for longer than a lease: offer to build it again."""
        if self.status == ExportStatus.FAILED:
            return True
        return (
            self.is_working and ((now or timezone.now()) - self.updated_at).total_seconds() > settings.JOB_LEASE_SECONDS
        )


WORKING_EXPORTS = (ExportStatus.QUEUED, ExportStatus.RUNNING, ExportStatus.ZIPPING)
