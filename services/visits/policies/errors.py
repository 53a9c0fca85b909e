from shared.errors import Conflict


class TopicAlreadyExists(Conflict):
    slug = "topic-already-exists"
    title = "Topic already exists"
