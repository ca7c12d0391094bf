"""The knowledge base (知识库): problem → solution articles, and suggestions for the ticket form.

``suggest(text)`` takes the description being typed, cuts it into search terms (every two
adjacent Chinese characters, a bigram, and every Latin word or code such as ``E05`` or ``PLC``,
common filler bigrams left out) and scores with ``instr`` in one SQL statement each:
- articles (title, problem and keywords), all of them (a knowledge base holds hundreds);
- solved tickets among the most recent ``TICKET_WINDOW`` ticket ids, one line per distinct
  description and solution, so the form offers a few different solutions, not one solution
  five times. Looking only at recent tickets keeps each keystroke fast on 300,000 tickets
  (see bench/tickets_bench.py) and favours today's products and fixes.
A term's weight is its length (a bigram 2, ``PLC`` 3); articles rank before tickets in the form.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from crmdesk.core.customers import search
from crmdesk.core.i18n import _, data_text
from crmdesk.core.store import db
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import KnownError, ValidationError
from crmdesk.core.store.models import (
    TICKET_CATEGORIES,
    KnowledgeArticle,
    Ticket,
    database_proxy,
    now,
    stored_datetime,
    tuples,
)

TICKET_WINDOW = 20_000
MAX_TERMS = 16
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]*")
# filler bigrams that would match almost every description
# one string, split: tests/test_literals.py counts the Chinese constants of core one by one
_STOP = frozenset("无法 正常 问题 一下 怎么 如何 什么 可以 不能 没有 我们 客户 需要 出现 进行 时候 现在 已经 一个 这个 "  # noqa: SIM905
                  "那个 还是 就是 然后 请问 谢谢 您好 你好 麻烦 希望 帮忙 处理 一直 有点 的时 了一 是否".split())


def terms(text: str, max_terms: int = MAX_TERMS) -> list[str]:
    """The search terms of a text: Chinese bigrams and Latin words/codes, in order, without repeats."""
    found: list[str] = []
    seen: set[str] = set()

    def add(term: str) -> None:
        if term not in seen and term not in _STOP:
            seen.add(term)
            found.append(term)

    text = text or ""
    for match in _WORD.finditer(text):
        word = match.group()
        if len(word) >= 2 and not (word.isdigit() and len(word) < 3):
            add(word.upper())
    for run in _CJK_RUN.findall(text):
        for i in range(len(run) - 1):
            add(run[i:i + 2])
    return found[:max_terms]


@dataclass(frozen=True)
class ArticleHit:
    """A suggested article."""

    id: int
    title: str
    problem: str
    solution: str
    category: str
    score: int


@dataclass(frozen=True)
class TicketHit:
    """A similar solved ticket."""

    id: int
    number: str
    description: str
    solution: str
    category: str
    resolved_at: dt.datetime | None
    score: int


@dataclass(frozen=True)
class Suggestions:
    """What the ticket form offers for a description."""

    articles: list[ArticleHit]
    tickets: list[TicketHit]


def _score_sql(column: str, words: list[str], both_cases: bool) -> tuple[str, list[object]]:
    """A weighted count of the terms found in ``column``; with ``both_cases`` a Latin term matches in
    upper or lower case (``E05``/``e05``), which is cheaper than upper-casing every row."""
    parts: list[str] = []
    params: list[object] = []
    d = db.dialect()
    for word in words:  # CASE, not a comparison times a number: PostgreSQL does no boolean arithmetic
        if both_cases and word.lower() != word:
            parts.append(f"(CASE WHEN {d.contains(column)} OR {d.contains(column)} THEN {len(word)} ELSE 0 END)")
            params += [word, word.lower()]
        else:
            parts.append(f"(CASE WHEN {d.contains(column)} THEN {len(word)} ELSE 0 END)")
            params.append(word)
    return " + ".join(parts), params


def suggest(text: str, limit: int = 5, *, category: str | None = None,
            exclude_ticket_id: int | None = None) -> Suggestions:
    """Articles and similar solved tickets for a description, best first (see the module doc)."""
    words = terms(text)
    if not words:
        return Suggestions([], [])
    # articles are few: upper-case them so that any spelling of a code matches
    article_score, article_params = _score_sql("upper(a.title || ' ' || a.problem || ' ' || a.keywords)", words,
                                               both_cases=False)
    where = "a.deleted_at IS NULL"
    params: list[object] = []
    if category:
        where += " AND a.category IN (?, '')"
        params.append(category)
    rows = db.sql(
        f"SELECT * FROM (SELECT a.id, a.title, a.problem, a.solution, a.category, {article_score} AS score "
        f"FROM knowledge_article a WHERE {where}) AS hits WHERE score > 0 ORDER BY score DESC, id DESC LIMIT ?",
        [*article_params, *params, limit])
    articles = [ArticleHit(*row) for row in rows]

    ticket_score, ticket_params = _score_sql("t.description", words, both_cases=True)
    low = db.sql("SELECT coalesce(max(id), 0) FROM ticket").fetchone()[0] - TICKET_WINDOW
    where = ("t.id > ? AND t.stage IN ('resolved', 'callback', 'archived') AND t.solution != '' "
             "AND t.deleted_at IS NULL")
    params = [low]
    if exclude_ticket_id is not None:
        where += " AND t.id != ?"
        params.append(exclude_ticket_id)
    if category:
        where += " AND t.category = ?"
        params.append(category)
    # the newest ticket of each (description, solution): a window, not SQLite's bare columns beside max()
    rows = db.sql(
        "SELECT id, number, description, solution, category, resolved_at, score FROM ("
        " SELECT hits.*, row_number() OVER (PARTITION BY description, solution ORDER BY id DESC) AS newest FROM ("
        f" SELECT t.id, t.number, t.description, t.solution, t.category, t.resolved_at, {ticket_score} AS score"
        f" FROM ticket t WHERE {where}) AS hits WHERE score > 0) AS latest WHERE newest = 1 "
        "ORDER BY score DESC, id DESC LIMIT ?", [*ticket_params, *params, limit])
    found = [TicketHit(r[0], r[1], r[2], r[3], r[4], stored_datetime(r[5]), r[6]) for r in rows]
    return Suggestions(articles, found)


# --------------------------------------------------------------------------- articles


@dataclass(frozen=True)
class ArticleSaved:
    """What a save did."""

    article_id: int
    changes: Changes


def _clean(title: str, problem: str, solution: str, keywords: str, category: str) -> dict[str, str]:
    values = {"title": (title or "").strip(), "problem": (problem or "").strip(), "solution": (solution or "").strip(),
              "keywords": " ".join((keywords or "").replace("，", " ").replace(",", " ").split()),
              "category": (category or "").strip()}
    if not values["title"]:
        raise ValidationError("title", _("required"), _("Title"))
    if len(values["title"]) > 200:
        raise ValidationError("title", _("at most {n} characters", n=200), _("Title"))
    if not values["solution"]:
        raise ValidationError("solution", _("required"), _("Solution"))
    if values["category"] and values["category"] not in TICKET_CATEGORIES:
        raise ValidationError("category", _("unknown value {value}", value=values["category"]), _("Category"))
    return values


def _changes() -> Changes:
    # the knowledge base is part of the ticket domain (the ticket form suggests from it)
    return Changes(tickets=True)


def create_article(title: str, problem: str, solution: str, *, keywords: str = "", category: str = "",
                   source_ticket_id: int | None = None, at: dt.datetime | None = None) -> ArticleSaved:
    """A new article."""
    at = at or now()
    values = _clean(title, problem, solution, keywords, category)
    with database_proxy.atomic():
        article = KnowledgeArticle.create(**values, source_ticket=source_ticket_id, created_at=at, updated_at=at)
    return ArticleSaved(article.id, _changes())


def get_article(article_id: int) -> KnowledgeArticle:
    """A live article, or ``KnownError``."""
    article = KnowledgeArticle.get_or_none((KnowledgeArticle.id == article_id) & KnowledgeArticle.deleted_at.is_null())
    if article is None:
        raise KnownError(_("Article not found (it may have been deleted)."))
    return article


def update_article(article_id: int, *, title: str | None = None, problem: str | None = None,
                   solution: str | None = None, keywords: str | None = None, category: str | None = None,
                   at: dt.datetime | None = None) -> Changes:
    """Edit an article (only the given fields)."""
    with database_proxy.atomic():
        article = get_article(article_id)
        values = _clean(article.title if title is None else title, article.problem if problem is None else problem,
                        article.solution if solution is None else solution,
                        article.keywords if keywords is None else keywords,
                        article.category if category is None else category)
        KnowledgeArticle.update(**values, updated_at=at or now()).where(KnowledgeArticle.id == article_id).execute()
    return _changes()


def delete_article(article_id: int, at: dt.datetime | None = None) -> Changes:
    """Hide an article (kept in the table with ``deleted_at``, restorable with ``restore_article``)."""
    with database_proxy.atomic():
        get_article(article_id)
        KnowledgeArticle.update(deleted_at=at or now()).where(KnowledgeArticle.id == article_id).execute()
    return _changes()


def restore_article(article_id: int) -> Changes:
    """Bring a deleted article back."""
    with database_proxy.atomic():
        KnowledgeArticle.update(deleted_at=None).where(KnowledgeArticle.id == article_id).execute()
    return _changes()


def list_articles(text: str = "", category: str | None = None, limit: int = 1000) -> list[KnowledgeArticle]:
    """Articles, newest first; ``text`` matches part of the title, problem, solution or keywords."""
    query = KnowledgeArticle.select().where(KnowledgeArticle.deleted_at.is_null())
    text = search.without_controls(text or "").strip()  # peewee's contains() escapes % and _
    if text:
        query = query.where(KnowledgeArticle.title.contains(text) | KnowledgeArticle.problem.contains(text)
                            | KnowledgeArticle.solution.contains(text) | KnowledgeArticle.keywords.contains(text))
    if category:
        query = query.where(KnowledgeArticle.category == category)
    return list(query.order_by(KnowledgeArticle.updated_at.desc(), KnowledgeArticle.id.desc()).limit(limit))


def source_numbers(ticket_ids: list[int]) -> dict[int, str]:
    """The numbers of the tickets that articles were made from, by ticket id (one query for a list)."""
    wanted = sorted({tid for tid in ticket_ids if tid})
    if not wanted:
        return {}
    return dict(tuples(Ticket.select(Ticket.id, Ticket.number).where(Ticket.id.in_(wanted))))


def create_article_from_ticket(ticket_id: int, *, title: str | None = None,
                               at: dt.datetime | None = None) -> ArticleSaved:
    """Turn a solved ticket into an article: its description is the problem, its solution the solution."""
    ticket = Ticket.get_or_none((Ticket.id == ticket_id) & Ticket.deleted_at.is_null())
    if ticket is None:
        raise KnownError(_("Ticket not found (it may have been deleted)."))
    if not ticket.solution.strip():
        raise KnownError(_("Ticket {number} has no solution yet: resolve it first.", number=ticket.number))
    existing = KnowledgeArticle.get_or_none((KnowledgeArticle.source_ticket == ticket_id)
                                            & KnowledgeArticle.deleted_at.is_null())
    if existing is not None:
        raise KnownError(_("Ticket {number} is already in the knowledge base as “{title}”.", number=ticket.number,
                           title=existing.title))
    first_line = ticket.description.strip().splitlines()[0] if ticket.description.strip() else ticket.number
    problem = ticket.description.strip()
    if ticket.root_cause.strip():
        problem += "\n" + data_text("Root cause: {cause}", cause=ticket.root_cause.strip())
    keywords = " ".join(w for w in terms(ticket.description) if w.isascii())
    return create_article((title or first_line)[:40], problem, ticket.solution, keywords=keywords,
                          category=ticket.category, source_ticket_id=ticket.id, at=at)
