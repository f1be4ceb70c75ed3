"""The file WSGIScriptAlias names (docs/asgi.md, "Deploying FastAPI and
Django Channels"): the FastAPI object as `application`.  The package
itself is imported through python-path=, so its relative imports work."""
from app.main import app as application  # noqa: F401
