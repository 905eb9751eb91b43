// The import-boundary rule is part of the architecture: prove it refuses what design.md forbids and allows
// what it permits.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryErrors(filePath: string, code: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').length;
}

describe('import boundaries', () => {
  it.each([
    ['src/shared/domain/x.ts', "import { a } from '../../main/handlers';"],
    ['src/shared/x.ts', "import { a } from '../renderer/app';"],
    ['src/shared/x.ts', "import { readFileSync } from 'node:fs';"],
    ['src/shared/x.ts', "import { app } from 'electron';"],
    ['src/shared/x.ts', "import React from 'react';"],
    ['src/renderer/features/queue/x.tsx', "import { a } from '../../../main/handlers';"],
    ['src/renderer/x.ts', "import { a } from '../server/routes';"],
    ['src/renderer/x.ts', "import { ipcRenderer } from 'electron';"],
    ['src/main/services/x.ts', "import { safeStorage } from 'electron';"],
    ['src/main/handlers.ts', "import { shell } from 'electron';"],
    ['src/main/x.ts', "import { a } from '../renderer/app';"],
    ['src/preload/x.ts', "import { a } from '../main/handlers';"],
    ['src/web-host/x.ts', "import { app } from 'electron';"],
    ['src/server/routes/x.ts', "import { Store } from '../../main/services/store/repositories';"],
    ['src/server/x.ts', "import { app } from 'electron';"],
  ])('refuses %s: %s', async (file, code) => {
    expect(await boundaryErrors(file, code)).toBe(1);
  });

  it.each([
    ['src/shared/domain/x.ts', "import { a } from '../model';"],
    ['src/shared/x.ts', "import { z } from 'zod';"],
    ['src/renderer/x.ts', "import { a } from '../shared/contract';"],
    ['src/renderer/features/queue/x.tsx', "import { a } from '../../store/queue-slice';"],
    ['src/main/index.ts', "import { app } from 'electron';"],
    ['src/main/services/x.ts', "import { a } from '../../shared/contract';"],
    ['src/web-host/x.ts', "import { a } from '../main/handlers';"],
    ['src/preload/index.ts', "import { contextBridge } from 'electron';"],
    ['src/server/x.ts', "import { Account } from '../shared/model';"],
  ])('allows %s: %s', async (file, code) => {
    expect(await boundaryErrors(file, code)).toBe(0);
  });
});
