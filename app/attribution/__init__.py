"""Attribution: which journey, node and channel an order is credited to.

One rule for goals, experiments and reports (``docs/attribution.md``): an order paid by a
member is credited to a journey when the journey touched the member (a send, a coupon, a
points grant) at or before the payment and the payment came no later than the journey's
attribution window after that touch — the last touch before the payment, whether or not the
member has left the journey since. Within the journey the order goes to the node of that
touch, and so to its message and channel.

- :mod:`app.attribution.credit`: the rule itself, a pure function of data frames;
- :mod:`app.attribution.touches`: the engine records touches in the step's transaction;
- :mod:`app.attribution.orders`: stored orders are credited as they are ingested.
"""
