"""The proposal form in steps: a draft kept on the server between steps, so a
proposer can go back without losing text, leave, and come back by a link
e-mailed to them. Nothing is public and no Proposal exists until they send it.

The link carries a random token; the table stores only its SHA-256. A draft
lives ``PROPOSAL_DRAFT_DAYS`` at most (never past its plan's reception), is
deleted when sent, and ``manage.py prune`` deletes it once expired.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.mail import queue_email
from plans.models import ActionPlan
from stages.models import StageKind

from . import services
from .models import Proposal, ProposalDraft


@dataclass(frozen=True)
class Step:
    number: int
    slug: str
    title: str
    fields: tuple[str, ...]


STEPS = (
    Step(1, "problema", _("The problem"), ("title", "problem")),
    Step(
        2,
        "compromiso",
        _("The commitment"),
        ("description", "actors", "activities", "responsible_institution", "values"),
    ),
    Step(
        3,
        "quien",
        _("Who you are"),
        ("name", "email", "show_name", "sector", "organisation", "region"),
    ),
)
# The last step of the progress indicator: the summary, with the consent and
# the attachment, from which the proposal is sent.
REVIEW = len(STEPS) + 1
STEP_OF_FIELD = {name: step.number for step in STEPS for name in step.fields}
OPTIONAL_FIELDS = {"actors", "responsible_institution", "show_name", "organisation"}
LIST_FIELDS = {"values"}
BOOLEAN_FIELDS = {"show_name"}


class DraftGone(Exception):
    """The draft's link is unknown, or the draft expired."""

    def __init__(self, expired_at: dt.datetime | None = None):
        super().__init__()
        self.expired_at = expired_at


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def get(plan: ActionPlan, token: str) -> ProposalDraft:
    """The draft behind a link, or DraftGone (unknown, sent, or expired)."""
    draft = ProposalDraft.objects.filter(plan=plan, token_hash=_hash(token)).first()
    if draft is None:
        raise DraftGone
    if draft.expires_at <= timezone.now():
        raise DraftGone(expired_at=draft.expires_at)
    return draft


def answered(data: dict, step: Step) -> bool:
    """Whether a step's required answers are all there (not whether they are
    valid: the summary checks that)."""
    return all(data.get(name) for name in step.fields if name not in OPTIONAL_FIELDS)


def _expiry(plan: ActionPlan) -> dt.datetime:
    """``PROPOSAL_DRAFT_DAYS`` from now, but never past the reception's end:
    after it the draft could not be sent anyway."""
    expiry = timezone.now() + dt.timedelta(days=settings.PROPOSAL_DRAFT_DAYS)
    reception = next((s for s in plan.stages.all() if s.kind == StageKind.RECEPTION), None)
    return min(expiry, reception.ends_at) if reception else expiry


def answers(data, fields) -> dict:
    """What a step received, as typed, ready to store as JSON: only that step's
    fields, bounded in length, without the NUL characters PostgreSQL refuses."""
    kept = {}
    for name in fields:
        if name in LIST_FIELDS:
            kept[name] = [str(v).replace("\x00", "")[:50] for v in data.getlist(name)][:10]
        elif name in BOOLEAN_FIELDS:
            kept[name] = data.get(name) in {"on", "true", "True", "1"}
        else:
            kept[name] = str(data.get(name, "")).replace("\x00", "")[:3000]
    return kept


def start(plan: ActionPlan, token: str, started_at: dt.datetime) -> ProposalDraft:
    """A new, empty draft, opened by ``token``."""
    return ProposalDraft.objects.create(
        plan=plan,
        token_hash=_hash(token),
        started_at=started_at,
        expires_at=_expiry(plan),
    )


def save(draft: ProposalDraft, data: dict, step: int) -> None:
    """Keep a step's answers (even incomplete) and where the proposer is."""
    draft.data = {**draft.data, **data}
    draft.step = step
    draft.save(update_fields=["data", "step", "updated_at"])


def link(draft: ProposalDraft, token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "proposals:draft_resume", args=[draft.plan.slug, token]
    )


@transaction.atomic
def send_link(draft: ProposalDraft, token: str, email: str) -> None:
    """E-mail the link to come back to the draft. One e-mail per address and
    draft a day: asking again the same day does not send it twice."""
    draft.email = email
    draft.save(update_fields=["email", "updated_at"])
    language = translation.get_language() or "es-cl"
    queue_email(
        f"proposal-draft:{draft.pk}:{email.casefold()}:{timezone.localdate().isoformat()}",
        email,
        "proposal_draft",
        {
            "title": draft.data.get("title", ""),
            "plan": str(draft.plan),
            "link": link(draft, token),
            "expires_on": date_format(timezone.localtime(draft.expires_at), "DATE_FORMAT"),
        },
        language=language,
    )


@transaction.atomic
def submit(draft: ProposalDraft, proposal: Proposal) -> Proposal:
    """Store the proposal as the one-page form does, and drop the draft."""
    proposal = services.submit(draft.plan, proposal)
    ProposalDraft.objects.filter(pk=draft.pk).delete()
    return proposal


def prune_expired(cutoff: dt.datetime) -> dict[str, int]:
    """Delete expired drafts. ``cutoff`` is now minus the retention period; a
    draft is kept only until it expires, so the pruner counts from now."""
    now = cutoff + dt.timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)
    deleted, _by_model = ProposalDraft.objects.filter(expires_at__lte=now).delete()
    return {"proposal drafts deleted": deleted}
