"""The reviews app's URLs: assignment, scoring, ranking and decisions, results."""

from django.urls import path

from .views import assignment, dossier, ranking, results, scoring

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
    path("proposal/<int:pk>/extra-reviewer/", ranking.extra_reviewer, name="extra_reviewer"),
    path("proposal/<int:pk>/dossier/", dossier.proposal_dossier, name="proposal_dossier"),
    # results
    path("results/<slug:slug>/", results.results, name="results"),
    path("results/<slug:slug>.pdf", results.results_pdf, name="results_pdf"),
    path("calls/<slug:slug>/publish/", results.publish, name="publish_results"),
]
