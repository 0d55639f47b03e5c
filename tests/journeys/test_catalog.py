"""Which channels this environment counts as set up when journeys are validated."""

from app.extensions import db
from app.journeys.catalog import ReferenceCatalog
from app.models import ChannelConfig


def test_the_inbox_needs_no_settings_so_it_counts_until_turned_off(app):
    assert ReferenceCatalog.from_database(db.session).channels == {"inapp"}
    db.session.add(ChannelConfig(channel="inapp", enabled=False, settings={}))
    db.session.add(ChannelConfig(channel="sms", enabled=True, settings={"config": {"x": 1}}))
    db.session.commit()
    assert ReferenceCatalog.from_database(db.session).channels == {"sms"}
