/**
 * The page-wide engine: one worker shared by every cell on the page, created
 * on first use (so a page that is only read never downloads Python).
 */
import { pyodideIndexURL } from './assets.ts';
import { EngineClient } from './client.ts';

let engine: EngineClient | null = null;

export function getEngine(): EngineClient {
  engine ??= new EngineClient(
    () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'python-engine' }),
    pyodideIndexURL(import.meta.env.BASE_URL, location.href),
  );
  return engine;
}
