"""Reading back the PDFs CRMDesk writes, as a viewer's search sees them."""

from __future__ import annotations

from pathlib import Path


def pdf_text(path: Path) -> str:
    """All the text of a PDF (pypdf's extraction), pages joined by newlines."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)
