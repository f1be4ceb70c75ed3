import os
import pwd

from django.http import HttpResponse, JsonResponse

PAGE = """<!doctype html>
<title>chat</title>
<ul id="log"></ul>
<form id="f"><input id="t" autocomplete="off"><button>send</button></form>
<script>
const ws = new WebSocket(
    (location.protocol === "https:" ? "wss://" : "ws://")
    + location.host + "/ws/room/lobby/");
ws.onmessage = e => {
    const li = document.createElement("li");
    li.textContent = JSON.parse(e.data).text;
    document.getElementById("log").append(li);
};
document.getElementById("f").onsubmit = e => {
    e.preventDefault();
    ws.send(JSON.stringify({text: document.getElementById("t").value}));
    document.getElementById("t").value = "";
};
</script>
"""


async def index(request):
    return HttpResponse(PAGE)


def health(request):
    return JsonResponse({"ok": True,
                         "user": pwd.getpwuid(os.getuid()).pw_name})
