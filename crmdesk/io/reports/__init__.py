"""Printable PDF documents (SPEC §5): monthly report, dossier, data health, ticket sheet.

Each module writes one document through the shared page template of :mod:`.common`
(A4, embedded CJK font, firm's name in the header, page numbers, atomic write).
"""
