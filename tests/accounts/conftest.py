"""Second persons for four eyes on medical roles (R-ACC-1): the world has one service
administrator and a privacy officer of one employer, who may not decide."""

import pytest

from poortwachter.core.roles import Role
from tests.factories import UserFactory, enrol_totp, grant


@pytest.fixture
def second_admin(world):
    user = UserFactory(email="beheer2@test.example", first_name="Bas", last_name="Tweede")
    grant(user, Role.SERVICE_ADMIN)
    enrol_totp(user)
    return user


@pytest.fixture
def service_privacy_officer(world):
    """The privacy officer of the occupational health service itself (no employer)."""
    user = UserFactory(email="fg.arbodienst@test.example", first_name="Fenna", last_name="FG")
    grant(user, Role.PRIVACY_OFFICER)
    enrol_totp(user)
    return user
