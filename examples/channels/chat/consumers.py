"""Two consumers: a synchronous echo (its methods run in a thread, as
Channels runs sync code through asgiref) and a chat room whose messages
reach every WebSocket in it through the channel layer."""
from channels.generic.websocket import (AsyncJsonWebsocketConsumer,
                                        WebsocketConsumer)


class EchoConsumer(WebsocketConsumer):
    def receive(self, text_data=None, bytes_data=None):
        self.send(text_data=text_data, bytes_data=bytes_data)


class RoomConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        self.room = "room-" + self.scope["url_route"]["kwargs"]["name"]
        await self.channel_layer.group_add(self.room, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(self.room, self.channel_name)

    async def receive_json(self, content):
        text = str(content.get("text", ""))[:1000]
        await self.channel_layer.group_send(
            self.room, {"type": "chat.message", "text": text})

    async def chat_message(self, event):
        await self.send_json({"text": event["text"]})
