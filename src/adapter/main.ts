// The standalone debug adapter: `node dist/adapter.js` speaks DAP over stdin/stdout, or with
// `--server=PORT` over TCP (dapServer.ts), one session per connection. Nothing else.
import { DebugSession } from '@vscode/debugadapter';
import { dapServer } from './dapServer';
import { OpenocdDebugSession } from './openocdDebugSession';

const port = process.argv.slice(2).map((arg) => /^--server=(\d{1,5})$/.exec(arg)?.[1]).find((match) => match !== undefined);
if (port === undefined) DebugSession.run(OpenocdDebugSession);
// Loopback only: a DAP client can make the adapter start OpenOCD with any command line.
else dapServer().listen(Number(port), '127.0.0.1', () => console.error(`waiting for debug protocol on 127.0.0.1:${port}`));
