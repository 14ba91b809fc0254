"""Every create, update and delete of an audited model leaves who, when, before and after."""

from django.http import HttpResponse
from django.test import RequestFactory

from accounts.choices import Role
from accounts.models import User
from core.changelog import ActorMiddleware, acting_as
from core.choices import ChangeAction
from core.models import ChangeLog


def entries_for(user):
    return list(ChangeLog.objects.for_object(user).order_by("pk"))


def test_create_is_logged_with_actor_and_values(cast):
    with acting_as(cast.office):
        user = User.objects.create(username="new", role=Role.LEADER, region=cast.office.region)
    [entry] = entries_for(user)
    assert entry.action == ChangeAction.CREATE
    assert entry.actor == cast.office
    assert entry.before is None
    assert entry.after["username"] == "new"
    assert entry.after["region_id"] == cast.office.region_id


def test_update_logs_only_changed_fields(cast):
    with acting_as(cast.administrator):
        cast.leader.organisation = "鞍山市政府"
        cast.leader.save()
    entry = entries_for(cast.leader)[-1]
    assert entry.action == ChangeAction.UPDATE
    assert entry.before == {"organisation": ""}
    assert entry.after == {"organisation": "鞍山市政府"}
    assert entry.actor == cast.administrator


def test_save_without_change_logs_nothing(cast):
    before = ChangeLog.objects.count()
    cast.leader.save()
    assert ChangeLog.objects.count() == before


def test_delete_is_logged_with_the_last_values(cast):
    pk = cast.leader.pk
    with acting_as(cast.administrator):
        cast.leader.delete()
    entry = ChangeLog.objects.filter(object_id=str(pk), action=ChangeAction.DELETE).get()
    assert entry.before["username"] == "leader"
    assert entry.after is None


def test_passwords_never_reach_the_log(cast):
    cast.unit.set_password("another-secret-9")
    cast.unit.save()
    for entry in entries_for(cast.unit):
        assert "password" not in (entry.before or {})
        assert "password" not in (entry.after or {})


def test_request_user_is_the_actor(cast):
    def view(request):
        User.objects.create(username="via-request", role=Role.LEADER)
        return HttpResponse()

    request = RequestFactory().get("/")
    request.user = cast.office
    ActorMiddleware(view)(request)
    [entry] = entries_for(User.objects.get(username="via-request"))
    assert entry.actor == cast.office


def test_history_is_shown_on_the_object_page(cast, client_for):
    with acting_as(cast.administrator):
        cast.unit.organisation = "丰帆储能"
        cast.unit.save()
    page = client_for(cast.office).get("/accounts/users/unit/")
    assert page.status_code == 200
    assert "丰帆储能" in page.content.decode()
    assert "history-heading" in page.content.decode()
