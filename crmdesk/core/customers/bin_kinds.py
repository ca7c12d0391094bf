"""Customers and contacts in the recycle bin (``core.store.recycle_bin``), registered at import.

A deleted primary contact hands the role to the oldest contact still there; a restored one
takes it back only if nobody holds it. A purged customer leaves the search index, and the
index follows every bin action on the customers it touched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from crmdesk.core.customers import search
from crmdesk.core.i18n import data_text
from crmdesk.core.store import recycle_bin, versions
from crmdesk.core.store.models import Contact, Customer, database_proxy

if TYPE_CHECKING:
    from peewee import ModelSelect

CUSTOMER, CONTACT = "customer", "contact"  # their entity names in the bin


def _customer_label(customer: Customer) -> str:
    return f"{customer.code} {customer.name}"


def _contact_label(contact: Contact) -> str:
    owner = Customer.get_by_id(contact.customer_id)
    return data_text("Contact {name} ({code} {customer})", name=contact.name, code=owner.code, customer=owner.name)


def _live_contacts(customer_id: int) -> ModelSelect[Contact]:
    return Contact.select().where((Contact.customer == customer_id) & Contact.deleted_at.is_null())


def _customer_changed(contact: Contact) -> None:
    """The customer form saves its contacts under the customer's version: a contact deleted or restored
    elsewhere raises it, so a form opened before cannot delete the restored contact or bring back the other."""
    Customer.update(**versions.stamp(Customer, False)).where(Customer.id == contact.customer_id).execute()


def _contact_deleted(contact: Contact) -> None:
    """A deleted primary contact hands the role to the oldest remaining contact still there."""
    _customer_changed(contact)
    if not contact.is_primary:
        return
    Contact.update(is_primary=False, **versions.stamp(Contact, False)).where(Contact.id == contact.id).execute()
    heir = _live_contacts(contact.customer_id).where(~Contact.has_left).order_by(Contact.created_at, Contact.id).first()
    if heir is not None:
        Contact.update(is_primary=True, **versions.stamp(Contact, False)).where(Contact.id == heir.id).execute()


def _contact_restored(contact: Contact) -> None:
    """A restored contact becomes primary again only if nobody else is."""
    _customer_changed(contact)
    others = _live_contacts(contact.customer_id).where(Contact.is_primary & (Contact.id != contact.id))
    if not others.exists() and not contact.has_left:
        Contact.update(is_primary=True, **versions.stamp(Contact, False)).where(Contact.id == contact.id).execute()


def _customer_purged(customer_id: int) -> None:
    search.forget(customer_id)


def _reindex(customer_ids: list[int]) -> None:
    search.reindex(database_proxy.connection(), customer_ids)


recycle_bin.register(CUSTOMER, recycle_bin.BinKind(Customer, _customer_label, lambda c: c.id, "customers",
                                                     after_purge=_customer_purged))
recycle_bin.register(CONTACT, recycle_bin.BinKind(Contact, _contact_label, lambda c: c.customer_id, "contacts",
                                                    after_delete=_contact_deleted, after_restore=_contact_restored))
recycle_bin.on_touched(_reindex)
