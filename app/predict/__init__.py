"""Predictive member scores: BG/NBD purchase frequency and probability alive, Gamma-Gamma
spend per order, a 12-month value, the next purchase date, churn risk, and replenishment
(when what a member buys again runs out). See ``docs/predictions.md``."""
