// Types of scripts/codeServer.mjs for the TypeScript host tests (the script itself stays plain
// JavaScript so that `node scripts/codeServer.mjs install` runs without a compiler).

/** The code-server release the host tests run (VS Code 1.139.1). */
export declare const codeServerVersion: string;
/** The Node 24 release code-server runs under. */
export declare const nodeVersion: string;
/** User settings every started window gets (callers' settings override them). */
export declare const cleanWindowSettings: Readonly<Record<string, unknown>>;

/** Writes `<userDataDir>/User/settings.json`: `cleanWindowSettings` with `settings` over them. */
export declare function writeUserSettings(userDataDir: string, settings?: Readonly<Record<string, unknown>>): void;

/** The per-version install folder (outside the repo and node_modules). */
export declare function codeServerInstallDir(): string;

/**
 * The environment of the nested `npm install`s: `outer` without any `npm_*` variable (an outer
 * npm's user agent names Node 20, which code-server's postinstall rejects), Node 24 first on PATH,
 * and `npm_config_nodedir` at its headers.
 */
export declare function installEnv(outer: NodeJS.ProcessEnv, nodeHome: string): NodeJS.ProcessEnv;

/** Installs code-server and Node 24 when missing or incomplete; serialised across processes. */
export declare function ensureCodeServer(): Promise<{ nodePath: string; entryPath: string; dir: string }>;

export interface StartCodeServerOptions {
  /** Folder opened in the window. */
  workspace: string;
  /**
   * Packed extensions (.vsix) installed into the fresh extensions folder with
   * `--install-extension` before the start, as a user installs them (toasts show).
   */
  vsix?: string[];
  /** Absolute path of an extension folder to load from source (turns the smoke-test driver on, which hides toasts). */
  extensionDevelopmentPath?: string;
  /** Absolute path of a CommonJS file exporting `run()`, run in the extension host. */
  extensionTestsPath?: string;
  /** User settings merged over `cleanWindowSettings`. */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and so for the extension host. */
  env?: Record<string, string>;
}

export interface CodeServer {
  /** Page URL that opens the workspace (and the development extension / tests). */
  url: string;
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  port: number;
  /** Process group of code-server and everything it starts (the watchdog shell leads it). */
  pgid: number;
  /** Fresh user-data dir of this run (logs are under `logs/`). */
  userDataDir: string;
  /** Fresh extensions dir of this run (where `vsix` were installed). */
  extensionsDir: string;
  /** code-server's console output so far (last 200 kB). */
  output(): string;
  /** Kills the whole process group, waits until it is gone and removes the run's folders. */
  stop(): Promise<void>;
}

/** True while a process of group `pgid` is alive (zombies do not count). Linux /proc only. */
export declare function processGroupAlive(pgid: number): boolean;

/** Starts code-server on a free loopback port; resolves once it answers HTTP. */
export declare function startCodeServer(options: StartCodeServerOptions): Promise<CodeServer>;
