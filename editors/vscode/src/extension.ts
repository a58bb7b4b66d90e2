// The VS Code client of cable-ls: starts the server for cable files, mirrors
// the settings, shows the index status, and adds the commands the server's
// protocol extensions make possible.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  Location as LspLocation,
  Position as LspPosition,
  RevealOutputChannelOn,
  ServerOptions,
  State,
} from 'vscode-languageclient/node';

const LANGUAGE = 'cable';
const SECTION = 'cableLs';
const PROGRESS_TOKEN = 'cable-ls/indexing';

/** `cableLs/status`: what the server's index holds. */
export interface Status {
  state: 'indexing' | 'ready';
  files: number;
  cables: number;
  people: number;
  mentions: number;
}

/** One item of `cableLs/people`. */
export interface Person {
  name: string;
  titles: string[];
  mentions: number;
  cables: number;
  location: LspLocation | null;
}

/**
 * Does this text start like a cable? The same shapes as the language's
 * `firstLine` pattern, but looking past leading blank lines and at the first
 * few lines: a transmission id, a classification banner, a precedence and
 * date-time group, or a TAGS/SUBJECT caption.
 */
export function looksLikeCable(text: string): boolean {
  const lines = text.split(/\r\n|\r|\n/, 80).filter((l) => l.trim() !== '').slice(0, 8);
  return lines.some((l) => CABLE_LINE.test(l));
}

const CABLE_LINE = new RegExp(
  [
    '^\\s*VZCZC[A-Z0-9]{3}',
    '^\\s*(?:C O N F I D E N T I A L|S E C R E T|T O P +S E C R E T|U N C L A S S I F I E D)\\b',
    '^\\s*(?:UNCLAS|UNCLASSIFIED|CONFIDENTIAL|SECRET|TOP SECRET)(?:\\s|//|$)',
    '^\\s*[ZOPR](?: [ZOPR])? \\d{6}Z [A-Z]{3} \\d{2}\\b',
    '^\\s*(?:TAGS|SUBJECT):',
  ].join('|'),
);

/** Expands `~` and `${workspaceFolder}` in a configured path. */
function expandPath(p: string): string {
  let out = p.trim();
  if (out === '~' || out.startsWith('~/')) {
    out = path.join(os.homedir(), out.slice(1));
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  out = out.replace(/\$\{workspaceFolder\}/g, folder);
  return out;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  const exts = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE').split(';') : [''];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

type Resolved = { path: string; source: 'setting' | 'bundled' | 'PATH' } | { error: string };

/** The server binary: the setting, else the bundled binary, else PATH. */
export function resolveServer(context: vscode.ExtensionContext): Resolved {
  const configured = vscode.workspace.getConfiguration(SECTION).get<string>('server.path', '');
  if (configured && configured.trim() !== '') {
    const p = expandPath(configured);
    if (isExecutable(p)) return { path: p, source: 'setting' };
    return {
      error: `cable-ls: the server binary set in "cableLs.server.path" (${p}) does not exist or is not executable.`,
    };
  }
  const exe = process.platform === 'win32' ? 'cable-ls.exe' : 'cable-ls';
  const bundled = context.asAbsolutePath(path.join('server', exe));
  if (isExecutable(bundled)) return { path: bundled, source: 'bundled' };
  const found = onPath('cable-ls');
  if (found) return { path: found, source: 'PATH' };
  return {
    error:
      'cable-ls: no server binary found. Set "cableLs.server.path", install one with ' +
      '`cargo install --path .` in the cable-ls repository, or put `cable-ls` on PATH.',
  };
}

/**
 * The settings sent to the server: only those the user set (so that
 * `.cable-ls.toml` keeps the keys the editor does not override), without the
 * client-only keys (the server rejects unknown keys).
 */
export function serverSettings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const explicit = <T>(key: string): T | undefined => {
    const i = config.inspect<T>(key);
    if (!i) return undefined;
    return (i.workspaceFolderValue ?? i.workspaceValue ?? i.globalValue) as T | undefined;
  };
  const out: Record<string, unknown> = {};
  const include = explicit<string[]>('include');
  if (include !== undefined) out.include = include;
  const exclude = explicit<string[]>('exclude');
  if (exclude !== undefined) out.exclude = exclude;
  const maxFileBytes = explicit<number>('maxFileBytes');
  if (maxFileBytes !== undefined) out.maxFileBytes = maxFileBytes;
  const diagnostics: Record<string, unknown> = {};
  const enable = explicit<boolean>('diagnostics.enable');
  if (enable !== undefined) diagnostics.enable = enable;
  const disabled = explicit<string[]>('diagnostics.disabled');
  if (disabled !== undefined) diagnostics.disabled = disabled;
  const workspace = explicit<boolean>('diagnostics.workspace');
  if (workspace !== undefined) diagnostics.workspace = workspace;
  if (Object.keys(diagnostics).length > 0) out.diagnostics = diagnostics;
  const people: Record<string, unknown> = {};
  const aliases = explicit<string[][]>('people.aliases');
  if (aliases !== undefined) people.aliases = aliases;
  const distinct = explicit<string[][]>('people.distinct');
  if (distinct !== undefined) people.distinct = distinct;
  if (Object.keys(people).length > 0) out.people = people;
  return out;
}

class StatusItem {
  private readonly item: vscode.StatusBarItem;
  private status: Status | undefined;
  private percent: number | undefined;

  constructor() {
    this.item = vscode.window.createStatusBarItem('cableLs.status', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'Cable LS';
    this.item.command = 'cableLs.showPeople';
  }

  starting(): void {
    this.status = undefined;
    this.percent = undefined;
    this.item.text = '$(sync~spin) cable-ls';
    this.item.tooltip = 'cable-ls: starting';
    this.item.backgroundColor = undefined;
    this.item.show();
  }

  failed(message: string): void {
    this.item.text = '$(error) cable-ls';
    this.item.tooltip = message;
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    this.item.command = 'cableLs.showOutput';
    this.item.show();
  }

  update(status: Status): void {
    this.status = status;
    if (status.state === 'ready') this.percent = undefined;
    this.render();
  }

  progress(percent: number | undefined): void {
    this.percent = percent;
    this.render();
  }

  private render(): void {
    const s = this.status;
    this.item.backgroundColor = undefined;
    this.item.command = 'cableLs.showPeople';
    if (!s) return;
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    const people = `${s.people} ${s.people === 1 ? 'person' : 'people'}`;
    if (s.state === 'indexing') {
      const pct = this.percent !== undefined ? ` ${this.percent}%` : '';
      this.item.text = `$(sync~spin) Indexing cables${pct}`;
    } else {
      this.item.text = `$(book) ${plural(s.cables, 'cable')} · ${people}`;
    }
    this.item.tooltip = new vscode.MarkdownString(
      `**cable-ls** ${s.state === 'indexing' ? 'indexing' : 'ready'}\n\n` +
        `${plural(s.files, 'file')}, ${plural(s.cables, 'cable')}, ${people}, ` +
        `${plural(s.mentions, 'mention')}\n\nClick to list the people of the workspace.`,
    );
    this.item.show();
  }

  hide(): void {
    this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}

let client: LanguageClient | undefined;
let statusItem: StatusItem;
let output: vscode.OutputChannel;
let traceOutput: vscode.OutputChannel;
let starting: Promise<void> | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('Cable LS');
  traceOutput = vscode.window.createOutputChannel('Cable LS Trace');
  statusItem = new StatusItem();
  context.subscriptions.push(output, traceOutput, statusItem);

  context.subscriptions.push(
    vscode.commands.registerCommand('cableLs.restartServer', () => restart(context)),
    vscode.commands.registerCommand('cableLs.showPeople', () => showPeople()),
    vscode.commands.registerCommand('cableLs.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('cableLs.switchToCableMode', async () => {
      const doc = vscode.window.activeTextEditor?.document;
      if (!doc) {
        void vscode.window.showInformationMessage('cable-ls: no file is open.');
        return;
      }
      await vscode.languages.setTextDocumentLanguage(doc, LANGUAGE);
    }),
    // The server's code lenses carry this command (as rust-analyzer's do):
    // arguments are the document, the position and the places to list.
    vscode.commands.registerCommand(
      'cable-ls.showReferences',
      async (uri: string, position: LspPosition, locations: LspLocation[]) => {
        const c = client;
        if (!c) return;
        await vscode.commands.executeCommand(
          'editor.action.showReferences',
          vscode.Uri.parse(uri),
          c.protocol2CodeConverter.asPosition(position),
          (locations ?? []).map((l) => c.protocol2CodeConverter.asLocation(l)),
        );
      },
    ),
  );

  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument((doc) => {
      void detect(doc);
      if (doc.languageId === LANGUAGE) void ensureStarted(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      if (e.affectsConfiguration(`${SECTION}.server.path`)) {
        await restart(context);
      } else if (client && client.state === State.Running) {
        await client.sendNotification(DidChangeConfigurationNotification.type, {
          settings: serverSettings(),
        });
      }
    }),
  );

  for (const doc of vscode.workspace.textDocuments) await detect(doc);
  if (vscode.workspace.textDocuments.some((d) => d.languageId === LANGUAGE) || (await isCableWorkspace())) {
    await ensureStarted(context);
  }
}

/**
 * A folder of cables (one with `.cable-ls.toml` or `*.cable` files): the
 * server starts at once, so the index and the people are there before a
 * cable is opened.
 */
async function isCableWorkspace(): Promise<boolean> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.some((f) => f.uri.scheme === 'file' && fs.existsSync(path.join(f.uri.fsPath, '.cable-ls.toml')))) {
    return true;
  }
  if (folders.length === 0) return false;
  const found = await vscode.workspace.findFiles('**/*.cable', '{**/node_modules/**,**/target/**,**/.git/**}', 1);
  return found.length > 0;
}

/** Plain-text files that start like a cable switch to cable mode. */
async function detect(doc: vscode.TextDocument): Promise<void> {
  if (doc.languageId !== 'plaintext') return;
  if (!vscode.workspace.getConfiguration(SECTION).get<boolean>('detectByContent', true)) return;
  const head = doc.getText(new vscode.Range(0, 0, Math.min(doc.lineCount, 80), 0));
  if (looksLikeCable(head)) {
    await vscode.languages.setTextDocumentLanguage(doc, LANGUAGE);
  }
}

function ensureStarted(context: vscode.ExtensionContext): Promise<void> {
  if (client) return Promise.resolve();
  if (!starting) {
    starting = start(context).finally(() => {
      starting = undefined;
    });
  }
  return starting;
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const resolved = resolveServer(context);
  if ('error' in resolved) {
    output.appendLine(resolved.error);
    statusItem.failed(resolved.error);
    const choice = await vscode.window.showErrorMessage(resolved.error, 'Open Settings');
    if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'cableLs.server.path');
    }
    return;
  }
  output.appendLine(`cable-ls: starting ${resolved.path} (${resolved.source})`);
  statusItem.starting();

  const serverOptions: ServerOptions = {
    run: { command: resolved.path, args: ['serve'] },
    debug: { command: resolved.path, args: ['serve'], options: { env: { ...process.env, CABLE_LS_LOG: 'info' } } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: LANGUAGE },
      { scheme: 'untitled', language: LANGUAGE },
    ],
    initializationOptions: serverSettings(),
    outputChannel: output,
    traceOutputChannel: traceOutput,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
  };
  const c = new LanguageClient('cableLs', 'Cable LS', serverOptions, clientOptions);

  // The client shows `$/progress` in the window; the status item follows
  // the indexing percentage too.
  const onProgress = c.onProgress.bind(c);
  (c as { onProgress: typeof c.onProgress }).onProgress = ((type: unknown, token: unknown, handler: (v: unknown) => void) =>
    onProgress(type as never, token as never, (value: unknown) => {
      if (token === PROGRESS_TOKEN) progressChanged(value);
      handler(value);
    })) as typeof c.onProgress;

  c.onNotification('cableLs/status', (status: Status) => statusItem.update(status));
  c.onDidChangeState((e) => {
    if (e.newState === State.Stopped) statusItem.failed('cable-ls: the server stopped. Run "Cable: Restart server".');
  });
  client = c;
  try {
    await c.start();
  } catch (e) {
    const message = `cable-ls: the server did not start: ${e instanceof Error ? e.message : String(e)}`;
    output.appendLine(message);
    statusItem.failed(message);
    void vscode.window.showErrorMessage(message);
    return;
  }
  try {
    statusItem.update(await c.sendRequest<Status>('cableLs/status'));
  } catch {
    // An older server without the request: the notification will come.
  }
}

function progressChanged(value: unknown): void {
  const v = value as { kind?: string; percentage?: number };
  if (v.kind === 'begin' || v.kind === 'report') {
    statusItem.progress(v.percentage);
  } else if (v.kind === 'end') {
    statusItem.progress(undefined);
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  const old = client;
  client = undefined;
  if (old) {
    try {
      await old.stop(5000);
    } catch (e) {
      output.appendLine(`cable-ls: stopping the server: ${String(e)}`);
    }
  }
  await ensureStarted(context);
}

async function showPeople(): Promise<void> {
  const c = client;
  if (!c || c.state !== State.Running) {
    void vscode.window.showWarningMessage('cable-ls: the server is not running.');
    return;
  }
  const people = await c.sendRequest<Person[]>('cableLs/people', {});
  if (people.length === 0) {
    void vscode.window.showInformationMessage('cable-ls: no people found in the workspace cables.');
    return;
  }
  type Item = vscode.QuickPickItem & { person: Person };
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const items: Item[] = people.map((p) => ({
    label: p.name,
    description: p.titles.join('; '),
    detail: `${plural(p.mentions, 'mention')} in ${plural(p.cables, 'cable')}`,
    person: p,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: `People in the workspace (${people.length})`,
    placeHolder: 'Type to filter; Enter opens the fullest mention',
    matchOnDescription: true,
  });
  const location = picked?.person.location;
  if (!location) return;
  const loc = c.protocol2CodeConverter.asLocation(location);
  await vscode.window.showTextDocument(loc.uri, { selection: loc.range });
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop();
}
