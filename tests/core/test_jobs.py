"""The daily jobs (core.jobs): registered by their domains, run together in order, once a day; a job that
fails is reported and the others still run; a bug is raised."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import crmdesk.core.domains  # noqa: F401 - every domain registers its daily job
from crmdesk.core import jobs
from crmdesk.core.customers import lifecycle
from crmdesk.core.firm import settings
from crmdesk.core.followups import cadence, reminders
from crmdesk.core.safety import backup
from crmdesk.core.store import paths
from crmdesk.core.store.models import Customer, FollowUp, RecycleBinEntry

TODAY = dt.date(2026, 11, 20)  # the day the demo data was generated for


@pytest.fixture
def db_path(demo_db, tmp_path: Path) -> Path:
    return tmp_path / "demo.db"


def _deleted_long_ago() -> int:
    """A customer in the recycle bin for 40 days (the bin keeps 30): the purge removes it."""
    customer_id = Customer.select(Customer.id).order_by(Customer.id).first().id
    lifecycle.delete_customer(customer_id)
    old = dt.datetime.combine(TODAY - dt.timedelta(days=40), dt.time(9))
    Customer.update(deleted_at=old).where(Customer.id == customer_id).execute()
    RecycleBinEntry.update(deleted_at=old).execute()
    return customer_id


def test_every_domain_registers_its_job_and_they_run_in_order() -> None:
    assert [(job.name, job.order) for job in jobs.registered()] == [
        ("backup", 10), ("purge", 20), ("tiers", 30), ("cadence", 40), ("reminders", 50), ("feed", 60)]


def test_the_daily_jobs_run_together(db_path: Path) -> None:
    gone = _deleted_long_ago()
    report = jobs.run_daily(db_path, TODAY)

    assert [r.name for r in report.results] == ["backup", "purge", "tiers", "cadence", "reminders", "feed"]
    # a file has no change feed (one writer): that job has nothing to do
    assert report.ok and [r.name for r in report.results if not r.done] == ["feed"], [r.line() for r in report.results]
    made = report.result("backup").counts["path"]
    assert [b.path for b in backup.list_backups() if b.kind == "daily"] == [Path(made)]
    assert settings.get("last_backup").startswith(TODAY.isoformat())  # written by the job's writing step
    assert report.result("purge").counts == {"purged": 1} and Customer.get_or_none(Customer.id == gone) is None
    assert settings.get("last_tier_recompute") == TODAY.isoformat()
    assert report.result("cadence").counts["added"] > 0 and settings.get(cadence.STATE_KEY)["day"] == TODAY.isoformat()
    assert settings.get(reminders.STATE_KEY) == TODAY.isoformat()
    assert report.changes.customers and report.changes.followups
    assert report.as_json()["jobs"][1] == {"name": "purge", "done": True, "counts": {"purged": 1},
                                           "seconds": report.as_json()["jobs"][1]["seconds"], "error": None}


def test_a_second_run_on_the_same_day_does_nothing(db_path: Path) -> None:
    jobs.run_daily(db_path, TODAY)
    followups, backups = FollowUp.select().count(), backup.list_backups()

    again = jobs.run_daily(db_path, TODAY)
    assert again.ok and [r.done for r in again.results] == [False] * 6 and not again.changes
    assert FollowUp.select().count() == followups and backup.list_backups() == backups
    assert jobs.run_daily(db_path, TODAY + dt.timedelta(days=1)).result("backup").done  # the next day: again


def test_a_job_that_fails_is_reported_and_the_others_still_run(db_path: Path) -> None:
    folder = paths.backups_dir()
    folder.rmdir()
    folder.write_text("not a folder")  # the backups folder cannot be written

    report = jobs.run_daily(db_path, TODAY)
    failed = report.result("backup")
    assert not report.ok and failed.error and not failed.done
    assert failed.line().startswith("备份：失败：")
    assert [r.name for r in report.results if r.done] == ["tiers", "cadence", "reminders"]
    assert report.as_json()["ok"] is False and report.as_json()["jobs"][0]["error"] == failed.error


def test_a_bug_in_a_job_is_raised_not_reported(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_ctx: jobs.JobContext, _prepared: object) -> jobs.Outcome:
        raise ZeroDivisionError

    monkeypatch.setitem(jobs._jobs, "broken", jobs.Job("broken", 25, lambda: "Broken", broken))
    with pytest.raises(ZeroDivisionError):
        jobs.run_daily(db_path, TODAY)
