"""Every domain that registers itself with a shared mechanism, loaded in one place.

The shared mechanisms of the core know no domain; each domain registers itself when its
module is imported:

- the recycle bin (``core.store.recycle_bin``): customers and contacts (``customers.bin_kinds``),
  tickets (``tickets.service``), follow-ups (``followups.service``), machines (``equipment.service``),
  attachments (``attachments.store``); how long it keeps a row (``firm.settings``, registered here);
- the migrations' data steps (``core.store.db``): the search index (``customers.search``);
- the daily jobs (``core.jobs``): the backup (on a server: the snapshot, ``core.server_snapshot``),
  the recycle bin's purge, the tiers, the cadence, the reminders, the server's change feed kept a week
  (``core.server_feed``);
- the tier-change listeners (``customers.tiers``): the cadence re-plans;
- the steps after rows are copied into a server (``core.server_transfer``): the search index.

Whoever works on all of them at once — opens a database for work (``core.session``), lists
or purges the bin as a whole, runs the daily jobs — imports this module first, so every
registration is in place.
"""

from __future__ import annotations

from crmdesk.core import server_feed, server_snapshot, server_transfer
from crmdesk.core.attachments import store as attachments
from crmdesk.core.customers import bin_kinds, lifecycle, search, tiers
from crmdesk.core.equipment import service as equipment
from crmdesk.core.firm import settings
from crmdesk.core.followups import cadence, reminders
from crmdesk.core.followups import service as followups
from crmdesk.core.safety import backup
from crmdesk.core.store import recycle_bin
from crmdesk.core.tickets import service as tickets

#: the modules imported for their registrations (listed, so a reader sees what this loads)
REGISTERING = (bin_kinds, lifecycle, search, tiers, settings, cadence, reminders, followups, backup, tickets, equipment,
               attachments, server_snapshot, server_feed)

# The recycle bin (core.store) reads no settings itself: how long it keeps a row is this one. Registered
# here, not by firm.settings, so that the window's first paint does not load the bin (start-up).
recycle_bin.keep_days_from(lambda: int(settings.get("recycle_bin_days")))

# rows copied into a server (move-to-server, restore) get their search index in the copy's transaction
server_transfer.register_after_copy(search.rebuild_on)
