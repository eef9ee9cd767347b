from django import template

from bontrack.treatments import clinical_messages

register = template.Library()
register.filter("clinical_text", clinical_messages.text)
