"""Sign-in, password change and the user pages."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            success_url=reverse_lazy("accounts:password_change_done")
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("me/", views.profile, name="profile"),
    path("me/token/", views.rotate_token, name="rotate_token"),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/<str:username>/", views.UserDetailView.as_view(), name="user_detail"),
]
