"""The forum's public record in the staff area (``/gestion/mesa/``): its rules
of operation, its seats with their terms, its meetings with agenda, minutes
and attendance. Every write goes through services; the public page is
``/mesa-de-gobierno-abierto/``."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.permissions import staff_view

from . import selectors, services
from .forms import ForumMeetingForm, ForumMemberForm, ForumSettingsForm
from .models import Forum, ForumMeeting, ForumMember

KEEP = "plans.keep_forum_record"


def _forum() -> Forum:
    forum = Forum.objects.order_by("pk").first()
    if forum is None:  # `manage.py seed` creates it
        raise Http404
    return forum


@staff_view(KEEP)
@require_http_methods(["GET", "POST"])
def forum(request: HttpRequest) -> HttpResponse:
    forum = _forum()
    form = ForumSettingsForm(request.POST or None, request.FILES or None, instance=forum)
    if request.method == "POST" and form.is_valid():
        services.save_forum_settings(
            form.save(commit=False), request.user, form.cleaned_data.get("rules_upload")
        )
        messages.success(request, _("Saved. The forum's public page shows it."))
        return redirect("plans:staff_forum")
    return render(
        request,
        "plans/staff/forum.html",
        {"form": form, "record": selectors.forum_record()},
        status=400 if request.method == "POST" else 200,
    )


@staff_view(KEEP)
@require_http_methods(["GET", "POST"])
def member_create(request: HttpRequest) -> HttpResponse:
    return _member_form(request, ForumMember(forum=_forum()))


@staff_view(KEEP)
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _member_form(request, get_object_or_404(ForumMember, pk=pk))


def _member_form(request: HttpRequest, member: ForumMember) -> HttpResponse:
    form = ForumMemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        services.save_member(form.save(commit=False), request.user)
        messages.success(request, _("The seat is saved."))
        return redirect("plans:staff_forum")
    return render(
        request,
        "plans/staff/member_form.html",
        {"form": form, "member": member},
        status=400 if request.method == "POST" else 200,
    )


@staff_view(KEEP)
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    return _meeting_form(request, ForumMeeting(forum=_forum()))


@staff_view(KEEP)
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_form(request, get_object_or_404(ForumMeeting, pk=pk))


def _meeting_form(request: HttpRequest, meeting: ForumMeeting) -> HttpResponse:
    form = ForumMeetingForm(
        request.POST or None, request.FILES or None, instance=meeting, forum=meeting.forum
    )
    if request.method == "POST" and form.is_valid():
        saved = services.save_meeting(
            form.save(commit=False),
            [member.pk for member in form.cleaned_data["attendees"]],
            request.user,
            form.cleaned_data.get("minutes_upload"),
        )
        messages.success(request, _("The meeting is saved and public."))
        return redirect("plans:staff_meeting", pk=saved.pk)
    return render(
        request,
        "plans/staff/meeting_form.html",
        {"form": form, "meeting": meeting},
        status=400 if request.method == "POST" else 200,
    )
