"""What the calendar engine does at a stage's edges: e-mail notices to the
subscribers (the reminder to the forum before the selection closes is the
selection app's, which knows what each member has still to score).

Each effect runs inside the transaction that records the edge's StageEvent and
only writes outbox rows (sent after commit). Keys name the event and the
recipient, so if the same event's effects ran again nothing new is queued.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.mail import Email, queue_many
from plans.models import Origin

from .engine import on_edge
from .models import Edge, Stage, StageEvent, Subscription
from .services import absolute_url

NOTIFIED_ORIGINS = {Origin.OFFICIAL, Origin.DEMO}


@on_edge(Edge.START, label=_("E-mail the subscribers that the stage opened"))
def notify_stage_opened(stage: Stage, event: StageEvent) -> str:
    return _notify_subscribers(stage, event, "stage-open", "stage_opened")


@on_edge(Edge.CLOSING_SOON, label=_("E-mail the subscribers that the stage closes soon"))
def notify_stage_closing(stage: Stage, event: StageEvent) -> str:
    return _notify_subscribers(stage, event, "stage-closing", "stage_closing")


def not_notified() -> str:
    return gettext("No e-mails: this is not an official or demonstration process.")


def queued(count: int) -> str:
    return ngettext("%(count)d e-mail queued.", "%(count)d e-mails queued.", count) % {
        "count": count
    }


def _notify_subscribers(stage: Stage, event: StageEvent, key_prefix: str, template: str) -> str:
    if stage.plan.origin not in NOTIFIED_ORIGINS:
        return not_notified()
    return queued(queue_many(_subscriber_emails(stage, event, key_prefix, template)))


def _subscriber_emails(
    stage: Stage, event: StageEvent, key_prefix: str, template: str
) -> Iterator[Email]:
    contexts: dict[str, dict] = {}
    subscribers = Subscription.objects.active().only("pk", "email", "language", "token")
    for subscription in subscribers.order_by("pk").iterator(chunk_size=2000):
        language = subscription.language
        if language not in contexts:
            contexts[language] = stage_context(stage, language)
        yield Email(
            key=f"{key_prefix}:{event.pk}:{subscription.pk}",
            to=subscription.email,
            template=template,
            context=contexts[language],
            language=language,
            unsubscribe_url=absolute_url("stages:unsubscribe", subscription, language),
        )


def stage_context(stage: Stage, language: str) -> dict[str, str | int]:
    """Names and dates in the recipient's language, fixed when queued."""
    with translation.override(language):
        return {
            # How long the closing notice comes before the end: the setting,
            # or less for a stage shorter than that.
            "notice_hours": round((stage.ends_at - stage.closing_soon_at).total_seconds() / 3600),
            "plan_title": stage.plan.title,
            "stage_name": str(stage.get_kind_display()),
            "closes_on": formats.date_format(
                timezone.localtime(stage.last_moment), "DATETIME_FORMAT"
            ),
            "plan_url": settings.SITE_URL + stage.plan.get_absolute_url(),
        }
