"""The portal's own pages: home, dashboards, sign-up, invitations, privacy notice."""

from django.urls import path

from .views import accounts, dashboards, inbox, invitations, pages

app_name = "portal"

urlpatterns = [
    path("", pages.home, name="home"),
    path("privacy/", pages.privacy, name="privacy"),
    path("signup/", accounts.signup, name="signup"),
    path("account/verify/", accounts.verification_send, name="verification_send"),
    path("account/", accounts.profile, name="profile"),
    path("dashboard/", dashboards.dashboard, name="dashboard"),
    path("dashboard/<str:role>/", dashboards.role_dashboard, name="role_dashboard"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/read-all/", inbox.inbox_read_all, name="inbox_read_all"),
    path("inbox/<int:pk>/", inbox.notification_open, name="notification_open"),
    path("outbox/", inbox.outbox, name="outbox"),
    path("outbox/<int:pk>/retry/", inbox.outbox_retry, name="outbox_retry"),
    path("invitations/", invitations.invitation_list, name="invitation_list"),
    path("invitations/new/", invitations.invitation_create, name="invitation_create"),
    path("invitations/<int:pk>/resend/", invitations.invitation_resend, name="invitation_resend"),
    path("invitations/<str:token>/", invitations.invitation_accept, name="invitation_accept"),
]
