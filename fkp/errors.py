"""The one exception domain functions raise for input they refuse.

Its message is already translated for the user; `field` names the offending input.
"""


class DomainError(Exception):
    def __init__(self, message, field=None, status=400):
        super().__init__(str(message))
        self.message = str(message)
        self.field = field
        self.status = status
