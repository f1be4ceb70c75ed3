from django.urls import re_path

from . import consumers

websocket_urlpatterns = [
    re_path(r"^ws/echo/$", consumers.EchoConsumer.as_asgi()),
    # channel layer group names: ASCII letters, digits, '-', '_', '.'
    re_path(r"^ws/room/(?P<name>[A-Za-z0-9_-]{1,50})/$",
            consumers.RoomConsumer.as_asgi()),
]
