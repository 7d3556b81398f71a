// Answers the custom DAP requests (`openocd.*`, customRequestTypes.ts) from the session layer:
// checks each argument (an error names it and what it got), calls the Session, shapes the body.
// Holds no state; the views of the extension and other DAP clients reach the chip through here.
import { isAbsolute, resolve } from 'node:path';
import { UserError } from '../common';
import type { Session } from '../session';
import {
  CUSTOM_REQUESTS,
  type CommandResponseBody,
  type FlashBanksResponseBody,
  type LiveReadResponseBody,
  type ProgramResponseBody,
  type SvdLoadResponseBody,
  type SvdReadResponseBody,
  type SvdWatchResponseBody,
  type SvdWriteResponseBody,
  type TargetsResponseBody,
  type VerifyResponseBody,
} from './customRequestTypes';

/** A DAP progress indicator: update with a percentage, end once. */
export interface Progress {
  update(percent: number, message: string): void;
  end(message?: string): void;
}

/** What the handlers need of the DAP session. */
export interface CustomRequestContext {
  /** The running session; throws a UserError saying why there is none. */
  session(): Session;
  /** Starts a progress indicator (DAP progressStart) with a title. */
  startProgress(title: string): Progress;
}

type Args = Readonly<Record<string, unknown>>;

/** The handlers by request name; each returns the response body or throws. */
export function customRequestHandlers(context: CustomRequestContext): Record<string, (args: Args) => Promise<unknown>> {
  return {
    [CUSTOM_REQUESTS.targets]: async (): Promise<TargetsResponseBody> => ({ targets: await context.session().targets() }),
    [CUSTOM_REQUESTS.reset]: async (args) => {
      const check = argumentReader(CUSTOM_REQUESTS.reset, args);
      const mode = check.string('mode');
      const threadId = check.optionalInteger('threadId');
      const session = context.session();
      if (threadId !== undefined) session.debug.thread(threadId);
      await session.reset(mode);
    },
    [CUSTOM_REQUESTS.flashBanks]: async (): Promise<FlashBanksResponseBody> => ({ banks: await context.session().flashBanks() }),
    [CUSTOM_REQUESTS.program]: async (args): Promise<ProgramResponseBody> => {
      const check = argumentReader(CUSTOM_REQUESTS.program, args);
      const session = context.session();
      const path = sessionPath(session, check.string('path'), 'an image file');
      const address = check.optionalInteger('address');
      const verify = check.optionalBoolean('verify');
      const progress = context.startProgress(`Programming ${path}`);
      try {
        const result = await session.programImage(path, { address, verify }, (percent, message) => progress.update(percent, message));
        progress.end(`Programmed ${result.bytes} bytes${result.verified ? ', verified' : ''}`);
        return result;
      } catch (error) {
        progress.end('Programming failed');
        throw error;
      }
    },
    [CUSTOM_REQUESTS.erase]: async (args) => {
      const check = argumentReader(CUSTOM_REQUESTS.erase, args);
      const bank = check.integer('bank');
      const firstSector = check.optionalInteger('firstSector');
      const lastSector = check.optionalInteger('lastSector');
      await context.session().erase(bank, firstSector, lastSector);
    },
    [CUSTOM_REQUESTS.verify]: async (args): Promise<VerifyResponseBody> => {
      const check = argumentReader(CUSTOM_REQUESTS.verify, args);
      const session = context.session();
      const path = sessionPath(session, check.string('path'), 'an image file');
      const comparison = await session.verifyImage(path, check.optionalInteger('address'));
      return comparison.matches ? { matches: true } : { matches: false, firstMismatch: comparison.firstMismatch };
    },
    [CUSTOM_REQUESTS.command]: async (args): Promise<CommandResponseBody> => {
      const check = argumentReader(CUSTOM_REQUESTS.command, args);
      const command = check.string('command');
      const threadId = check.optionalInteger('threadId');
      return { output: await context.session().command(command, threadId) };
    },
    [CUSTOM_REQUESTS.svdLoad]: async (args): Promise<SvdLoadResponseBody> => {
      const check = argumentReader(CUSTOM_REQUESTS.svdLoad, args);
      const session = context.session();
      return session.loadSvd(sessionPath(session, check.string('path'), 'an SVD file'));
    },
    [CUSTOM_REQUESTS.svdWatch]: async (args): Promise<SvdWatchResponseBody> => {
      const check = argumentReader(CUSTOM_REQUESTS.svdWatch, args);
      return context.session().svdWatch(check.strings('paths'), check.optionalInteger('threadId'));
    },
    [CUSTOM_REQUESTS.svdRead]: async (args): Promise<SvdReadResponseBody> => {
      const check = argumentReader(CUSTOM_REQUESTS.svdRead, args);
      const paths = check.strings('paths');
      const force = Array.isArray(args.force) ? check.strings('force') : (check.optionalBoolean('force') ?? false);
      return context.session().svdRead(paths, force, check.optionalInteger('threadId'));
    },
    [CUSTOM_REQUESTS.svdWrite]: async (args): Promise<SvdWriteResponseBody> => {
      const check = argumentReader(CUSTOM_REQUESTS.svdWrite, args);
      return context.session().svdWrite(check.string('path'), check.integer('value'), check.optionalInteger('threadId'));
    },
    [CUSTOM_REQUESTS.rttWrite]: async (args) => {
      const check = argumentReader(CUSTOM_REQUESTS.rttWrite, args);
      const channel = check.integer('channel');
      const data = check.string('data');
      const rtt = context.session().rtt;
      if (!rtt) throw new UserError(`${CUSTOM_REQUESTS.rttWrite}: RTT is off: set "rtt": {"enabled": true} in launch.json`);
      await rtt.write(channel, data);
    },
    [CUSTOM_REQUESTS.liveRead]: async (args): Promise<LiveReadResponseBody> => {
      const check = argumentReader(CUSTOM_REQUESTS.liveRead, args);
      const expressions = check.strings('expressions');
      const expand = args.expand === undefined ? [] : check.strings('expand');
      const hex = check.optionalBoolean('hex');
      const session = context.session();
      return session.liveWatch.read(check.optionalInteger('threadId') ?? session.debug.threads[0].id, expressions, { expand, hex });
    },
  };
}

/** A relative path is relative to the session's `cwd`, as launch.json paths are. */
function sessionPath(session: Session, path: string, what: string): string {
  if (path.trim() === '') throw new UserError(`"path" must name ${what}`);
  return isAbsolute(path) ? path : resolve(session.settings.cwd, path);
}

/** Reads a request's arguments with their types; an error names the request and the argument. */
function argumentReader(request: string, args: Args) {
  const fail = (name: string, expected: string): never => {
    throw new UserError(`${request}: "${name}" must be ${expected}; got ${JSON.stringify(args[name]) ?? 'nothing'}`);
  };
  const integer = (name: string): number => {
    const value = args[name];
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : fail(name, 'a whole number (0 or more)');
  };
  return {
    string: (name: string): string => (typeof args[name] === 'string' ? (args[name] as string) : fail(name, 'a string')),
    strings: (name: string): string[] => {
      const value = args[name];
      return Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : fail(name, 'a list of strings');
    },
    integer,
    optionalInteger: (name: string): number | undefined => (args[name] === undefined ? undefined : integer(name)),
    optionalBoolean: (name: string): boolean | undefined => {
      const value = args[name];
      return value === undefined || typeof value === 'boolean' ? value : fail(name, 'true or false');
    },
  };
}
