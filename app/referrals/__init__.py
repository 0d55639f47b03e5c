"""The referral programme: invitation codes and links, invitee-to-inviter links (first touch
wins, self-referral and loops refused), ``referral_registered`` and ``referral_first_order``
events for journeys, auditable lottery draws and the referral report."""
