/**
 * The Dialpad stand-in's HTTP server: serves the single-page app for `/app` and every `/app/...`
 * path (so history-API deep links survive a reload), its script and stylesheet, and 404 for
 * anything else. The client is TypeScript bundled once per process with esbuild (already installed
 * as a dependency of tsx and vite).
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import { validateSeed } from './seed';
import { LANGS, MARKUPS, type Lang, type Markup, type NormalizedSeed, type StandinConfig, type StandinSeed } from './types';

export type { StandinSeed } from './types';

const STANDIN_DIR = import.meta.dirname;
export const DEFAULT_SEED_PATH = path.join(STANDIN_DIR, 'seed/default.json');
const SCRIPT_PATH = '/standin-assets/app.js';
const STYLE_PATH = '/standin-assets/app.css';

export interface StartStandinOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** A seed object, or the path of a seed JSON file; the default seed otherwise. */
  seed?: StandinSeed | string;
  /** Dialtone generation to render: '2024' (the default, today's) or '2023'. */
  markup?: Markup;
  /** Dialpad's UI language: 'ja' (the default: what our first users run) or 'en'. */
  lang?: Lang;
}

export interface RunningStandin {
  /** `http://127.0.0.1:<port>/app` */
  url: string;
  origin: string;
  port: number;
  seed: NormalizedSeed;
  config: StandinConfig;
  close(): Promise<void>;
}

/** Reads and validates a seed file; errors name the file and every problem in it. */
export async function loadSeedFile(file: string): Promise<NormalizedSeed> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read seed file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`Seed file ${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return validateSeed(json, `seed file ${file}`);
}

let clientBundle: Promise<{ script: string; style: string }> | undefined;

function bundleClient(): Promise<{ script: string; style: string }> {
  clientBundle ??= (async () => {
    const result = await build({
      entryPoints: [path.join(STANDIN_DIR, 'client/main.ts')],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      charset: 'utf8',
      sourcemap: 'inline',
      logLevel: 'silent',
    });
    const script = result.outputFiles[0]?.text;
    if (script === undefined) throw new Error('esbuild produced no client bundle');
    const style = await readFile(path.join(STANDIN_DIR, 'client/styles.css'), 'utf8');
    return { script, style };
  })();
  clientBundle.catch(() => (clientBundle = undefined));
  return clientBundle;
}

/** JSON safe to place inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function appHtml(seed: NormalizedSeed, config: StandinConfig): string {
  return `<!doctype html>
<html lang="${config.lang}" data-dt-theme="${seed.theme}" class="d-theme d-theme--${seed.theme}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Dialpad</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${STYLE_PATH}">
<script type="application/json" id="standin-seed">${scriptJson(seed)}</script>
<script type="application/json" id="standin-config">${scriptJson(config)}</script>
<script type="module" src="${SCRIPT_PATH}"></script>
</head>
<body class="dialtone-theme-${seed.theme}">
<div id="app" class="dp-app" data-qa="app-root"></div>
</body>
</html>
`;
}

function isAppPath(pathname: string): boolean {
  return pathname === '/app' || pathname.startsWith('/app/');
}

/** The page's generation and language from options, else the environment (`SFSD_DIALPAD_MARKUP`, `SFSD_DIALPAD_LANG`), else 2024 / ja. */
export function standinConfig(options: Pick<StartStandinOptions, 'markup' | 'lang'> = {}, env: Record<string, string | undefined> = process.env): StandinConfig {
  const markup = options.markup ?? (env.SFSD_DIALPAD_MARKUP || '2024');
  const lang = options.lang ?? (env.SFSD_DIALPAD_LANG || 'ja');
  if (!MARKUPS.includes(markup as Markup)) throw new Error(`markup must be ${MARKUPS.join(' or ')}, not ${markup}`);
  if (!LANGS.includes(lang as Lang)) throw new Error(`lang must be ${LANGS.join(' or ')}, not ${lang}`);
  return { markup: markup as Markup, lang: lang as Lang };
}

export async function startStandin(options: StartStandinOptions = {}): Promise<RunningStandin> {
  const config = standinConfig(options);
  const seed =
    typeof options.seed === 'string'
      ? await loadSeedFile(options.seed)
      : options.seed
        ? validateSeed(options.seed)
        : await loadSeedFile(DEFAULT_SEED_PATH);
  const assets = await bundleClient();
  const html = appHtml(seed, config);

  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const send = (status: number, type: string, body: string, extra: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...extra });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(405, 'text/plain; charset=utf-8', 'Method not allowed\n', { Allow: 'GET, HEAD' });
    } else if (isAppPath(pathname)) {
      send(200, 'text/html; charset=utf-8', html);
    } else if (pathname === SCRIPT_PATH) {
      send(200, 'text/javascript; charset=utf-8', assets.script);
    } else if (pathname === STYLE_PATH) {
      send(200, 'text/css; charset=utf-8', assets.style);
    } else {
      send(404, 'text/plain; charset=utf-8', 'Not found\n');
    }
  });
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url: `${origin}/app`,
    origin,
    port,
    seed,
    config,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Browsers keep idle keep-alive sockets open; end them so close() does not hang.
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
