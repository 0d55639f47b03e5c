"""Demo data: a deterministic, realistic loyalty programme for trying the product out."""
