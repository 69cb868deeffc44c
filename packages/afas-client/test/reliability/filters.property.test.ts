/**
 * Property: filter values made of arbitrary strings (`,` `;` `%` `&` `#` `?` `=` `+` quotes, brackets,
 * whitespace, control characters, unicode incl. astral planes) survive the SDK's filter encoding
 * (simple or `filterjson`), URL encoding and a real socket, and the simulator returns exactly the rows
 * the value should match under AFAS's documented rules: text compares case-insensitively, and a
 * leading or trailing `%` is a wildcard marker.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AfasClient, type GetOptions } from '../../src/index.js';
import { DEMO_TOKEN_DATA, type RunningAfasSimulator, startAfasSimulator } from '../../src/testing/index.js';

let running: RunningAfasSimulator;
let afas: AfasClient;
beforeAll(async () => {
  running = await startAfasSimulator();
  afas = new AfasClient({ baseUrl: running.url, token: DEMO_TOKEN_DATA, retry: false, timeout: 5_000 });
});
afterAll(() => running.close());

const special = fc.constantFrom(
  ',',
  ';',
  '%',
  '&',
  '#',
  '?',
  '=',
  '+',
  '"',
  "'",
  '`',
  ' ',
  '\t',
  '/',
  '\\',
  '[',
  ']',
  '{',
  '}',
  '<',
  '>',
  'a',
  'B',
  'é',
  'É',
  'ß',
  'ø',
  '€',
  '中',
  '😀',
  '👍🏽',
  '\u00a0',
  '\u0000',
  '\n',
);
/** Strings heavy in characters that need escaping, and arbitrary unicode. */
const value = fc.oneof(
  fc.string({ unit: special, minLength: 1, maxLength: 12 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 10 }),
);

const collator = new Intl.Collator('nl', { sensitivity: 'accent' });

/** The rule for operator 1 (equal) as docs/testing.md states it. */
function matchesEqual(cell: string, filter: string): boolean {
  const leading = filter.startsWith('%');
  const trailing = filter.length > 1 && filter.endsWith('%');
  if (!leading && !trailing) return collator.compare(cell, filter) === 0;
  const core = filter.slice(leading ? 1 : 0, trailing ? -1 : undefined).toLowerCase();
  const subject = cell.toLowerCase();
  if (leading && trailing) return subject.includes(core);
  return leading ? subject.endsWith(core) : subject.startsWith(core);
}

const CONNECTOR = 'Reliability_Texts';

describe('filter values of arbitrary text', () => {
  it('come back matching exactly the rows they should (eq, ne, and OR of two values)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(value, { minLength: 2, maxLength: 8 }),
        fc.nat(),
        fc.nat(),
        async (texts, pick, other) => {
          const rows = texts.map((Name, Id) => ({ Id, Name }));
          running.simulator.addGetConnector(CONNECTOR, rows, {
            fields: [
              { id: 'Id', dataType: 'int' },
              { id: 'Name', dataType: 'string' },
            ],
          });
          const wanted = texts[pick % texts.length]!;
          const second = texts[other % texts.length]!;
          const ids = async (where: Pick<GetOptions, 'where'>) =>
            (await afas.get(CONNECTOR, { ...where, orderBy: ['Id'], take: 100 })).rows.map(
              (row) => row['Id'],
            );
          const expected = (test: (name: string) => boolean) =>
            rows.filter((row) => test(row.Name)).map((row) => row.Id);

          expect(await ids({ where: { field: 'Name', op: 'eq', value: wanted } })).toEqual(
            expected((name) => matchesEqual(name, wanted)),
          );
          expect(await ids({ where: { field: 'Name', op: 'ne', value: wanted } })).toEqual(
            expected((name) => !matchesEqual(name, wanted)),
          );
          expect(
            await ids({
              where: {
                or: [
                  { field: 'Name', op: 'eq', value: wanted },
                  { field: 'Name', op: 'eq', value: second },
                ],
              },
            }),
          ).toEqual(expected((name) => matchesEqual(name, wanted) || matchesEqual(name, second)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('are sent byte for byte (the simulator sees the exact value)', async () => {
    await fc.assert(
      fc.asyncProperty(value, fc.boolean(), async (text, json) => {
        running.simulator.addGetConnector(CONNECTOR, [{ Id: 1, Name: text }], {
          fields: [
            { id: 'Id', dataType: 'int' },
            { id: 'Name', dataType: 'string' },
          ],
        });
        // A value with a wildcard marker at an end means "like"; every other value must match itself.
        const exact = !text.startsWith('%') && !(text.length > 1 && text.endsWith('%'));
        const { rows } = await afas.get(CONNECTOR, {
          where: { field: 'Name', op: 'eq', value: text },
          filterEncoding: json ? 'json' : 'simple',
        });
        if (exact) expect(rows).toEqual([{ Id: 1, Name: text }]);
        else expect(rows).toHaveLength(1);
      }),
      { numRuns: 150 },
    );
  });
});
