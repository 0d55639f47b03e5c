"""The global control group: a stable share of members no journey acts on.

An admin sets a percentage (``PUT /api/program/control-group``). Whether a member is in the
group is a pure function of their id and the program's salt (:func:`membership.in_group`),
so it never changes while the setting stands. Members of the group still enter journeys,
and leave at once, logged ``held_out``: no message, coupon or points ever reaches them. The
program report (``app.reports.program``) compares what they bought with what members the
journeys did act on bought.
"""
