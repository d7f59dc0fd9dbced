from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, register_converter

from trellis.organisations.forms import EmailAuthenticationForm
from trellis.tables import TableFormatConverter

# Before the apps' URLs, which name it: every list downloads as /….csv or /….xlsx.
register_converter(TableFormatConverter, "table_format")

urlpatterns = [
    path("", include("trellis.home.urls")),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            authentication_form=EmailAuthenticationForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        login_not_required(auth_views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        login_not_required(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        login_not_required(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        login_not_required(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
    path("standards/", include("trellis.standards.urls")),
    path("apprenticeships/", include("trellis.apprenticeships.urls")),
    path("apprenticeships/<int:pk>/plan/", include("trellis.plans.urls")),
    path("apprenticeships/<int:pk>/reviews/", include("trellis.reviews.urls")),
    path("apprenticeships/<int:pk>/off-the-job/", include("trellis.otj.urls")),
    path("apprenticeships/<int:pk>/qualifications/", include("trellis.qualifications.urls")),
    path("apprenticeships/<int:pk>/portfolio/", include("trellis.portfolio.urls")),
    path("apprenticeships/<int:pk>/portfolio/mentoring/", include("trellis.mentoring.urls")),
    path("apprenticeships/<int:pk>/portfolio/cpd/", include("trellis.cpd.urls")),
    path("apprenticeships/<int:pk>/portfolio/showcase/", include("trellis.showcase.urls")),
    path("caseload/", include("trellis.caseload.urls")),
    path("reports/", include("trellis.reports.urls")),
    path("equality/", include("trellis.equality.urls")),
    path("quality/", include("trellis.iqa.urls")),
    path("safeguarding/", include("trellis.safeguarding.urls")),
    path("notices/", include("trellis.notices.urls")),
    path("", include("trellis.gateway.urls")),
    path("", include("trellis.booking.urls")),
    path("", include("trellis.epa.urls")),
    path("api/", include("trellis.api.urls")),
    path("admin/", admin.site.urls),
]
