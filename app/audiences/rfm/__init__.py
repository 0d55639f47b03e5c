"""RFM: recency, frequency and monetary scores per member, and named segments."""
