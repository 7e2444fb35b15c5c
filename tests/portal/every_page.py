"""The demo, and every page of the project filled with its objects (for test_every_page_in_thai).

`arrange_demo()` runs `manage.py seed_demo` and adds what the demo lacks but pages show (an
attachment, an invitation, a conflict, a group, django-axes' login records). `site_pages`
walks every URL pattern (`get_resolver()`) and fills its arguments with the demo's objects:
each call, a proposal of each call in each state, the reviewer's proposal in each state of
its assignment, and so on. `admin_pages` lists the admin's pages of every registered model.
"""

from dataclasses import dataclass, field
from io import StringIO

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from api.services import create_token
from grants.models import Call
from portal.demo import DEMO_USERS
from portal.enums import DataExportState, Role
from portal.models import DataExport, Invitation, Notification, User
from proposals.enums import MemberRole
from proposals.models import (
    Attachment,
    Organisation,
    OrganisationMembership,
    Proposal,
    ProposalVersion,
    SimilarProposal,
    TeamInvitation,
)
from reviews.enums import ConflictSource
from reviews.models import (
    AgendaItem,
    Amendment,
    Appeal,
    Assignment,
    Conflict,
    Meeting,
    PanelMember,
    PitchSlot,
    Publication,
)
from reviews.services.appeals import publish_amendment

ANONYMOUS = "anonymous"
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@dataclass(frozen=True)
class Page:
    url: str
    pattern: str = ""  # the URL name: once it answers 405 to a GET, its other URLs are skipped
    post: bool = False
    data: dict = field(default_factory=dict, hash=False)
    follow: bool = False


@dataclass
class Demo:
    users: dict[str, User]
    calls: list[Call]
    proposals: list[Proposal]  # one of each call in each state, and the reviewer's
    attachment: Attachment
    invitation: Invitation
    sessions: dict[str, str] = field(default_factory=dict)


def arrange_demo() -> Demo:
    call_command("seed_demo", stdout=StringIO())
    users = {roles[0].value: User.objects.get(email=email) for email, _n, roles in DEMO_USERS}
    applicant, officer = users[Role.APPLICANT], users[Role.OFFICER]
    draft = Proposal.objects.filter(organisation__members=applicant, submitted_at=None).first()
    attachment = Attachment.objects.create(
        proposal=draft,
        file=ContentFile(PDF_BYTES, name="plan.pdf"),
        original_name="แผนงาน.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        uploaded_by=applicant,
    )
    invitation = Invitation.objects.create(
        email="expert@example.org",
        full_name="ดร.ผู้เชี่ยวชาญ",
        role=Role.REVIEWER,
        invited_by=officer,
        expires_at=timezone.now() + timezone.timedelta(days=14),
    )
    reviewed = Assignment.objects.filter(reviewer=users[Role.REVIEWER]).first().proposal
    Conflict.objects.create(
        proposal=reviewed,
        reviewer=users[Role.COMMITTEE],
        source=ConflictSource.choices[0][0],
        reason="เคยเป็นที่ปรึกษาของหน่วยงาน",
    )
    _pitch_stage(users)
    Group.objects.create(name="ผู้ช่วยเจ้าหน้าที่")
    _amendment(officer)
    _agreement_terms(officer)
    create_token(applicant, name="สคริปต์รายงานประจำเดือน")  # its admin pages
    # The applicant's copy of their data, ready (its download page and admin pages).
    export = DataExport.objects.create(
        user=applicant,
        state=DataExportState.READY,
        ready_at=timezone.now(),
        expires_at=timezone.now() + timezone.timedelta(days=7),
    )
    export.file.save("data.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=True)
    _login_records()
    return Demo(
        users=users,
        calls=list(Call.objects.order_by("pk")),
        proposals=_representative_proposals(users[Role.REVIEWER]),
        attachment=attachment,
        invitation=invitation,
    )


def _amendment(officer: User) -> None:
    """A published correction of last year's results, for the amendment's PDF and admin."""
    publication = Publication.objects.order_by("pk").first()
    proposal = Proposal.objects.filter(call=publication.call, decision__isnull=False).first()
    publish_amendment(
        proposal,
        appeal=None,
        previous_state=proposal.state,
        previous_amount=proposal.decision.amount,
        previous_reason=proposal.decision.reason,
        new_amount=proposal.decision.amount,
        reason="แก้ไขชื่อหน่วยงานที่พิมพ์ผิดในประกาศผล",
        by=officer,
    )


def _agreement_terms(officer: User) -> None:
    """Agreement terms of the call's own (the demo's calls use the standard ones)."""
    from awards.models import AgreementTerms

    AgreementTerms.objects.create(
        call=Call.objects.order_by("pk").first(),
        terms_th="ผู้รับทุนต้องรายงานความก้าวหน้าทุกสามเดือน",
        terms_en="The grantee reports progress every three months.",
        updated_by=officer,
    )


def _pitch_stage(users: dict) -> None:
    """A pitch stage after the demo's first call in review: the applicant's team invited, a
    slot booked and one free; the reviewer on its panel, assigned to the team's pitch."""
    from datetime import timedelta

    from grants.enums import CallState, StageKind
    from tests.factories import CallFactory, SubmittedProposalFactory

    officer, applicant = users[Role.OFFICER], users[Role.APPLICANT]
    first = Call.objects.filter(state=CallState.IN_REVIEW, first_stage=None).order_by("pk")[0]
    stage = CallFactory(
        first_stage=first,
        stage_number=first.later_stages.count() + 2,
        stage_kind=StageKind.PITCH,
        state=CallState.IN_REVIEW,
        officers=[officer],
        created_by=officer,
    )
    earlier = (
        Proposal.objects.filter(organisation__members=applicant, next_stage=None)
        .exclude(submitted_at=None)
        .order_by("pk")[0]
    )
    team = SubmittedProposalFactory(
        call=stage, organisation=earlier.organisation, previous_stage=earlier, title=earlier.title
    )
    start = timezone.now().replace(microsecond=0) + timedelta(days=3)
    PitchSlot.objects.create(
        stage=stage,
        starts_at=start,
        ends_at=start + timedelta(minutes=20),
        place="ห้องประชุม 3 อาคารสำนักงานนวัตกรรมแห่งชาติ",
        booked_proposal=team,
        booked_at=timezone.now(),
        booked_by=applicant,
    )
    PitchSlot.objects.create(
        stage=stage,
        starts_at=start + timedelta(minutes=30),
        ends_at=start + timedelta(minutes=50),
        link="https://meet.example.org/pitch",
    )
    reviewer = users[Role.REVIEWER]
    PanelMember.objects.create(call=stage, reviewer=reviewer, added_by=officer)
    Assignment.objects.create(proposal=team, reviewer=reviewer, method="manual")


def _login_records() -> None:
    attempt = {
        "user_agent": "Mozilla/5.0",
        "ip_address": "127.0.0.1",
        "username": "someone@example.org",
        "http_accept": "text/html",
        "path_info": "/accounts/login/",
    }
    AccessAttempt.objects.create(**attempt, get_data="", post_data="", failures_since_start=2)
    AccessLog.objects.create(**attempt)
    AccessFailureLog.objects.create(**attempt)


def _representative_proposals(reviewer: User) -> list[Proposal]:
    chosen: dict[tuple, Proposal] = {}
    for proposal in Proposal.objects.order_by("pk"):
        chosen.setdefault((proposal.call_id, proposal.state), proposal)
    for assignment in Assignment.objects.filter(reviewer=reviewer).order_by("pk"):
        chosen.setdefault(("assignment", assignment.state), assignment.proposal)
    return list({p.pk: p for p in chosen.values()}.values())


# ---------------------------------------------------------------- the URL patterns


def _walk(resolver: URLResolver, namespace: str = "", outer=frozenset()):
    for item in resolver.url_patterns:
        converters = getattr(item.pattern, "converters", {}) or {}
        kwargs = outer | frozenset(converters) | frozenset(item.pattern.regex.groupindex)
        if isinstance(item, URLResolver):
            inner = namespace
            if item.namespace:
                inner = f"{namespace}:{item.namespace}" if namespace else item.namespace
            yield from _walk(item, inner, kwargs)
        elif isinstance(item, URLPattern) and item.name:
            yield (f"{namespace}:{item.name}" if namespace else item.name), kwargs


def url_names() -> dict[str, frozenset]:
    """Every named URL pattern of the project and the arguments it takes."""
    names: dict[str, frozenset] = {}
    for name, kwargs in _walk(get_resolver()):
        names.setdefault(name, kwargs)
    return names


def _arguments(demo: Demo, name: str, kwargs: frozenset, role: str) -> list[dict]:
    """Every way the demo fills the pattern `name` (a list of URL arguments)."""
    user = demo.users.get(role)
    proposals = [{"pk": p.pk} for p in demo.proposals]
    slugs = [{"slug": c.slug} for c in demo.calls]
    short = name.split(":", 1)[-1]
    demo_applicant = demo.users[Role.APPLICANT]
    special = {
        "role_dashboard": [{"role": r.value} for r in Role],
        "notification_open": [{"pk": n.pk} for n in _notifications(user)],
        "outbox_retry": [{"pk": n.pk} for n in Notification.objects.order_by("pk")[:1]],
        "invitation_resend": [{"pk": demo.invitation.pk}],
        "invitation_accept": [{"token": demo.invitation.token}],
        "data_export_download": [{"pk": e.pk} for e in DataExport.objects.order_by("pk")[:1]],
        "consent_withdraw": [{"key": "reminders"}],
        "account_reset_password_from_key": [_reset_kwargs(user or demo.users[Role.APPLICANT])],
        "account_confirm_email": [{"key": _confirmation_key(demo.users[Role.APPLICANT])}],
        # No provider is configured for the walk: its pages are "not found".
        "openid_connect_login": [{"provider_id": "agency"}],
        "openid_connect_callback": [{"provider_id": "agency"}],
        # The officer's authenticator app, which is no security key: the page not found.
        "mfa_remove_webauthn": [{"pk": _authenticator(demo.users[Role.OFFICER]).pk}],
        "mfa_edit_webauthn": [{"pk": _authenticator(demo.users[Role.OFFICER]).pk}],
        "attachment_download": [{"pk": demo.attachment.pk}],
        "attachment_delete": [{"pk": demo.attachment.pk}],
        "blind_attachment": [{"pk": demo.attachment.pk}],
        "officer_version_diff": [
            {"pk": v.proposal_id, "number": v.number}
            for v in ProposalVersion.objects.order_by("pk")[:1]
        ],
        "officer_similar": [
            {"pk": s.proposal_id, "other": s.other_id}
            for s in SimilarProposal.objects.order_by("pk")[:1]
        ],
        "panel_remove": [
            {"slug": m.call.slug, "pk": m.pk} for m in PanelMember.objects.order_by("pk")[:1]
        ],
        "assignment_remove": [{"pk": a.pk} for a in Assignment.objects.order_by("pk")[:1]],
        "analytics:overview_csv": [{"chart": "funnel"}],
        "analytics:call_csv": [{"slug": c.slug, "chart": "funnel"} for c in demo.calls[:1]],
        **{
            key: [{"pk": m.pk} for m in Meeting.objects.order_by("pk")]
            for key in ("meeting", "meeting_run", "meeting_bulk_vote", "meeting_minutes")
        },
        **{
            key: [{"pk": i.pk} for i in AgendaItem.objects.order_by("pk")[:1]]
            for key in ("agenda_item_run", "agenda_item_vote", "agenda_item_conflict")
        },
        **{
            name: [{"pk": a.pk} for a in Appeal.objects.order_by("pk")[:1]]
            for name in (
                "appeal_detail",
                "appeal_route",
                "appeal_decide",
                "appeal_withdraw",
                "appeal_file",
            )
        },
        **{
            key: [{"pk": slot.pk} for slot in PitchSlot.objects.order_by("booked_at", "pk")]
            for key in ("pitch_slot_edit", "pitch_slot_cancel", "pitch_slot_move")
        },
        **{
            key: [{"pk": o.pk} for o in Organisation.objects.filter(members=demo_applicant)]
            for key in ("team", "team_invite", "team_leave")
        },
        **{
            key: [
                {"pk": m.pk}
                for m in OrganisationMembership.objects.filter(
                    organisation__members=demo_applicant, role=MemberRole.EDITOR
                )[:1]
            ]
            for key in ("member_role", "member_remove")
        },
        "team_invitation_cancel": [{"pk": i.pk} for i in TeamInvitation.objects.pending()[:1]],
        "team_join": [{"token": i.token} for i in TeamInvitation.objects.pending()[:1]],
        "amendment_pdf": [
            {"slug": a.publication.call.slug, "number": a.number}
            for a in Amendment.objects.select_related("publication__call").order_by("pk")[:1]
        ],
    }
    by_full_name = {
        "api:project_detail": [
            {"reference": p.reference} for p in Proposal.objects.filter(state="awarded")[:1]
        ],
        "api_not_found": [{"path": "no-such-thing/"}],
        "api_tokens:token_revoke": [{"pk": 999_999}],
    }
    if name in by_full_name:
        return by_full_name[name]
    if short in special:
        return special[short]
    if name.startswith("awards:") and kwargs and kwargs != {"slug"}:
        return _awards_arguments(short)
    if kwargs == {"slug"}:
        return slugs
    if kwargs == {"pk"}:
        return proposals
    assert not kwargs, f"{name}: no demo arguments for {sorted(kwargs)}"
    return [{}]


def _awards_arguments(short: str) -> list[dict]:
    """The demo grants (one in each state), their agreements, tranches, reports and
    amendments (awards.demo)."""
    from awards.models import (
        Agreement,
        Amendment,
        Grant,
        Report,
        ReportFile,
        ReportVersion,
        Tranche,
    )

    if short == "agreement_pdf":
        return [
            {"pk": a.pk, "language": lang}
            for a in Agreement.objects.all()[:1]
            for lang in ("th", "en")
        ]
    if short == "agreement_signed_pdf":
        return [{"pk": a.pk} for a in Agreement.objects.exclude(signed_pdf="")[:1]]
    if short == "report_diff":
        return [
            {"pk": v.report_id, "number": v.number}
            for v in ReportVersion.objects.filter(number=2)[:1]
        ]
    models = {
        "payment_record": Tranche,
        "amendment_decide": Amendment,
        "report_file_download": ReportFile,
    }
    if short.startswith("report_") and short not in models:
        return [{"pk": r.pk} for r in Report.objects.order_by("pk")[:3]]
    if short in models:
        return [{"pk": o.pk} for o in models[short].objects.order_by("pk")[:1]]
    return [{"pk": g.pk} for g in Grant.objects.order_by("pk")]


def _notifications(user: User | None) -> list[Notification]:
    if user is None:
        return list(Notification.objects.order_by("pk")[:1])
    return list(Notification.objects.filter(recipient=user).order_by("pk")[:2])


def _reset_kwargs(user: User) -> dict:
    """allauth's password reset link for `user`."""
    return {"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)}


def _confirmation_key(user: User) -> str:
    """The verification link of a second, unverified address of `user`."""
    address, _created = EmailAddress.objects.get_or_create(
        user=user, email="second-address@example.org", defaults={"verified": False}
    )
    return EmailConfirmationHMAC(address).key


def _authenticator(user: User) -> Authenticator:
    return Authenticator.objects.filter(user=user).order_by("pk").first()


def site_pages(demo: Demo, role: str) -> list[Page]:
    """Every page of the portal (the admin aside), filled with the demo's objects."""
    pages = []
    for name, kwargs in url_names().items():
        if name == "set_language" or (name.startswith("admin:") and name != "admin:login"):
            continue
        follow = name == "account_reset_password_from_key"  # the key is swapped for a form
        for arguments in _arguments(demo, name, kwargs, role):
            pages.append(Page(reverse(name, kwargs=arguments), pattern=name, follow=follow))
    return pages


# ---------------------------------------------------------------- the admin


def _linked_provider(user) -> None:
    """A single sign-on provider (as the admin stores one) linked to `user`, with a token."""
    from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken

    app = SocialApp.objects.create(
        provider="openid_connect",
        provider_id="agency",
        name="NIA staff",
        client_id="grant-portal",
        secret="walk-secret",
        settings={"server_url": "https://idp.nia.example"},
    )
    account = SocialAccount.objects.create(
        user=user, provider="agency", uid="walk-1", extra_data={"userinfo": {"sub": "walk-1"}}
    )
    SocialToken.objects.create(app=app, account=account, token="walk-token")


def admin_pages(demo: Demo) -> list[Page]:
    """The admin's index, apps and password pages; for every registered model its list, add,
    change and delete pages; and, once, a search, a history, a bulk delete and date drill-downs.
    """
    pages = [
        Page(reverse("admin:index")),
        Page(reverse("admin:password_change")),
        Page(reverse("admin:password_change_done")),
    ]
    pages += [
        Page(reverse("admin:app_list", kwargs={"app_label": label}))
        for label in sorted({m._meta.app_label for m in admin.site._registry})
    ]
    applicant = demo.users[Role.APPLICANT]
    pages.append(Page(reverse("admin:auth_user_password_change", kwargs={"id": applicant.pk})))
    _linked_provider(applicant)  # single sign-on's records, for their admin pages
    for model, model_admin in admin.site._registry.items():
        pages += _model_pages(model, model_admin)
    user = reverse("admin:portal_user_changelist")
    pages += [
        Page(user + "?q=ไม่มีสิ่งนี้"),
        Page(user + "?is_active__exact=1&o=2"),
        Page(reverse("admin:portal_user_history", args=[applicant.pk])),
        Page(
            user, post=True, data={"action": "delete_selected", "_selected_action": [applicant.pk]}
        ),
    ]
    content_type = ContentType.objects.get_for_model(Call)
    view_on_site = {"content_type_id": content_type.pk, "object_id": demo.calls[0].pk}
    pages.append(Page(reverse("admin:view_on_site", kwargs=view_on_site), follow=True))
    return pages + _admin_changes()


def _admin_changes() -> list[Page]:
    """Saving, refusing and deleting in the admin, for the messages it gives."""
    group = Group.objects.order_by("pk").first()
    add, change = (
        reverse("admin:auth_group_add"),
        reverse("admin:auth_group_change", args=[group.pk]),
    )
    password = reverse("admin:password_change")
    return [
        Page(add, post=True, data={"name": ""}),
        Page(add, post=True, data={"name": "กลุ่มใหม่", "_addanother": "1"}, follow=True),
        Page(change, post=True, data={"name": "กลุ่มเดิม", "_continue": "1"}, follow=True),
        Page(change, post=True, data={"name": "กลุ่มเดิม", "_addanother": "1"}, follow=True),
        Page(change, post=True, data={"name": "กลุ่มเดิม"}, follow=True),
        Page(reverse("admin:index")),  # its recent actions now list the changes
        Page(reverse("admin:auth_group_history", args=[group.pk])),
        Page(
            reverse("admin:auth_group_delete", args=[group.pk]),
            post=True,
            data={"post": "yes"},
            follow=True,
        ),
        Page(reverse("admin:auth_group_change", args=[group.pk]), follow=True),  # gone
        Page(password, post=True, data={"old_password": "wrong", "new_password1": "x"}),
    ]


def _model_pages(model, model_admin) -> list[Page]:
    opts = model._meta
    prefix = f"admin:{opts.app_label}_{opts.model_name}"
    changelist = reverse(f"{prefix}_changelist")
    obj = model._default_manager.order_by("pk").first()
    if obj is None and opts.app_label == "socialaccount":
        # No single sign-on provider is configured in the demo: its lists, empty, and forms.
        return [Page(changelist), Page(reverse(f"{prefix}_add"))]
    assert obj is not None, f"the demo has no {opts.label}"
    pages = [
        Page(changelist),
        Page(reverse(f"{prefix}_add")),
        Page(reverse(f"{prefix}_change", args=[obj.pk])),
        Page(reverse(f"{prefix}_delete", args=[obj.pk])),
    ]
    if model_admin.date_hierarchy:  # the year, then the months of that year
        field = model_admin.date_hierarchy
        value = getattr(obj, field) or timezone.now()
        if hasattr(value, "hour"):
            value = timezone.localtime(value)
        pages.append(Page(f"{changelist}?{field}__year={value.year}"))
        pages.append(Page(f"{changelist}?{field}__year={value.year}&{field}__month={value.month}"))
    return pages
