import { describe, expect, it } from 'vitest';
import { CsvRowCounter } from './csv-row-counter';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('CsvRowCounter', () => {
  it('counts data rows after the header, across chunks split anywhere', () => {
    const text = '\uFEFFdate;agent;notes\r\n2026-01-01;Ana;"line one\r\nline two"\r\n2026-01-02;Bruno;"he said ""no"""\r\n';
    for (let cut = 0; cut < text.length; cut++) {
      const counter = new CsvRowCounter();
      const all = bytes(text);
      const at = bytes(text.slice(0, cut)).length;
      counter.push(all.slice(0, at));
      counter.push(all.slice(at));
      expect(counter.rows).toBe(2);
    }
  });

  it('counts nothing until the header ends', () => {
    const counter = new CsvRowCounter();
    counter.push(bytes('a,b'));
    expect(counter.rows).toBe(0);
    counter.push(bytes('\n1,2\n'));
    expect(counter.rows).toBe(1);
  });
});
