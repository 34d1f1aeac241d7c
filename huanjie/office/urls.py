from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import path

from huanjie.core.uploads import file_errors
from huanjie.office.views import accounts, audit, home, structure, twofactor

app_name = "office"

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="office/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("login/code/", twofactor.otp, name="otp"),
    path("two-factor/", twofactor.two_factor, name="two_factor"),
    path("password/", accounts.password_change, name="password_change"),
    path("units/", structure.units, name="units"),
    path("divisions/import/", structure.import_divisions, name="import_divisions"),
    path("divisions/<str:code>/", structure.division, name="division"),
    path("divisions/<str:code>/steps/", home.unit_steps, name="unit_steps"),
    path("divisions/<str:code>/residents/", structure.residents, name="residents"),
    path("accounts/", accounts.accounts, name="accounts"),
    path("accounts/new/", accounts.account_new, name="account_new"),
    path("accounts/lockouts/lift/", accounts.lift_lockout, name="lift_lockout"),
    path("accounts/<int:pk>/", accounts.account_edit, name="account"),
    path("accounts/<int:pk>/password/", accounts.account_reset_password, name="account_reset_password"),
    path(
        "accounts/<int:pk>/two-factor/reset/",
        twofactor.account_reset_two_factor,
        name="account_reset_two_factor",
    ),
    path("audit/", audit.audit, name="audit"),
    path("file-errors.csv", login_required(file_errors), name="file_errors"),
    path("audit/access/", audit.access, name="access"),
]
