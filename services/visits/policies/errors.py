from shared.errors import Conflict


class TopicAlreadyExists(Conflict):
    slug = "topic-already-exists"
    title = "Topic already exists"


class PolicyChangedMeanwhile(Conflict):
    slug = "policy-changed-meanwhile"
    title = "Policy changed meanwhile"
