"""Demo people and companies: names, contacts, phones, e-mails, addresses.

Its Chinese is the demo firm's data, written into its records as a real firm's are, not messages
(``tests/test_literals.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from crmdesk.core.customers import search
from crmdesk.core.demo import words as W
from crmdesk.core.demo.state import _State
from crmdesk.core.validation import normalize_company_name

if TYPE_CHECKING:
    from crmdesk.core.demo.schema import _Customer


class _People(_State):
    """Customers' names and their contacts (mixed into the generator)."""

    def person(self) -> tuple[str, str, str]:
        """(name, surname pinyin, given-name pinyin)."""
        r = self.r
        sur, sur_py = W.SURNAMES[int(len(W.SURNAMES) * r() * r())]
        given = W.GIVEN_CHARS
        a, a_py = given[int(len(given) * r())]
        if r() < 0.35:
            return sur + a, sur_py, a_py
        b, b_py = given[int(len(given) * r())]
        return sur + a + b, sur_py, a_py + b_py

    def company(self) -> tuple:
        """(name, industry, city, domain, parts) of a new company with a name not used before."""
        r = self.r
        city = W.CITY_T[int(len(W.CITY_T) * r())]
        industry = W.INDUSTRY_T[int(len(W.INDUSTRY_T) * r())]
        word = self.pick(industry[1])
        legal = W.LEGAL_T[int(len(W.LEGAL_T) * r())]
        if legal == "科技有限公司" and word.endswith("科技"):
            legal = "有限公司"
        bracket = r() < 0.2
        prefix = city[1] if r() < 0.6 else city[2]
        name = norm = a_py = b_py = ""
        parts: tuple = ()
        for _attempt in range(50):  # a name not used before (the last draw when all 50 were)
            (a, a_py), (b, b_py) = self.rng.sample(W.TRADE_CHARS, 2)
            parts = (a + b, word, legal, prefix, city[2], bracket)
            name = self.compose(parts)
            norm = normalize_company_name(name)
            if norm not in self.names:
                break
        self.names.add(norm)
        domain = a_py + b_py + self.pick(W.DOMAIN_WORDS) + self.pick(W.DOMAIN_TLDS)
        return name, norm, industry[0], city, domain, parts

    @staticmethod
    def compose(parts: tuple, full_width: bool = True, space: bool = False) -> str:
        trade, word, legal, prefix, short, bracket = parts
        gap = " " if space else ""
        if bracket:
            left, right = ("（", "）") if full_width else ("(", ")")
            return f"{trade}{word}{left}{short}{right}{gap}{legal}"
        return f"{prefix}{gap}{trade}{word}{legal}"

    def duplicate_of(self, parts: tuple) -> str:
        """A near-duplicate spelling of a company name (same normalised key, docs/spec.md §2)."""
        trade, word, legal, prefix, short, bracket = parts
        forms = ("有限公司", "股份有限公司", "有限责任公司")
        if legal in forms:
            legal = self.pick([f for f in forms if f != legal])
        elif legal == "科技有限公司":
            legal = "科技股份有限公司"
        return self.compose((trade, word, legal, prefix, short, bracket),
                            full_width=self.r() < 0.5, space=self.r() < 0.3)

    def mobile(self) -> str:
        r = self.r
        number = ""
        for _attempt in range(5):
            number = self.pick(W.MOBILE_PREFIXES) + f"{int(r() * 100_000_000):08d}"
            if number not in self.mobiles:
                break
        self.mobiles.add(number)
        return number

    def address(self, city: tuple, individual: bool) -> str:
        r = self.r
        province, city_name = city[0], city[1]
        head = city_name if province == city_name else province + city_name
        district = self.pick(city[4])
        road = self.pick(W.ROADS)
        number = 1 + int(r() * 388)
        if individual:
            (a, _x), (b, _y) = self.rng.sample(W.TRADE_CHARS, 2)
            return (f"{head}{district}{road}{number}号{a}{b}{self.pick(W.ESTATE_WORDS)}"
                    f"{1 + int(r() * 20)}栋{1 + int(r() * 30)}{int(r() * 4) + 1:02d}室")
        building = self.pick(W.BUILDINGS)
        unit = self.pick(W.BUILDING_UNITS) if building else ""
        room = f"{1 + int(r() * 25)}{int(r() * 20) + 1:02d}室" if building and r() < 0.6 else ""
        return f"{head}{district}{road}{number}号{building}{unit}{room}"

    def contacts(self, c: _Customer, name: str, sur_py: str, given_py: str, domain: str, city: tuple,
                 copy: tuple | None) -> None:
        """1–4 contacts, the first one primary; an individual customer is their own contact."""
        r = self.r
        n = 1 if c.individual else (1 if r() < 0.55 else 2 if r() < 0.67 else 3 if r() < 0.67 else 4)
        c.contacts = []
        rows = self.chunk["contact"]
        for i in range(n):
            cid = self.next_id("contact")
            if c.individual:
                person, title = (name, sur_py, given_py), W.INDIVIDUAL_TITLE
            else:
                person, title = self.person(), W.TITLE_T[int(len(W.TITLE_T) * r())]
            mobile = "" if i and r() < 0.1 else self.mobile()
            if i == 0 and copy is not None and r() < 0.5:  # the same person registered twice
                (person, mobile) = (copy[0], person[1], person[2]), copy[1]
            left = 1 if i and r() < 0.06 else 0
            key, tail = search.phone_index_keys(mobile)
            phone = ""
            if not c.individual and r() < 0.35:
                phone = f"{city[3]}-{2 + int(r() * 7)}{int(r() * 10_000_000):07d}"
            email = self.email(person, domain)
            wechat = self.wechat(person, mobile)
            birthday, lunar = "", 0
            if r() < 0.6:
                birthday = f"{1958 + int(r() * 45)}-{1 + int(r() * 12):02d}-{1 + int(r() * 28):02d}"
                lunar = 1 if r() < 0.15 else 0
            created = c.created_s if i == 0 else c.created_s + int(r() * (self.now - c.created_s))
            text = self.fmt(created)
            rows.append((cid, c.id, person[0], title, mobile, tail, key, phone, email, wechat, birthday, lunar,
                         1 if i == 0 else 0, left, text, text))
            if not left:
                c.contacts.append((cid, person[0], mobile))
        c.primary = c.contacts[0][0]

    def email(self, person: tuple, domain: str) -> str:
        r = self.r
        x = r()
        if x < 0.2:
            return ""
        if domain and x < 0.6:
            local = f"{person[2]}.{person[1]}" if r() < 0.5 else person[1] + person[2]
            return f"{local}@{domain}"
        if x < 0.8:
            return f"{10000 + int(r() * 3_000_000_000)}@qq.com"
        return f"{person[1]}{person[2]}{int(r() * 1000)}@{self.pick(W.PUBLIC_MAIL)}"

    def wechat(self, person: tuple, mobile: str) -> str:
        r = self.r
        x = r()
        if x < 0.3:
            return ""
        if x < 0.55 and mobile:
            return mobile
        if x < 0.8:
            return f"{person[1]}{person[2]}{int(r() * 10000)}"
        return "wxid_" + "".join(self.rng.choices("abcdefghijkmnpqrstuvwxyz23456789", k=12))
