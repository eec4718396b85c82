"""``detente serve``: a web app and a JSON API over the store (``pip install 'detente[web]'``).

``create_app(WebConfig(db=...))`` gives the FastAPI application; the pages and the API call the
same ``detente.Database`` methods as the CLI.
"""

from detente.web.app import create_app
from detente.web.config import WebConfig

__all__ = ["WebConfig", "create_app"]
