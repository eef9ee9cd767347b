"""bontrack's own date formats per language (settings.FORMAT_MODULE_PATH).

A date shown to people as a number is day.month.year with leading zeros (01.12.2026) in
every language, so a clinic's staff read the same date on every page. What a module here
leaves out comes from Django's locale: the long DATE_FORMAT ("1. desember 2026") that
sentences use, the input formats and the separators.
"""
