"""Best send time per member: the hour of the week (in the member's timezone) each member
answers most, from their opens, clicks, visits and orders, shrunk towards their segment's
hours when they have little history (:mod:`app.send_time.core`), refreshed in bulk and
stored in ``member_send_times`` (:mod:`app.send_time.refresh`).
"""
