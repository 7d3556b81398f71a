// The standalone debug adapter: `node dist/adapter.js` speaks DAP over stdin/stdout (or, with
// `--server=PORT`, over TCP, as @vscode/debugadapter's DebugSession.run provides). Nothing else.
import { DebugSession } from '@vscode/debugadapter';
import { OpenocdDebugSession } from './openocdDebugSession';

DebugSession.run(OpenocdDebugSession);
