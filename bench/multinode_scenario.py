"""The Django side of the multi-node run (bench/multinode.py): what it sets up
in the run's own database before the traffic, and what it checks afterwards.
Run inside the portal with ``manage.py shell -c``:

    from bench.multinode_scenario import run; run("prepare", "/tmp/.../spec.json")

Each command reads a JSON file and prints one JSON line.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from core.models import Origin, OutboundEmail
from plans.models import ActionPlan
from plans.services import demo_plan
from proposals.models import Proposal, ProposalEvent, Status
from proposals.services import MODERATORS_GROUP
from stages import engine
from stages.models import Edge, EffectRun, Stage, StageEvent, StageKind, Subscription
from worktables.models import Registration, RegistrationStatus
from worktables.services import events as event_services

DOMAIN = "multinode.test"
# The kinds of stage the run's calendar plans use: at their edges the engine
# e-mails every subscriber (opens, closes soon); none touches the demonstration.
CALENDAR_KINDS = [StageKind.AWARENESS, StageKind.CONSULTATION, StageKind.PUBLICATION]


def run(command: str, path: str) -> None:
    spec = json.loads(Path(path).read_text())
    result = {"prepare": prepare, "check": check}[command](spec)
    sys.stdout.write(json.dumps(result) + "\n")


# --- Before the traffic -----------------------------------------------------------------


def prepare(spec: dict) -> dict:
    """Staff sessions, a session to register for, confirmed subscribers, and
    calendar plans whose edges fall during the traffic (seconds after ``t0``)."""
    engine.tick()  # the seeded calendars' past edges, handled before the run
    t0 = dt.datetime.fromtimestamp(spec["t0"], tz=dt.UTC)
    demo = demo_plan()
    sessions = [_staff_session(n) for n in range(spec["staff"])]
    events = [
        event_services.schedule(
            demo,
            {
                "title": f"Jornada en línea de la prueba de varios nodos {n + 1}",
                "starts_at": timezone.now() + dt.timedelta(days=3),
                "ends_at": timezone.now() + dt.timedelta(days=3, hours=2),
                "modality": "online",
                "online_url": "https://reunion.example.org/multinodo",
                "capacity": 100_000,
                "waiting_list_size": 0,
            },
        ).pk
        for n in range(spec["events"])
    ]
    for n in range(spec["subscribers"]):
        Subscription.objects.create(email=f"aviso-{n}@{DOMAIN}", confirmed_at=timezone.now())

    stages, number = [], 0
    for n, (start, end) in enumerate(spec["edges"]):
        plan = _calendar_plan(n // len(CALENDAR_KINDS))
        stage = Stage.objects.create(
            plan=plan,
            kind=CALENDAR_KINDS[n % len(CALENDAR_KINDS)],
            starts_at=t0 + dt.timedelta(seconds=start),
            ends_at=t0 + dt.timedelta(seconds=end),
        )
        stages.append(stage.pk)
        number = n + 1
    # Beat's outage: these stages wait a month ahead until the run moves them
    # into the ten minutes beat was away (multinode.Run.move_into_the_last).
    later = timezone.now() + dt.timedelta(days=30)
    catch_up_stages = []
    for n in range(spec["catch_up_stages"]):
        plan = _calendar_plan(1000 + (number + n) // len(CALENDAR_KINDS))
        stage = Stage.objects.create(
            plan=plan,
            kind=CALENDAR_KINDS[(number + n) % len(CALENDAR_KINDS)],
            starts_at=later,
            ends_at=later + dt.timedelta(hours=1),
        )
        catch_up_stages.append(stage.pk)
    return {
        "demo": demo.slug,
        "sessions": sessions,
        "events": events,
        "stages": stages,
        "catch_up_stages": catch_up_stages,
    }


def _staff_session(n: int) -> str:
    """A signed-in moderator's session, as the login page would leave it."""
    user, _created = get_user_model().objects.get_or_create(
        username=f"moderadora-multinodo-{n}",
        defaults={"email": f"moderadora-{n}@{DOMAIN}", "is_staff": True},
    )
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _calendar_plan(n: int) -> ActionPlan:
    plan, _created = ActionPlan.objects.get_or_create(
        slug=f"calendario-multinodo-{n}",
        defaults={
            "title": f"Calendario de la prueba de varios nodos {n}",
            "start_year": 2027,
            "end_year": 2029,
            "origin": Origin.DEMO,
        },
    )
    return plan


# --- After the traffic ----------------------------------------------------------------


def check(spec: dict) -> dict:
    """Every accepted write present exactly once and whole, every due edge
    handled exactly once, every e-mail sent and counted at the sink."""
    problems: list[str] = []
    now = timezone.now()
    result = {
        "proposals": _check_proposals(spec["proposals"], problems),
        "registrations": _check_registrations(spec["registrations"], problems),
        "confirmations": _check_confirmations(spec["confirmations"], problems),
        "decisions": _check_decisions(spec["decisions"], problems),
        "calendar": _check_calendar(spec, now, problems),
        "emails": _check_emails(spec["sink_log"], spec["t0"], problems),
    }
    result["problems"] = problems
    return result


def _outcomes(attempts: dict[str, str]) -> tuple[set[str], set[str]]:
    """(accepted, not acknowledged): a request answered with an error, or cut
    off, may or may not have been saved; a refusal the portal explained is
    neither."""
    accepted = {key for key, outcome in attempts.items() if outcome == "accepted"}
    unknown = {key for key, outcome in attempts.items() if outcome == "unknown"}
    return accepted, unknown


def _check_proposals(attempts: dict[str, str], problems: list[str]) -> dict:
    accepted, unknown = _outcomes(attempts)
    stored = Counter(
        Proposal.objects.filter(email__endswith=f"@{DOMAIN}").values_list("email", flat=True)
    )
    counts = _exactly_once("proposal", accepted, unknown, set(attempts), stored, problems)
    received = Counter(
        ProposalEvent.objects.filter(
            proposal__email__endswith=f"@{DOMAIN}", to_status=Status.RECEIVED
        ).values_list("proposal_id", flat=True)
    )
    keys = set(
        OutboundEmail.objects.filter(key__startswith="proposal-received:").values_list(
            "key", flat=True
        )
    )
    for pk in Proposal.objects.filter(email__endswith=f"@{DOMAIN}").values_list("pk", flat=True):
        if received[pk] != 1:
            problems.append(f"proposal {pk}: {received[pk]} 'received' steps in its history")
        if f"proposal-received:{pk}" not in keys:
            problems.append(f"proposal {pk}: no e-mail with its tracking code")
    return {
        "attempted": len(attempts),
        "accepted": len(accepted),
        "unacknowledged": len(unknown),
        "stored": sum(stored.values()),
        **counts,
    }


def _check_registrations(attempts: dict[str, str], problems: list[str]) -> dict:
    accepted, unknown = _outcomes(attempts)
    rows = Registration.objects.filter(email__endswith=f"@{DOMAIN}")
    stored = Counter(rows.values_list("email", flat=True))
    counts = _exactly_once("registration", accepted, unknown, set(attempts), stored, problems)
    keys = set(
        OutboundEmail.objects.filter(key__startswith="registration-confirm:").values_list(
            "key", flat=True
        )
    )
    for pk in rows.values_list("pk", flat=True):
        if f"registration-confirm:{pk}" not in keys:
            problems.append(f"registration {pk}: no e-mail to confirm it")
    return {
        "attempted": len(attempts),
        "accepted": len(accepted),
        "unacknowledged": len(unknown),
        "stored": sum(stored.values()),
        **counts,
    }


def _check_confirmations(attempts: dict[str, str], problems: list[str]) -> dict:
    accepted, unknown = _outcomes(attempts)
    rows = {r.token: r for r in Registration.objects.filter(email__endswith=f"@{DOMAIN}")}
    keys = set(
        OutboundEmail.objects.filter(key__startswith="registration-").values_list("key", flat=True)
    )
    held = {RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING}
    confirmed = {token for token, r in rows.items() if r.status in held}
    for token in accepted:
        registration = rows.get(token)
        if registration is None or registration.status not in held:
            problems.append(f"confirmation {token[:8]}…: accepted but not recorded")
            continue
        notice = "seat" if registration.status == RegistrationStatus.CONFIRMED else "waiting"
        if f"registration-{notice}:{registration.pk}" not in keys:
            problems.append(f"registration {registration.pk}: confirmed without its e-mail")
    stray = confirmed - set(attempts)
    if stray:
        problems.append(f"{len(stray)} registrations confirmed that nobody confirmed")
    lost = sum(1 for token in accepted if token not in confirmed)
    return {
        "attempted": len(attempts),
        "accepted": len(accepted),
        "unacknowledged": len(unknown),
        "stored": len(confirmed),
        "lost": lost,
        "doubled": 0,  # a registration has one status: confirming twice changes nothing
    }


def _check_decisions(attempts: dict[str, str], problems: list[str]) -> dict:
    accepted, unknown = _outcomes(attempts)
    published = Counter(
        str(pk)
        for pk in ProposalEvent.objects.filter(
            proposal__email__endswith=f"@{DOMAIN}", to_status=Status.PUBLISHED
        ).values_list("proposal_id", flat=True)
    )
    counts = _exactly_once(
        "decision on proposal", accepted, unknown, set(attempts), published, problems
    )
    events = ProposalEvent.objects.filter(
        proposal__email__endswith=f"@{DOMAIN}", to_status=Status.PUBLISHED
    ).values_list("pk", flat=True)
    keys = set(
        OutboundEmail.objects.filter(key__startswith="proposal-status:").values_list(
            "key", flat=True
        )
    )
    for pk in events:
        if f"proposal-status:{pk}" not in keys:
            problems.append(f"decision {pk}: the proposer was not e-mailed")
    return {
        "attempted": len(attempts),
        "accepted": len(accepted),
        "unacknowledged": len(unknown),
        "stored": sum(published.values()),
        **counts,
    }


def _exactly_once(what, accepted, unknown, attempted, stored: Counter, problems) -> dict:
    """Accepted: stored once. Unacknowledged: once or not at all. Refused:
    not at all. Nothing stored that nobody sent. Returns lost and doubled."""
    lost = doubled = 0
    for key in sorted(accepted):
        if stored[key] != 1:
            problems.append(f"{what} {key}: accepted, stored {stored[key]} times")
            lost += stored[key] == 0
    for key in sorted(unknown):
        if stored[key] > 1:
            problems.append(f"{what} {key}: unacknowledged, stored {stored[key]} times")
    for key in sorted(attempted - accepted - unknown):
        if stored[key]:
            problems.append(f"{what} {key}: refused, yet stored {stored[key]} times")
    for key in sorted(set(stored) - attempted):
        problems.append(f"{what} {key}: stored, yet nobody sent it")
    doubled = sum(n > 1 for n in stored.values())
    return {"lost": lost, "doubled": doubled}


def _check_calendar(spec: dict, now: dt.datetime, problems: list[str]) -> dict:
    """Every edge of every calendar whose time has come handled exactly once,
    its effects done once; no edge handled ahead of its time."""
    events = defaultdict(list)
    for event in StageEvent.objects.all():
        events[(event.stage_id, event.edge)].append(event)
    due = fired = 0
    stages = Stage.objects.select_related("plan").exclude(plan__origin=Origin.SYNTHETIC)
    for stage in stages:
        for edge in Edge.values:
            handled = events.get((stage.pk, edge), [])
            if stage.edge_time(edge) <= now - dt.timedelta(seconds=spec["tick_grace"]):
                due += 1
                fired += len(handled) == 1
                if len(handled) != 1:
                    problems.append(f"stage {stage.pk} {edge}: handled {len(handled)} times")
            elif stage.edge_time(edge) > now and handled:
                problems.append(f"stage {stage.pk} {edge}: handled before its time")
    scenario = set(spec["stages"]) | set(spec["catch_up_stages"])
    runs = EffectRun.objects.filter(event__stage__in=scenario)
    for run in runs.exclude(status=EffectRun.Status.DONE, attempts=1):
        problems.append(f"effect {run.effect} on {run.event_id}: {run.status}, x{run.attempts}")
    failed = StageEvent.objects.filter(stage__in=scenario).exclude(result=StageEvent.Result.DONE)
    for event in failed:
        problems.append(f"calendar event {event.pk}: {event.result}")
    # The stages moved into beat's outage: handled by the ticks after it came
    # back (a tick still queued when it stopped could take some first).
    caught = list(StageEvent.objects.filter(stage__in=spec["catch_up_stages"]))
    beat_back = spec.get("beat_back")
    delays = [e.fired_at.timestamp() - beat_back for e in caught if beat_back]
    return {
        "edges_due": due,
        "edges_fired_once": fired,
        "scenario_edges": StageEvent.objects.filter(stage__in=scenario).count(),
        "effects_run": runs.count(),
        "caught_up": len(caught),
        "caught_up_before_beat_was_back": sum(delay < 0 for delay in delays),
        "caught_up_within_seconds_of_beat": round(max(delays), 1) if delays else None,
    }


def _check_emails(sink_log: str, t0: float, problems: list[str]) -> dict:
    copies: Counter[str] = Counter()
    moments: dict[str, list[float]] = defaultdict(list)
    refused = discarded = 0
    for line in Path(sink_log).read_text().splitlines():
        record = json.loads(line)
        if record["event"] == "accepted":
            copies[record["message_id"]] += 1
            moments[record["message_id"]].append(round(record["at"] - t0, 1))
        elif record["event"] == "refused":
            refused += 1
        else:
            discarded += 1
    rows = OutboundEmail.objects.values_list("pk", "status", "key")
    statuses = Counter(status for _pk, status, _key in rows)
    ids = {}
    for pk, status, key in rows:
        ids[_message_id(pk)] = (status, key)
    lost = [key for mid, (_status, key) in ids.items() if copies[mid] == 0]
    duplicated = {mid: n for mid, n in copies.items() if n > 1 and mid in ids}
    ghosts = [mid for mid in copies if mid not in ids]
    for key in lost[:20]:
        problems.append(f"e-mail {key}: never reached the sink")
    if len(lost) > 20:
        problems.append(f"… and {len(lost) - 20} more e-mails never reached the sink")
    for mid in ghosts[:20]:
        problems.append(f"the sink got {mid}, which is no e-mail of the outbox")
    not_sent = {status: n for status, n in statuses.items() if status != "sent"}
    if not_sent:
        problems.append(f"e-mails not sent at the end: {not_sent}")
    return {
        "rows": len(ids),
        "sent": statuses.get("sent", 0),
        "at_sink": sum(copies.values()),
        "distinct_at_sink": len(copies),
        "lost": len(lost),
        "duplicate_copies": sum(n - 1 for n in duplicated.values()),
        # When each copy reached the sink (seconds into the traffic), to tell
        # which fault cut off the worker between the sink's reply and its commit.
        "duplicated": {ids[mid][1]: moments[mid] for mid in duplicated},
        "refused_by_sink": refused,
        "discarded_by_sink": discarded,
        "by_kind": dict(Counter(key.split(":", 1)[0] for _s, key in ids.values())),
    }


def _message_id(pk: int) -> str:
    from urllib.parse import urlsplit

    from django.conf import settings

    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<outbox-{pk}@{domain}>"
