"""The tickets part of the window.

Modules:
- ``board``: The board (工单看板): seven stage columns of painted cards, with drag and drop between them.
- ``callback_dialog``: 回访: record one try of a ticket's callback (docs/spec.md §3, §5).
- ``card_delegate``: How a ticket card looks: the painted card of the board and the texts it shows.
- ``customer_picker``: The caller search of the ticket form: who is on the phone?
- ``knowledge_dialog``: 知识库: list, search and edit the problem → solution articles (docs/spec.md §3).
- ``list_view``: The ticket list: the board's cards as sortable table rows (the same filters, one line a
  ticket).
- ``suggestions``: Knowledge-base articles and similar solved tickets, suggested while the description is
  typed.
- ``tab``: 工单看板: the ticket board tab — filters, the board of cards or the list, moves between stages.
- ``ticket_dialog``: The ticket form (服务工单, docs/spec.md §3): register a call, work the ticket through its stages.
- ``ticket_view``: What the ticket form shows about a ticket besides its fields: the times line, the history
  rows and how its callback stands. Plain functions over core reads, so the form stays a form.
- ``transition_dialogs``: Small dialogs that ask for what a stage move needs, then make the move.
"""
