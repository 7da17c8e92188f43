"""Uploaded files (ASVS 12.1.1, 12.2.1): a PDF, PNG or JPEG of at most 10 MB, whose
first bytes say what it is and agree with the type the browser declared. The content
decides, not the name or the browser's claim. One rule for every upload: the doctor's
documents (``medical``) and third parties' reports in the re-integration file."""

from django import forms
from django.utils.translation import gettext_lazy as _

#: Accepted types and the first bytes that identify them.
ACCEPTED_TYPES = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}
MAX_BYTES = 10 * 1024 * 1024

TOO_LARGE = _("Het bestand is groter dan 10 MB.")
EMPTY = _("Het bestand is leeg.")
WRONG_TYPE = _("Alleen PDF, PNG of JPEG, en het bestand moet echt dat soort zijn.")


def sniffed_type(content: bytes) -> str | None:
    """The accepted type the content starts like, or ``None``."""
    head = content[:16]
    for content_type, signatures in ACCEPTED_TYPES.items():
        if any(head.startswith(signature) for signature in signatures):
            return content_type
    return None


def upload_error(content: bytes, declared_type: str) -> str | None:
    """Why the upload is refused, for people; ``None`` when it is accepted."""
    if len(content) > MAX_BYTES:
        return str(TOO_LARGE)
    if not content:
        return str(EMPTY)
    sniffed = sniffed_type(content)
    if sniffed is None or sniffed != declared_type.split(";")[0].strip().lower():
        return str(WRONG_TYPE)
    return None


def upload_field() -> forms.FileField:
    """The form field for such a file: says what is accepted, and offers only that."""
    return forms.FileField(
        label=_("Bestand (PDF, PNG of JPEG, hooguit 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_TYPES)}),
    )
