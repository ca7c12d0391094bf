"""The log of a working day: each operation that changes much or touches the key writes one INFO line
with ids and counts, and no personal value reaches the log (names of customers and contacts count).

The sequence runs the real services on a real database, as the window and the command line do:
key creation and unlock, import and its undo, merge and its undo, ticket moves, the recycle bin's
purge, the tier recompute, backup and restore.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from crmdesk.core.customers import lifecycle, merge, tiers
from crmdesk.core.customers.service import ContactInput, CustomerInput, save
from crmdesk.core.firm import staff
from crmdesk.core.safety import backup
from crmdesk.core.session import open_session
from crmdesk.core.store import paths, recycle_bin
from crmdesk.core.store.lock import DatabaseLock
from crmdesk.core.tickets import service as tickets
from crmdesk.io.importing import service as importer
from crmdesk.io.importing.undo import undo_batch
from crmdesk.logsetup import setup_logging
from tests.helpers.attacks.tools import MARKERS
from tests.helpers.workbooks import write_xlsx

# Personal values of the sequence: customer and contact names, the marker contact details.
NAMES = ("杭州探针精密机械有限公司", "宁波探针贸易商行", "温州探针电器厂", "欧阳探针", "司马探针")
PERSONAL = (*NAMES, *MARKERS.values())


def _day(db_path: Path, tmp_path: Path) -> None:
    """One of everything, as a clerk and the owner would do it."""
    with open_session(db_path, write=True):  # a new database: its key is created
        pass
    with open_session(db_path, write=True):  # the next start: unlocked from the key store
        clerk = staff.add("李晓梅")
        ledger = write_xlsx(tmp_path / "台账.xlsx", ["客户名称", "联系人", "手机号码", "邮箱", "微信", "详细地址"],
                            [[NAMES[0], NAMES[3], MARKERS["mobile"], MARKERS["email"], MARKERS["wechat"],
                              MARKERS["address"]]])
        first = importer.commit(importer.preview(ledger, "customers"), operator=clerk)
        undo_batch(first.batch, operator=clerk)
        importer.commit(importer.preview(ledger, "customers"), operator=clerk)
        kept = save(CustomerInput(name=NAMES[1], contacts=[
            ContactInput(name=NAMES[4], title="经理", mobile="13957210000", phone=MARKERS["phone"],
                         birthday=MARKERS["birthday"], is_primary=True)],
            confidential_notes=MARKERS["confidential_notes"])).customer_id
        twin = save(CustomerInput(name=NAMES[1] + "（分店）", contacts=[
            ContactInput(name=NAMES[4], title="经理", mobile="13957210001", is_primary=True)])).customer_id
        merged = merge.merge(kept, twin, operator=clerk)
        merge.undo_merge(merged.merge_id, operator=clerk)
        ticket = tickets.create(kept, f"{NAMES[4]} 来电：设备异响", operator=clerk).ticket_id
        tickets.move(ticket, "classified", operator=clerk)
        tickets.move(ticket, "dispatched", operator=clerk, assignee_id=clerk.id)
        doomed = save(CustomerInput(name=NAMES[2], contacts=[
            ContactInput(name="探针联系人", title="厂长", mobile="13957210002", is_primary=True)])).customer_id
        lifecycle.delete_customer(doomed, operator=clerk)
        recycle_bin.purge_expired(dt.date.today() + dt.timedelta(days=400))
        tiers.recompute(operator=clerk)
    made = backup.make_backup(db_path, to=tmp_path / "backups")
    with DatabaseLock(db_path):
        backup.restore(made.path, db_path, keep_dir=tmp_path / "kept")


@pytest.mark.parametrize("verbose", [False, True], ids=["default", "verbose"])
def test_each_operation_logs_one_line_without_personal_values(tmp_path: Path, verbose: bool) -> None:
    """Read from the log file itself, as support would; ``-v`` adds every SQL statement, never its values."""
    setup_logging(paths.log_file(), verbose=verbose)
    _day(tmp_path / "day.db", tmp_path)
    text = paths.log_file().read_text(encoding="utf-8")
    infos = [line.split(": ", 1)[1] for line in text.splitlines() if " INFO crmdesk." in line]
    expected = {
        "key created": r"encryption key created for database \w+ \(in the OS key store\): 0 rows encrypted$",
        "unlock": r"database \w+ unlocked \(key from the key store or the environment\)$",
        "import": r"import batch 1 \(customers\): 1 rows, 1 created, 0 updated, 0 duplicates, 0 errors, "
                  r"0 warnings; staff \d+$",
        "undo of the import": r"import batch 1 undone: 1 customers deleted, 0 customers put back as they were; "
                              r"staff \d+$",
        "merge": r"customer \d+ merged into customer \d+ \(merge \d+\): \d+ records moved; staff \d+$",
        "undo of the merge": r"merge \d+ undone: customer \d+ separated again from customer \d+; staff \d+$",
        "ticket classified": r"ticket \d+ transition: received -> classified; staff \d+$",
        "ticket dispatched": r"ticket \d+ transition: classified -> dispatched; staff \d+$",
        "purge": r"recycle bin purged: 1 records deleted for good \(in the bin more than 30 days\)$",
        "tiers": r"tiers recomputed for 3 customers: \d+ changed tier \{.*\}, \d+ at risk; staff \d+$",
        "backup": r"backup \S+day-\S+\.db \(\d+ bytes, \{.*\}\)$",
        "restore": r"restored \S+day\.db from \S+ \(previous database kept as \S+\)$",
    }
    counts = {what: sum(bool(re.match(pattern, line)) for line in infos) for what, pattern in expected.items()}
    assert counts == dict.fromkeys(expected, 1), "\n".join(infos)
    assert "crmdesk.core.tickets.records: ticket" in text  # each line names its module
    leaked = [(value, line) for line in text.splitlines() for value in PERSONAL if value in line]
    assert leaked == []
    if verbose:
        assert "parameter(s), not logged" in text
