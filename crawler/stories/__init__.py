"""Story clustering: one story republished by several sites gets one story id (issue 18).

Word shingles of the cleaned body, a MinHash signature (datasketch) whose LSH bands find the
candidate copies in the store, and an exact check of the candidates (verify.py) that keeps
template reports of different news apart. Used by the crawl as each article is stored::

    story_id = assign_story(store, article.id, article.text, article.published_at)
"""

from crawler.stories.matcher import StoryMatcher, StoryStore, assign_story
from crawler.stories.signature import Signature, band_keys, signature, similarity
from crawler.stories.verify import same_story

__all__ = ["Signature", "StoryMatcher", "StoryStore", "assign_story", "band_keys", "same_story", "signature",
           "similarity"]
