"""Demo equipment: the machines customers bought, with warranties, maintenance contracts and sites.

Each order of a machine (激光切割机, 数控车床, 空压机 …) installs one machine, sometimes two, a few
days after the order: a serial number counted per model, a warranty of 12 or 24 months from the
install date, now and then a maintenance contract taken when the warranty ended (some of them
ended since), and for a quarter of the machines a site address other than the customer's. About
1.5 machines per customer (150,000 on the 100,000-customer reference data). Fault reports and usage
questions name one of the customer's machines installed before the call, and their text names
that machine's kind.

Every draw comes from the generator's ``extra`` stream, so adding machines left every other
generated row as it was.

The Chinese here is data, not messages: the demo firm's machines, sites and notes are its records,
Chinese whatever language the interface shows (``tests/test_literals.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from crmdesk.core.demo import words as W
from crmdesk.core.demo.schema import DAY
from crmdesk.core.demo.state import _State
from crmdesk.core.equipment.service import CONTRACT_LEVELS, key
from crmdesk.core.equipment.warranty import add_months, warranty_end_from

if TYPE_CHECKING:
    from crmdesk.core.demo.schema import _Customer

# product (as ordered) → (serial prefix, the device word ticket texts use)
MACHINES = {
    "激光切割机 3015": ("LC3015-", "激光切割机"),
    "数控车床 CK6150": ("CK6150-", "数控车床"),
    "工业空压机 37kW": ("KY37-", "空压机"),
    "PLC控制柜": ("PLC-", "PLC控制柜"),
    "自动化生产线改造": ("AL-", "生产线"),
    "智能仓储货架": ("ZC-", "智能货架"),
    "视觉检测系统": ("VS-", "视觉检测系统"),
}
_ONE_DAY = dt.timedelta(days=1)
_SITE_WORDS = ("1号厂房", "2号厂房", "3号车间", "仓库", "分厂", "装配车间", "二期厂区")


class _Machines(_State):
    """Machines of a customer and the machine a ticket is about (mixed into the generator)."""

    def install_machines(self, c: _Customer, bought: list[tuple[int, str]]) -> None:
        """A machine (or two) for each machine ordered on day ``d``: ``bought`` is (day, product)."""
        x = self.extra.random
        c.machines = []
        rows = self.chunk["equipment"]
        for d, product in bought:
            kind = MACHINES.get(product)
            if kind is None:
                continue
            for _copy in range(2 if x() < 0.2 else 1):
                installed = min(d + 3 + int(x() * 18), self.nowday - 1)
                day = dt.date.fromisoformat(self.date[installed])
                months = 24 if x() < 0.3 else 12
                warranty_end = warranty_end_from(day, months)
                assert warranty_end is not None, "a day and months give an end"
                contract = self.contract(warranty_end, x) if x() < 0.22 else ("", None, None, "")
                seq = self.serials.get(product, 0) + 1
                self.serials[product] = seq
                serial = f"{kind[0]}{day.year % 100:02d}{day.month:02d}{seq:05d}"
                eid = self.next_id("equipment")
                site = self.site(x) if x() < 0.25 else ""
                stamp = self.fmt(installed * DAY + 36000)
                rows.append((eid, c.id, product, key(product), serial, key(serial),
                             day.isoformat(), site, warranty_end.isoformat(), months, contract[0],
                             contract[1] and contract[1].isoformat(), contract[2] and contract[2].isoformat(),
                             contract[3], "客户自行搬迁过一次，已重新调试" if x() < 0.03 else "", stamp, stamp))
                c.machines.append((installed, eid, kind[1]))

    def contract(self, warranty_end: dt.date, x: Callable[[], float]) -> tuple:
        """A maintenance contract taken when the warranty ended: a year from the next day."""
        start = warranty_end + _ONE_DAY
        self.contract_no += 1
        return (f"WB{start.year}-{self.contract_no:05d}", start, add_months(start, 12) - _ONE_DAY,
                CONTRACT_LEVELS[int(x() * len(CONTRACT_LEVELS))])

    def site(self, x: Callable[[], float]) -> str:
        """Another site of the customer: a plant in a city of the list."""
        city = W.CITIES[int(x() * len(W.CITIES))]
        head = city[1] if city[0] == city[1] else city[0] + city[1]
        district = city[4][int(x() * len(city[4]))]
        road = W.ROADS[int(x() * len(W.ROADS))]
        return f"{head}{district}{road}{1 + int(x() * 388)}号{_SITE_WORDS[int(x() * len(_SITE_WORDS))]}"

    def machine_for(self, c: _Customer, s: int, category: str, description: str) -> tuple[int | None, str]:
        """The machine a ticket of ``category`` created at ``s`` is about (``None`` for none), and the
        description naming that machine's kind."""
        if category not in ("fault", "usage") or not c.machines:
            return None, description
        x = self.extra.random
        installed = [m for m in c.machines if m[0] * DAY < s]
        if not installed or x() < 0.12:
            return None, description
        _day, eid, device = installed[int(x() * len(installed))]
        for word in W.DEVICES:
            if description.startswith(word):
                return eid, device + description[len(word):]
        return eid, description
