"""Product recommendations per member: the models and their offline evaluation
(:mod:`app.recommend.core`, :mod:`app.recommend.evaluate`), the nightly refresh storing
each member's top products and the products bought together
(:mod:`app.recommend.refresh`), and the reads the API, the templates and the send node use
(:mod:`app.recommend.service`).
"""
