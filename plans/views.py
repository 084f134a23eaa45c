"""The public pages of the plans domain. Other apps add their parts to these
pages through panels (core/panels.py): the calendar, proposals, work tables."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core import share_images
from core.cache import public_page
from core.components import Download
from core.streaming import download

from . import selectors
from .commitment_io import commitments_for_export, iter_csv, iter_json
from .models import ActionPlan, Commitment, Forum, ForumMeeting, OGPValue, PlanDocument


@public_page
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "plans/home.html",
        {"plans": selectors.official_plans(), "ogp_values": OGPValue},
    )


@public_page
def plan_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "plans/plan_list.html",
        {"plans": selectors.official_plans(), "other_plans": selectors.other_plans()},
    )


@public_page
def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    plan = selectors.plan_for_page(slug)
    label = _("Commitments and milestones")
    downloads = [
        Download(label, reverse("plans:plan_commitments_csv", args=[plan.slug]), "CSV"),
        Download(label, reverse("plans:plan_commitments_json", args=[plan.slug]), "JSON"),
    ]
    documents = [_document_link(document) for document in plan.documents.all()]
    return render(
        request,
        "plans/plan_detail.html",
        {"plan": plan, "downloads": downloads, "documents": documents},
    )


def _document_link(document: PlanDocument) -> Download:
    """An official document as the download list shows it: its title and date,
    and its format (and size, for a PDF kept here) or the site it is on."""
    label = document.title
    if document.published_on:
        label = f"{label}, {date_format(document.published_on, 'DATE_FORMAT')}"
    if document.file:
        return Download(label, document.address, "PDF", document.size)
    address = urlsplit(document.url)
    if address.path.lower().endswith(".pdf"):
        fmt = _("PDF on %(site)s") % {"site": address.hostname}
    else:
        fmt = _("web page on %(site)s") % {"site": address.hostname}
    return Download(label, document.url, fmt)


@public_page
def commitment_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    commitment = selectors.commitment_for_page(slug, number)
    return render(request, "plans/commitment_detail.html", {"commitment": commitment})


def plan_share_image(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(
        ActionPlan.objects.only("title", "start_year", "end_year", "status"), slug=slug
    )
    picture = share_images.png(
        f"{plan.title} {plan.period}",
        kicker=_("Open Government action plan"),
        subtitle=plan.get_status_display(),
        footer=_("Open Government Chile"),
    )
    return share_images.response(picture)


def commitment_share_image(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    commitment = get_object_or_404(
        Commitment.objects.select_related("plan", "responsible_institution").only(
            "number",
            "title",
            "plan__title",
            "plan__start_year",
            "plan__end_year",
            "responsible_institution__name",
        ),
        plan__slug=slug,
        number=number,
    )
    plan = commitment.plan
    picture = share_images.png(
        commitment.title,
        kicker=pgettext("share image", "%(plan)s %(period)s · Commitment No. %(number)s")
        % {"plan": plan.title, "period": plan.period, "number": commitment.number},
        subtitle=commitment.responsible_institution.name,
        footer=_("Open Government Chile"),
    )
    return share_images.response(picture)


@public_page
def forum(request: HttpRequest) -> HttpResponse:
    record = selectors.forum_record()
    return render(request, "plans/forum.html", {"record": record, "forum": record and record.forum})


def plan_document(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """An official document of a plan uploaded here (one published elsewhere is
    a link to it)."""
    document = get_object_or_404(
        PlanDocument.objects.exclude(file="").only("file", "plan__slug").select_related("plan"),
        plan__slug=slug,
        pk=pk,
    )
    return _pdf(document.file, f"{slug}-documento-{pk}.pdf")


def forum_rules(request: HttpRequest) -> FileResponse:
    forum = Forum.objects.exclude(rules_document="").only("rules_document").first()
    if forum is None:
        raise Http404
    return _pdf(forum.rules_document, "reglamento-mesa-de-gobierno-abierto.pdf")


def forum_minutes(request: HttpRequest, pk: int) -> FileResponse:
    meeting = get_object_or_404(
        ForumMeeting.objects.exclude(minutes_document="").only("minutes_document", "held_on"),
        pk=pk,
    )
    return _pdf(meeting.minutes_document, f"acta-mesa-{meeting.held_on:%Y-%m-%d}.pdf")


def _pdf(field, filename: str) -> FileResponse:
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )


def plan_commitments_download(request: HttpRequest, slug: str, fmt: str) -> StreamingHttpResponse:
    plan = get_object_or_404(ActionPlan.objects.only("pk", "slug"), slug=slug)
    commitments = commitments_for_export(ActionPlan.objects.filter(pk=plan.pk)).iterator(
        chunk_size=500
    )
    chunks = iter_json(commitments) if fmt == "json" else iter_csv(commitments)
    return download(chunks, fmt, f"compromisos-{plan.slug}")
