"""Coupon code pools: partner codes uploaded by admins, drawn by coupon templates set to a
pool instead of generated codes, with a low-stock alert per pool."""
