/**
 * The test suite's HTTP server on a thread of its own, for benchmarks: the reader timed in the main
 * thread then shares no event loop with the server (as a Python reader in its own process does not).
 * Messages in: {"start": {root, options}}, {"delayMs": n}, "reset", "stats", "close"; each is
 * answered with one message (the URL, the log, or null).
 */
import { parentPort } from "node:worker_threads";
import { startHttpServer, type HttpServerOptions, type TestHttpServer } from "../../test/helpers/http-server.js";

type Message = { start: { root: string; options: HttpServerOptions } } | { delayMs: number } | "reset" | "stats" | "close";

let server: TestHttpServer | undefined;
parentPort!.on("message", async (message: Message) => {
  if (typeof message === "object" && "start" in message) {
    server = await startHttpServer(message.start.root, message.start.options);
    parentPort!.postMessage(server.url);
  } else if (typeof message === "object" && "delayMs" in message) {
    server!.delayMs = message.delayMs;
    parentPort!.postMessage(null);
  } else if (message === "reset") {
    server!.stats.reset();
    parentPort!.postMessage(null);
  } else if (message === "stats") {
    // Headers are left out: they do not cross threads as they are, and no tally needs them.
    parentPort!.postMessage(server!.stats.log.map(({ headers: _headers, ...rest }) => rest));
  } else if (message === "close") {
    await server?.close();
    parentPort!.postMessage(null);
  }
});
