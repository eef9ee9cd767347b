from django import template

from bontrack.accounts import labels

register = template.Library()
register.filter("role_label", labels.role_label)
register.filter("action_label", labels.action_label)
register.filter("reason_label", labels.reason_label)
