"""Fixtures of the promotion tests: a promotion officer in Anshan, and a chain with a pipeline."""

import pytest

from accounts.choices import Role
from core.tests.factories import UserFactory
from projects.tests.factories import IndustryFactory
from promotion.tests.factories import ChainFactory, GroupFactory


@pytest.fixture
def promoter(cast):
    """Anshan investment promotion bureau: works the pipeline of the whole city."""
    return UserFactory(username="promoter", role=Role.PROMOTION, region=cast.regions["anshan"])


@pytest.fixture
def industry(db):
    return IndustryFactory()


@pytest.fixture
def steel(cast):
    """Anshan's steel and deep processing chain, with its promotion group."""
    chain = ChainFactory(name="钢铁及深加工", region=cast.regions["anshan"])
    GroupFactory(name="钢铁招商组", region=cast.regions["anshan"], chain=chain)
    return chain
