// VS Code entry point: activation and disposal. It wires the other layers to VS Code and holds
// no debugger logic of its own.
import * as vscode from 'vscode';
import { OpenocdAdapterDescriptorFactory } from './adapterDescriptorFactory';
import { registerCortexDebugImport } from './cortexDebug/importCommand';
import { OpenocdConfigurationProvider } from './debugConfigurationProvider';
import { openocdDebugType } from './launchConfiguration';
import { OpenocdLogTrackerFactory } from './openocdLogTracker';
import { registerOpenocdViews, type OpenocdViews } from './openocdViews';
import { RttTerminalTrackerFactory } from './rtt/rttTerminals';

/** What activate() returns (`vscode.extensions.getExtension(...).exports`): for tests and other extensions. */
export interface OpenocdDebugApi {
  readonly configurationProvider: OpenocdConfigurationProvider;
  readonly adapterDescriptorFactory: OpenocdAdapterDescriptorFactory;
  readonly views: OpenocdViews;
}

/** Called by VS Code on the `openocd` debug type or one of our commands. */
export function activate(context: vscode.ExtensionContext): OpenocdDebugApi {
  const log = vscode.window.createOutputChannel('OpenOCD', { log: true });
  const configurationProvider = new OpenocdConfigurationProvider();
  const adapterDescriptorFactory = new OpenocdAdapterDescriptorFactory(context.asAbsolutePath('dist/adapter.js'));
  const { Initial, Dynamic } = vscode.DebugConfigurationProviderTriggerKind;
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand('openocd-debug.showLog', () => log.show(true)),
    vscode.debug.registerDebugConfigurationProvider(openocdDebugType, configurationProvider, Initial),
    vscode.debug.registerDebugConfigurationProvider(openocdDebugType, { provideDebugConfigurations: (folder) => configurationProvider.provideDebugConfigurations(folder) }, Dynamic),
    vscode.debug.registerDebugAdapterDescriptorFactory(openocdDebugType, adapterDescriptorFactory),
    vscode.debug.registerDebugAdapterTrackerFactory(openocdDebugType, new OpenocdLogTrackerFactory(log)),
  );
  const rttTerminals = new RttTerminalTrackerFactory();
  context.subscriptions.push(rttTerminals, vscode.debug.registerDebugAdapterTrackerFactory(openocdDebugType, rttTerminals));
  const views = registerOpenocdViews(context, log);
  registerCortexDebugImport(context);
  return { configurationProvider, adapterDescriptorFactory, views };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
