"""visible_to: each role sees its own region's subtree, and nothing else."""

from accounts.models import User
from core.models import Region


def codes(queryset):
    return set(queryset.values_list("code", flat=True))


def usernames(queryset):
    return set(queryset.values_list("username", flat=True))


def test_administrator_sees_every_region(cast):
    assert codes(Region.objects.visible_to(cast.administrator)) == codes(Region.objects.all())


def test_city_officer_sees_the_city_subtree(cast):
    assert codes(Region.objects.visible_to(cast.office)) == {"210300", "210381", "210302"}


def test_county_officer_sees_only_their_county(cast):
    assert codes(Region.objects.visible_to(cast.county)) == {"210381"}


def test_county_officer_cannot_see_other_county_users(cast):
    visible = usernames(User.objects.visible_to(cast.county))
    assert "unit" in visible and "county" in visible
    assert "county2" not in visible and "office" not in visible


def test_city_officer_cannot_see_other_city(cast):
    visible = usernames(User.objects.visible_to(cast.office))
    assert {"county", "county2", "unit", "leader"} <= visible
    assert "other_city" not in visible and "admin" not in visible


def test_user_without_region_sees_nothing(cast):
    cast.unit.region = None
    assert not Region.objects.visible_to(cast.unit).exists()


def test_anonymous_sees_nothing(cast):
    from django.contrib.auth.models import AnonymousUser

    assert not Region.objects.visible_to(AnonymousUser()).exists()
