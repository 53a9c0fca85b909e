from shared.errors import Conflict


class EntryAlreadySwapped(Conflict):
    slug = "plan-entry-already-swapped"
    title = "Plan entry already swapped"


class ClientAlreadyPlanned(Conflict):
    slug = "client-already-planned"
    title = "Client already planned"
