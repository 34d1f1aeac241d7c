"""Huanjie's statute engine: the rules of shared/election-law.md (beside the repository) as pure functions.

Villagers' Committee Organic Law (2018) Arts.6, 11–20; Urban Residents' Committee Organic Law (2018)
Arts.7–10; provincial election measures (as profile data files); CPC basic-level organisation
election rules (PR2020) for party branches.

This package imports the standard library only (tests/rules/test_purity.py enforces it): no Django,
no other huanjie module, no third-party code. Votes are integers and every threshold is an integer
comparison; no floating point anywhere.
"""
