"""Limits on what one request may ask for; each value says why it is what it is."""

from __future__ import annotations

#: Longest query text accepted. Real queries are a few words; 300 characters keeps the cost of
#: analysis and of the backend's boolean query bounded while leaving room for pasted headlines.
MAX_QUERY_CHARS = 300

#: Largest page of results. 100 hits with snippets is ~100 KB of JSON: enough for an
#: integration that pages through results, small enough that one request cannot hog a worker.
MAX_PAGE_SIZE = 100

#: Default page size of the API and of the web page (one screen on a laptop).
DEFAULT_PAGE_SIZE = 20

#: Deepest result reachable by paging (page * size). Top-k collection grows with offset, and
#: nobody reads past a few hundred hits: narrow the query or use the feed instead.
MAX_RESULT_WINDOW = 2000

#: At most this many values per filter (region=…&region=…): there are ~85 regions in Russia.
MAX_FILTER_VALUES = 100

#: Longest filter value (region and source names are short; ids are at most 64 characters).
MAX_FILTER_CHARS = 200

#: Entries in an Atom feed: feed readers poll often, so the newest 50 are plenty.
FEED_ENTRIES = 50

#: Saved searches kept; a single-user install needs tens, the cap stops a runaway script.
MAX_SUBSCRIPTIONS = 500

#: Longest name of a saved search.
MAX_SUBSCRIPTION_NAME = 120

#: How far back «new since the last visit» looks, in matches sorted by date. A visit after
#: a long absence shows the newest 200 new items; the feed holds the rest.
NEW_SINCE_WINDOW = 200
