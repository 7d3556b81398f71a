// DAP over TCP: `node dist/adapter.js --server=PORT` (nvim-dap's `server` adapters), and the tests'
// and benchmarks' adapter served in their own process. One OpenocdDebugSession per connection.
import * as net from 'node:net';
import { OpenocdDebugSession } from './openocdDebugSession';

/**
 * A server that runs a session on each connection, with Nagle's algorithm off: a response and the
 * stopped event after it are two small writes, and with Nagle on the event waits for the client's
 * delayed ACK of the response (30-40 ms on Linux loopback, measured on every step's stop).
 */
export function dapServer(onSession?: (session: OpenocdDebugSession) => void): net.Server {
  return net.createServer((socket) => {
    socket.setNoDelay(true);
    const session = new OpenocdDebugSession();
    session.setRunAsServer(true);
    onSession?.(session);
    session.start(socket, socket);
  });
}
