"""Uploads every caller of ``core.uploads`` must refuse, with the message people read."""

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32

WRONG_TYPE = "Alleen PDF, PNG of JPEG, en het bestand moet echt dat soort zijn."
REFUSED = [
    (b"MZ\x90\x00 not a pdf", "application/pdf", WRONG_TYPE),  # an executable as a PDF
    (PDF, "image/png", WRONG_TYPE),  # a PDF claiming to be an image
    (b"<html><script>alert(1)</script>", "text/html", WRONG_TYPE),
    (b"", "application/pdf", "Het bestand is leeg."),
    (PDF + b"0" * (10 * 1024 * 1024), "application/pdf", "Het bestand is groter dan 10 MB."),
]
