"""Printable PDF documents: monthly report, dossier, data health, ticket sheet, recovery sheet, service policy.

Each module writes one document through the shared page template of :mod:`.common`
(A4, embedded CJK font, firm's name in the header, page numbers, atomic write).

Modules:
- ``charts``: Charts of the PDF reports, drawn with reportlab.graphics (vector, text selectable).
- ``common``: The page template every CRMDesk PDF shares: A4, an embedded CJK font, header and page numbers.
- ``dossier``: 客户档案（一户一档）: everything about one customer on paper (docs/spec.md §5).
- ``flowchart``: The service flow chart of 《售后服务流程规范》, drawn with reportlab.graphics (vector, text selectable).
- ``fonts``: A Chinese font for reportlab: an embedded TrueType CJK font found on the machine.
- ``health``: 现状诊断报告: the data-health report an owner reads after importing the old ledgers (docs/spec.md §5).
- ``monthly``: 月度服务报告: the monthly service report the owner prints (docs/spec.md §5).
- ``policy``: 《售后服务流程规范》 and 《客户资料管理制度》: the firm's written rules, printed from its own settings.
- ``recovery_sheet``: The printable recovery sheet (恢复码): the code that opens a backup on a new PC.
- ``ticket_sheet``: 服务工单: the A4 sheet an engineer takes to an on-site visit (docs/spec.md §5, issue #6).
"""
