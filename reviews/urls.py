"""The reviews app's URLs: assignment, scoring, ranking and decisions, results."""

from django.urls import include, path

from .views import (
    appeals,
    assignment,
    dossier,
    meetings,
    pitch,
    ranking,
    results,
    scoring,
    shortlist,
)

app_name = "reviews"

urlpatterns = [
    # assignment
    path("profile/", assignment.reviewer_profile, name="reviewer_profile"),
    path("call/<slug:slug>/panel/", assignment.call_panel, name="call_panel"),
    path("call/<slug:slug>/panel/add/", assignment.panel_add, name="panel_add"),
    path("call/<slug:slug>/panel/<int:pk>/remove/", assignment.panel_remove, name="panel_remove"),
    path("call/<slug:slug>/panel/assign/", assignment.panel_assign, name="panel_assign"),
    path(
        "call/<slug:slug>/conflicts/refresh/",
        assignment.conflicts_refresh,
        name="conflicts_refresh",
    ),
    path("call/<slug:slug>/auto-assign/", assignment.auto_assign, name="auto_assign"),
    path(
        "proposal/<int:pk>/assignments/",
        assignment.proposal_assignments,
        name="proposal_assignments",
    ),
    path("assignment/<int:pk>/remove/", assignment.assignment_remove, name="assignment_remove"),
    # scoring
    path("mine/", scoring.my_reviews, name="my_reviews"),
    path("proposal/<int:pk>/", scoring.review_proposal, name="review_proposal"),
    path("proposal/<int:pk>/declare/", scoring.declare_conflict, name="declare_conflict"),
    path("attachment/<int:pk>/", scoring.blind_attachment, name="blind_attachment"),
    # ranking and decisions
    path("call/<slug:slug>/ranking/", ranking.ranking_page, name="ranking"),
    path("call/<slug:slug>/ranking.csv", ranking.ranking_csv, name="ranking_csv"),
    path("call/<slug:slug>/ranking.xlsx", ranking.ranking_xlsx, name="ranking_xlsx"),
    path("proposal/<int:pk>/decide/", ranking.decide, name="decide"),
    # a stage's shortlist (multi-stage calls)
    path("call/<slug:slug>/shortlist/", shortlist.shortlist, name="shortlist"),
    path(
        "call/<slug:slug>/shortlist/confirm/", shortlist.shortlist_confirm, name="shortlist_confirm"
    ),
    path("proposal/<int:pk>/extra-reviewer/", ranking.extra_reviewer, name="extra_reviewer"),
    path("proposal/<int:pk>/dossier/", dossier.proposal_dossier, name="proposal_dossier"),
    # committee meetings
    path("call/<slug:slug>/meetings/", meetings.meetings, name="meetings"),
    path("call/<slug:slug>/meetings/new/", meetings.meeting_schedule, name="meeting_schedule"),
    path("meeting/<int:pk>/", meetings.meeting, name="meeting"),
    path("meeting/<int:pk>/run/", meetings.meeting_run, name="meeting_run"),
    path("meeting/<int:pk>/bulk-vote/", meetings.bulk_vote, name="meeting_bulk_vote"),
    path("meeting/<int:pk>/minutes.pdf", meetings.meeting_minutes, name="meeting_minutes"),
    path("meeting/item/<int:pk>/run/", meetings.item_run, name="agenda_item_run"),
    path("meeting/item/<int:pk>/vote/", meetings.item_vote, name="agenda_item_vote"),
    path("meeting/item/<int:pk>/conflict/", meetings.item_conflict, name="agenda_item_conflict"),
    # pitch stages: slots, bookings, the pitch day
    path("call/<slug:slug>/pitch/", pitch.pitch_schedule_page, name="pitch_schedule"),
    path("call/<slug:slug>/pitch/open/", pitch.pitch_slot_open, name="pitch_slot_open"),
    path("call/<slug:slug>/pitch/series/", pitch.pitch_series_open, name="pitch_series_open"),
    path("call/<slug:slug>/pitch/day/", pitch.pitch_day, name="pitch_day"),
    path("pitch/slot/<int:pk>/edit/", pitch.pitch_slot_edit, name="pitch_slot_edit"),
    path("pitch/slot/<int:pk>/cancel/", pitch.pitch_slot_cancel, name="pitch_slot_cancel"),
    path("pitch/slot/<int:pk>/move/", pitch.pitch_slot_move, name="pitch_slot_move"),
    path("proposal/<int:pk>/pitch/", pitch.pitch_booking, name="pitch_booking"),
    path("proposal/<int:pk>/pitch.ics", pitch.pitch_ics, name="pitch_ics"),
    path("proposal/<int:pk>/pitch/material/", pitch.pitch_material, name="pitch_material"),
    # results
    path("results/<slug:slug>/", results.results, name="results"),
    path("results/<slug:slug>.pdf", results.results_pdf, name="results_pdf"),
    path("calls/<slug:slug>/publish/", results.publish, name="publish_results"),
    # analytics (reviews.analytics)
    path("analytics/", include("reviews.analytics.urls")),
    # appeals and amendments
    path("proposal/<int:pk>/appeal/", appeals.appeal_lodge, name="appeal_lodge"),
    path("call/<slug:slug>/appeals/", appeals.call_appeals, name="call_appeals"),
    path("appeal/<int:pk>/", appeals.appeal_detail, name="appeal_detail"),
    path("appeal/<int:pk>/route/", appeals.appeal_route, name="appeal_route"),
    path("appeal/<int:pk>/decide/", appeals.appeal_decide, name="appeal_decide"),
    path("appeal/<int:pk>/withdraw/", appeals.appeal_withdraw, name="appeal_withdraw"),
    path("appeal/<int:pk>/file/", appeals.appeal_file, name="appeal_file"),
    path(
        "results/<slug:slug>/amendment-<int:number>.pdf",
        appeals.amendment_pdf,
        name="amendment_pdf",
    ),
]
