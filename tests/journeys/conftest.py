import pytest

from app.extensions import db
from app.models import ChannelConfig
from app.models.messages import MESSAGE_CHANNELS


@pytest.fixture
def channels(app):
    """Every message channel configured and enabled in this environment."""
    for channel in MESSAGE_CHANNELS:
        db.session.add(ChannelConfig(channel=channel, enabled=True, settings={}))
    db.session.commit()
