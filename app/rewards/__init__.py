"""The points rewards catalogue (积分商城): rewards admins define and members buy with points.

A redemption (:func:`app.rewards.redemption.redeem_reward`) books the points ledger, takes
stock and grants the reward in the caller's transaction, once per idempotency key; it stores
a ``reward_redeemed`` event that journeys can enter on. :mod:`app.rewards.report` sums points
issued, redeemed and outstanding, and redemption by tier.
"""
