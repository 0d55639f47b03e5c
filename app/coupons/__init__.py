"""Coupons: templates, bulk grants, claims, redemption by shop and POS, and expiry.

The engine calls :func:`app.coupons.grants.grant_coupons` inside its own transaction.
"""
