"""Audiences: rule trees over members, saved audiences, RFM segments and tags."""
