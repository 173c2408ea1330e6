import { mkdtemp, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin } from '../../standin/server';

type Standin = Awaited<ReturnType<typeof startStandin>>;

describe('the stand-in server', () => {
  let standin: Standin;
  beforeAll(async () => {
    standin = await startStandin({ port: 0 });
  }, 30_000);
  afterAll(async () => {
    await standin?.close();
  });

  it('listens on 127.0.0.1 on a free port and answers with its /app URL', () => {
    expect(standin.port).toBeGreaterThan(0);
    expect(standin.origin).toBe(`http://127.0.0.1:${standin.port}`);
    expect(standin.url).toBe(`${standin.origin}/app`);
  });

  it('serves the app shell for /app and every deep link under it, with the seed inlined', async () => {
    for (const p of ['/app', '/app/', '/app/contacts/5629499534213120', '/app/history/all?x=1', '/app/whatever/deep']) {
      const response = await fetch(standin.origin + p);
      expect(response.status, p).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const body = await response.text();
      expect(body).toContain('<div id="app"');
      expect(body).toContain('"Ben Carter"');
    }
  });

  it('serves its script and stylesheet', async () => {
    const script = await fetch(`${standin.origin}/standin-assets/app.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toContain('dialpadStandin');
    const style = await fetch(`${standin.origin}/standin-assets/app.css`);
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await style.text()).toContain('data-dt-theme');
  });

  it('answers 404 for anything else and 405 for writes', async () => {
    for (const p of ['/', '/apps', '/application', '/favicon.ico', '/standin-assets/other.js', '/callhistory/callreview/1']) {
      expect((await fetch(standin.origin + p)).status, p).toBe(404);
    }
    const post = await fetch(standin.url, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
  });

  it('escapes the inlined seed so a name cannot close the script element', async () => {
    const other = await startStandin({
      port: 0,
      seed: {
        user: { id: '1', name: 'U', email: 'u@example.test', number: '+14155550110' },
        company: { id: '2', name: 'C' },
        contacts: [{ id: '3', name: '</script><script>alert(1)</script>', phones: [] }],
        coworkers: [],
        history: [],
      },
    });
    try {
      const body = await (await fetch(other.url)).text();
      expect(body).not.toContain('</script><script>alert(1)');
      expect(body).toContain('\\u003c/script>');
    } finally {
      await other.close();
    }
  });
});

describe('starting and stopping', () => {
  it('loads a seed file given by path, and refuses an invalid one with the file name', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'standin-seed-'));
    const good = path.join(dir, 'good.json');
    await writeFile(
      good,
      JSON.stringify({
        user: { id: '1', name: 'Uma', email: 'uma@example.test', number: '+1 415 555 0110' },
        company: { id: '2', name: 'Tiny Co' },
        contacts: [{ id: '3', name: 'Zed', phones: [{ number: '+1 415 555 0177', label: 'work' }] }],
      }),
    );
    const standin = await startStandin({ port: 0, seed: good });
    expect(standin.seed.contacts[0]?.phones[0]?.number).toBe('+14155550177');
    expect(await (await fetch(standin.url)).text()).toContain('Tiny Co');
    await standin.close();

    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ user: {}, company: { id: '2', name: 'X' }, contacts: [] }));
    await expect(startStandin({ port: 0, seed: bad })).rejects.toThrow(`Invalid seed file ${bad}:`);
  });

  it('frees its port on close, even with a keep-alive connection open, and close() can be called twice', async () => {
    const standin = await startStandin({ port: 0 });
    const agent = await fetch(standin.url, { headers: { connection: 'keep-alive' } });
    await agent.text();
    await standin.close();
    await standin.close();
    const again = await startStandin({ port: standin.port });
    expect(again.port).toBe(standin.port);
    await again.close();
  });

  it('fails clearly when the port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    await expect(startStandin({ port })).rejects.toThrow(/EADDRINUSE/);
    await new Promise((resolve) => blocker.close(resolve));
  });
});
