"""Python `websockets` (Debian python3-websockets) against /ws/runs/{id}: the same spec and result shape as
stream-clients.js, plus spec.compression ("deflate" or null) for what the client offers. max_queue=None: with the
default bounded queue, a client that stops reading to reconnect cannot read the server's close frame behind the
queued messages, and its close waits for close_timeout.
Usage: /usr/bin/python3 python-client.py '<spec JSON>'; prints the results as one JSON array on stdout."""
import asyncio
import json
import sys

import websockets

TERMINAL = {"finished", "failed", "diverged", "cancelled", "interrupted"}


async def one(spec, i):
    r = {"ranges": [], "last": None, "code": None, "reason": None, "connects": 0, "error": None, "t": []}
    t0 = asyncio.get_running_loop().time()
    after = spec.get("after", 0)
    last_seq = after[i] if isinstance(after, list) else after
    ra = spec.get("reconnectAfter", 0)
    reconnect_after = ra[i] if isinstance(ra, list) else ra
    while True:
        r["connects"] += 1
        n = 0
        reconnect = False
        r["t"].append(round(asyncio.get_running_loop().time() - t0, 3))
        async with websockets.connect(spec["url"] + "?after=" + str(last_seq), compression=spec.get("compression", "deflate"),
                                      max_size=None, max_queue=None, open_timeout=30, close_timeout=30) as ws:
            try:
                async for m in ws:
                    e = json.loads(m)
                    seq = e["seq"]
                    if r["ranges"] and seq == r["ranges"][-1][1] + 1:
                        r["ranges"][-1][1] = seq
                    else:
                        r["ranges"].append([seq, seq])
                    last_seq = seq
                    r["last"] = e["type"]
                    n += 1
                    if n == 1:
                        r["t"].append(round(asyncio.get_running_loop().time() - t0, 3))
                    if reconnect_after > 0 and r["connects"] == 1 and n == reconnect_after and e["type"] not in TERMINAL:
                        reconnect = True
                        break
            except websockets.ConnectionClosed:
                pass
        r["t"].append(round(asyncio.get_running_loop().time() - t0, 3))
        if not reconnect:
            r["code"] = ws.close_code
            r["reason"] = ws.close_reason
            return r


async def main():
    spec = json.loads(sys.argv[1])
    timeout = spec.get("timeoutMs", 60000) / 1000

    async def guarded(i):
        try:
            return await asyncio.wait_for(one(spec, i), timeout)
        except Exception as ex:  # reported, the Java side fails the test
            return {"ranges": [], "last": None, "code": None, "reason": None, "connects": 0, "error": repr(ex)}

    results = await asyncio.gather(*(guarded(i) for i in range(spec["sockets"])))
    print(json.dumps(results))


asyncio.run(main())
