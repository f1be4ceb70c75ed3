"""The file WSGIScriptAlias names: HTTP to Django, WebSockets to the
Channels consumers of chat/routing.py.  python-path= is the directory
above this one, so chatsite and chat import as packages."""
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chatsite.settings")
# Django first: the consumers' imports need the apps loaded.
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import \
    AllowedHostsOriginValidator  # noqa: E402

from chat.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter({
    "http": django_asgi_app,
    # a page of another site may not open a WebSocket here with the
    # browser's cookies: the Origin must be one of ALLOWED_HOSTS
    "websocket": AllowedHostsOriginValidator(URLRouter(websocket_urlpatterns)),
})
