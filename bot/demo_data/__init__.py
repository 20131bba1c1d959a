"""Bundled data of `briefbot demo`: fictional outlets and articles (outlets.json, articles.json, page templates).

Everything here is invented: Valdoria, its cities, people and outlets do not exist. Texts may hold
placeholders the demo fills in when serving, relative to the demo clock: {{day:+N}} ("14 December",
N days after today) and {{weekday:+N}} ("Thursday").
"""
