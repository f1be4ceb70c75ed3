"""A small FastAPI service: JSON over HTTP and a WebSocket, in a
mod_gateway protocol=asgi group."""
import os
import pwd

from fastapi import FastAPI, WebSocket, WebSocketDisconnect
from pydantic import BaseModel

app = FastAPI(title="example api")


class Item(BaseModel):
    name: str
    price: float


@app.get("/health")
async def health():
    # the group's user=, not Apache's
    return {"ok": True, "user": pwd.getpwuid(os.getuid()).pw_name}


@app.post("/items")
async def create_item(item: Item):
    return {"name": item.name, "price_with_tax": round(item.price * 1.2, 2)}


@app.get("/report")
def report():
    # a plain def: FastAPI runs it in the loop's executor (threads=)
    return {"rows": sum(range(1000))}


@app.websocket("/ws/echo")
async def echo(ws: WebSocket):
    await ws.accept()
    try:
        while True:
            await ws.send_text(await ws.receive_text())
    except WebSocketDisconnect:
        pass
