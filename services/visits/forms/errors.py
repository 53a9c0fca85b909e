from shared.errors import Conflict, Forbidden


class AlreadyCorrected(Conflict):
    slug = "already-corrected"
    title = "Already corrected"


class NotYourForm(Forbidden):
    slug = "not-your-form"
    title = "Not your form"
