"""Routing a ticket (分派): the rule that matches it, the department and the person it proposes.

``propose`` is a read: the ticket form calls it while the clerk types, to show the proposal
(责任部门, the person and why, the rule's SLA) before anything is saved. ``route`` is the write,
inside the ticket service's transaction: when a ticket is registered, and again when its
classification changes before dispatch, it records the responsible department, the rule, the
proposed person and the rule's SLA on the ticket, makes the proposed person the assignee unless
the clerk chose someone else (or chose to dispatch later), and writes the decision into the
ticket's history (kind ``route``), naming the rule.

The person: a 严重/重大 complaint goes to the department's head (部门主管牵头, docs/spec.md §13) and the
owners are told (an ``escalation`` line; a 重大 one is also escalated to the owner by the ticket
service as before); otherwise the rule's pick decides among the department's active members of
the rule's role (``core.org.rules``). Least open work compares open tickets, then overdue, then
due soon (``core.org.workload``); round robin continues after the rule's last proposal that was
taken. A firm without any active rule routes nothing and writes no history line.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass

from crmdesk.core.i18n import _
from crmdesk.core.org import departments, workload
from crmdesk.core.org.rules import RuleRow, fold, pick_label, rules, values_of
from crmdesk.core.store.models import Customer, RoutingRule, Staff, Ticket, TicketEvent, now
from crmdesk.core.tickets.records import event, recompute_dues, tier_of, write

HEAD_LED = ("serious", "critical")  # complaint severities the department head leads


@dataclass(frozen=True)
class Facts:
    """What routing looks at on a ticket."""

    category: str
    complaint_type: str = ""
    product_model: str = ""
    tier: str = ""
    severity: str = ""


@dataclass(frozen=True)
class Proposal:
    """What routing proposes for a ticket; ``rule_id`` is ``None`` when no rule matched."""

    rule_id: int | None
    rule_number: int
    rule_text: str
    department_id: int | None
    department: str
    assignee_id: int | None
    assignee: str
    how: str
    pick: str
    sla_override: str
    sla_text: str
    escalation: str  # the escalation line of a head-led complaint, or ""

    def summary(self) -> str:
        """The proposal in one line (the ticket form and the history say the same)."""
        if self.rule_id is None:
            return _("No routing rule matches: choose the assignee by hand.")
        if self.assignee_id is not None:
            body = _("responsible department {department}, proposed {person} ({how})", department=self.department,
                     person=self.assignee, how=self.how)
        else:
            body = _("responsible department {department}, nobody to propose ({how})", department=self.department,
                     how=self.how)
        rule = _("Rule {n}: {rule}", n=self.rule_number, rule=self.rule_text)
        return f"{rule}；{body}"


def matches(rule: RuleRow, facts: Facts) -> bool:
    """Whether every condition of ``rule`` holds for ``facts`` (an empty condition always does)."""
    if rule.category and rule.category != facts.category:
        return False
    if rule.tier and rule.tier != facts.tier:
        return False
    if rule.complaint_type:
        wanted = {fold(v) for v in values_of(rule.complaint_type)}
        if facts.category != "complaint" or fold(facts.complaint_type) not in wanted:
            return False
    if rule.product_model:
        model = fold(facts.product_model)
        if not model or not any(fnmatch.fnmatchcase(model, fold(p)) for p in values_of(rule.product_model)):
            return False
    return True


def _severity_word(severity: str) -> str:
    return {"serious": _("serious"), "critical": _("critical")}.get(severity, severity)


def _pick(rule: RuleRow, facts: Facts, at: dt.datetime) -> tuple[int | None, str, str]:
    """(person id, name, how) the rule proposes."""
    dept = departments.department(rule.department_id) if rule.department_id is not None else None
    if dept is None:
        return None, "", ""
    members = dept.active_members(rule.role)
    active_ids = {m.id for m in dept.active_members()}
    if facts.category == "complaint" and facts.severity in HEAD_LED and dept.head_id in active_ids:
        return dept.head_id, dept.head, _("the head leads a {severity} complaint",
                                           severity=_severity_word(facts.severity))
    if rule.pick == "default":
        if dept.default_person_id in active_ids:
            return dept.default_person_id, dept.default_person, _("the department's default person")
        if dept.head_id in active_ids:
            return dept.head_id, dept.head, _("the department's head (no default person)")
    if not members:
        return None, "", _("nobody active in {department}", department=dept.name)
    if rule.pick == "round_robin":
        last = RoutingRule.select(RoutingRule.last_assigned).where(RoutingRule.id == rule.id).scalar()
        ordered = sorted(members, key=lambda m: m.id)
        following = [m for m in ordered if last is not None and m.id > last]
        chosen = (following or ordered)[0]
        return chosen.id, chosen.name, _("in turn")
    loads = workload.loads([m.id for m in members], at)
    chosen = min(members, key=lambda m: (loads[m.id].open, loads[m.id].overdue, loads[m.id].due_soon, m.name))
    return chosen.id, chosen.name, _("least open work: {load}", load=loads[chosen.id].text())


def _escalation(rule: RuleRow, facts: Facts) -> str:
    if facts.category != "complaint" or facts.severity not in HEAD_LED or rule.department_id is None:
        return ""
    dept = departments.department(rule.department_id)
    owners = "、".join(o.name for o in departments.owners()) or _("the owner")
    return _("{severity} complaint: {head} of {department} leads it; {owners} informed.",
             severity=_severity_word(facts.severity), head=dept.head or "—", department=dept.name, owners=owners)


def propose(facts: Facts, at: dt.datetime | None = None) -> Proposal | None:
    """The proposal for a ticket with ``facts``; ``None`` when the firm has no active rule at all."""
    at = at or now()
    table = rules()
    if not any(row.active for row in table):
        return None
    for number, row in enumerate(table, start=1):
        if not row.active or not matches(row, facts):
            continue
        person, name, how = _pick(row, facts, at)
        return Proposal(row.id, number, row.describe(), row.department_id, row.department, person, name, how,
                        row.pick, row.sla_override(), row.sla_text(), _escalation(row, facts))
    return Proposal(None, 0, "", None, "", None, "", "", "", "", "", "")


def propose_for(customer_id: int | None, category: str, *, complaint_type: str = "", product_model: str = "",
                severity: str = "", at: dt.datetime | None = None) -> Proposal | None:
    """The proposal for a ticket not yet saved (the ticket form, while the clerk types): the customer's tier
    is read here, so the form passes only what it shows."""
    tier = Customer.select(Customer.tier).where(Customer.id == customer_id).scalar() if customer_id else ""
    return propose(Facts(category, complaint_type if category == "complaint" else "", product_model, tier or "",
                         severity if category == "complaint" else ""), at)


def facts_of(ticket: Ticket) -> Facts:
    """The routing facts of a stored ticket (its customer's tier; the model typed on it)."""
    return Facts(ticket.category, ticket.complaint_type or "", ticket.product_model or "", tier_of(ticket),
                 ticket.severity or "")


def routed(ticket_id: int) -> bool:
    """Whether routing already decided for this ticket (a ``route`` line in its history)."""
    return TicketEvent.select().where((TicketEvent.ticket == ticket_id) & (TicketEvent.kind == "route")).exists()


def route(ticket: Ticket, at: dt.datetime, operator: Staff | None, *, take_proposal: bool = True,
          reroute: bool = False) -> Proposal | None:
    """Route ``ticket`` (inside the caller's transaction): department, rule, proposal, SLA, history.

    On a first routing the proposed person becomes the assignee when the ticket has none and
    ``take_proposal`` holds (the clerk did not choose to dispatch later). On a ``reroute`` (its
    classification changed before dispatch) the new proposal replaces an assignee that was the old
    proposal, never a person chosen by hand.
    """
    proposal = propose(facts_of(ticket), at)
    if proposal is None:
        return None
    before = (ticket.assignee_id, ticket.proposed_assignee_id)
    values: dict[str, object] = {"department_ref": proposal.department_id, "routing_rule": proposal.rule_id,
                                 "proposed_assignee": proposal.assignee_id, "sla_override": proposal.sla_override}
    if proposal.department:
        values["department"] = proposal.department
    follows = before[0] is None and take_proposal if not reroute else before[0] in (None, before[1])
    if follows and proposal.assignee_id is not None and ticket.stage in ("received", "classified"):
        values["assignee"] = proposal.assignee_id
    sla_changed = proposal.sla_override != (ticket.sla_override or "")
    write(ticket, at, by=operator, **values)
    note = proposal.summary()
    chosen = ticket.assignee_id
    if proposal.rule_id is not None and chosen != proposal.assignee_id:
        if chosen is None:
            note += "；" + _("to be dispatched later")
        else:
            name = Staff.get_by_id(chosen).name
            note += "；" + (_("kept {person}, chosen by hand", person=name) if reroute
                           else _("the clerk chose {person}", person=name))
    event(ticket, "route", at, operator, note)
    if proposal.escalation and not (TicketEvent.select().where(
            (TicketEvent.ticket == ticket.id) & (TicketEvent.kind == "escalation")
            & (TicketEvent.note == proposal.escalation)).exists()):
        event(ticket, "escalation", at, operator, proposal.escalation)
    if sla_changed:
        recompute_dues(ticket, at)
    if proposal.pick == "round_robin" and proposal.assignee_id is not None and chosen == proposal.assignee_id:
        RoutingRule.update(last_assigned=chosen).where(RoutingRule.id == proposal.rule_id).execute()
    return proposal


__all__ = ["Facts", "Proposal", "facts_of", "matches", "pick_label", "propose", "route", "routed"]
