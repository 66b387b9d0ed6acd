// Screenshot of a page of the Aspire dashboard with headless Chromium, over its DevTools protocol:
// the dashboard renders only once its websocket (Blazor) connects, so this waits until the page
// shows the text asked for, then captures it.
//   node --experimental-websocket deploy/scripts/dashboard-screenshot.mjs URL OUT.png "text to wait for" [width height]
// Chromium must be started first (as root: --no-sandbox):
//   chromium --headless --no-sandbox --disable-gpu --disable-background-networking --no-first-run \
//            --user-data-dir="$(mktemp -d)" --remote-debugging-port=9333 about:blank &
import { writeFileSync } from "node:fs";

const [url, out, waitFor, width = "1600", height = "1000"] = process.argv.slice(2);
const port = process.env.CDP_PORT ?? "9333";
const targets = await (await fetch(`http://127.0.0.1:${port}/json`)).json();
const page = targets.find((t) => t.type === "page");
const ws = new WebSocket(page.webSocketDebuggerUrl);
await new Promise((resolve) => ws.addEventListener("open", resolve));
let id = 0;
const pending = new Map();
ws.addEventListener("message", (e) => {
  const msg = JSON.parse(e.data);
  if (msg.id && pending.has(msg.id)) { pending.get(msg.id)(msg); pending.delete(msg.id); }
});
const send = (method, params = {}) => new Promise((resolve) => { const n = ++id; pending.set(n, resolve); ws.send(JSON.stringify({ id: n, method, params })); });

await send("Emulation.setDeviceMetricsOverride", { width: +width, height: +height, deviceScaleFactor: 1, mobile: false });
await send("Page.enable");
await send("Page.navigate", { url });
const deadline = Date.now() + 60_000;
for (;;) {
  const r = await send("Runtime.evaluate", { expression: "document.body ? document.body.innerText : ''", returnByValue: true });
  const text = r.result?.result?.value ?? "";
  if (text.includes(waitFor)) break;
  if (Date.now() > deadline) { console.error(`timed out waiting for "${waitFor}"; page text: ${text.slice(0, 500)}`); process.exit(1); }
  await new Promise((r) => setTimeout(r, 500));
}
await new Promise((r) => setTimeout(r, 1500)); // let the layout settle
const shot = await send("Page.captureScreenshot", { format: "png" });
writeFileSync(out, Buffer.from(shot.result.data, "base64"));
console.log(`wrote ${out}`);
ws.close();
