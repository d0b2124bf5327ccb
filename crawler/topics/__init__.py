"""Practice topics of an article, in the words staff use (issue 18): see `crawler/topics/tagger.py`."""

from crawler.topics.rules import TOPICS
from crawler.topics.tagger import Explanation, explain, tag_topics

__all__ = ["TOPICS", "Explanation", "explain", "tag_topics"]
