"""Settings of the chat example (docs/asgi.md)."""
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# Not in the code: a file only root and the chat group can read.
SECRET_KEY = (BASE_DIR / "secret.key").read_text().strip()
DEBUG = False
ALLOWED_HOSTS = ["chat.example.org"]

INSTALLED_APPS = ["django.contrib.staticfiles", "channels", "chat"]
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware",
              "django.middleware.common.CommonMiddleware"]
ROOT_URLCONF = "chatsite.urls"
DATABASES = {}                 # this example keeps no data
USE_TZ = True
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"      # manage.py collectstatic

# Groups of WebSockets within one process; with processes= above 1, use
# channels_redis (Debian: python3-channels-redis) and a Redis server.
CHANNEL_LAYERS = {
    "default": {"BACKEND": "channels.layers.InMemoryChannelLayer"},
}
# For daphne or runserver only; mod_gateway reads the WSGIScriptAlias.
ASGI_APPLICATION = "chatsite.asgi.application"
