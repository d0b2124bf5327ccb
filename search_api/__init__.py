"""The HTTP API and the web page of munews (FastAPI)."""

from search_api.app import create_app

__all__ = ["create_app"]
